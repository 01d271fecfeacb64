using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Where a key or an array item starts and ends in the source text (0-based line and column). File is null for
/// the map's own file, or names the referenced file a node was copied from.
/// </summary>
internal readonly record struct SourceSpan(int Line, int Column, int Start, int Length, string? File = null);

/// <summary>
/// Positions of every object member (its key) and array item, recorded while the tree is built, so any
/// JSON pointer turns into a file location without reading the text again. Keyed by node identity. Nodes
/// copied in from a referenced file keep their positions in that file (<see cref="Copy"/>).
/// </summary>
internal sealed class SourceMap
{
    // File: the file of spans that name none, for nodes copied from another file's map (their lists are shared).
    private readonly Dictionary<JsonNode, (List<(string Key, SourceSpan Span)> List, string? File)> _members = new(ReferenceComparer.Instance);
    private readonly Dictionary<JsonNode, (List<SourceSpan> List, string? File)> _items = new(ReferenceComparer.Instance);

    public SourceMap(string path) => Path = path;

    public string Path { get; }

    public JsonNode? Root { get; set; }

    public void AddMember(JsonObject owner, string key, SourceSpan span)
    {
        if (!_members.TryGetValue(owner, out var members))
        {
            members = (new List<(string, SourceSpan)>(), null);
            _members.Add(owner, members);
        }

        members.List.Add((key, span));
    }

    /// <summary>The positions of all of an object's keys at once: what the readers record, one lookup per object.</summary>
    public void SetMembers(JsonObject owner, List<(string Key, SourceSpan Span)> members) => _members[owner] = (members, null);

    /// <summary>The positions of all of an array's items at once.</summary>
    public void SetItems(JsonArray owner, List<SourceSpan> items) => _items[owner] = (items, null);

    /// <summary>
    /// A deep copy of <paramref name="node"/> (a node of <paramref name="source"/>'s tree) whose keys and items keep
    /// their positions in the source's file, so diagnostics about the copy point into that file.
    /// </summary>
    public JsonNode? Copy(JsonNode? node, SourceMap source)
    {
        switch (node)
        {
            case JsonObject obj:
                var objectCopy = new JsonObject();
                foreach (var member in obj)
                {
                    objectCopy.Add(member.Key, Copy(member.Value, source));
                }

                if (source._members.TryGetValue(obj, out var members))
                {
                    _members.Add(objectCopy, (members.List, members.File ?? source.Path));
                }

                return objectCopy;
            case JsonArray array:
                var arrayCopy = new JsonArray();
                foreach (var item in array)
                {
                    arrayCopy.Add(Copy(item, source));
                }

                if (source._items.TryGetValue(array, out var items))
                {
                    _items.Add(arrayCopy, (items.List, items.File ?? source.Path));
                }

                return arrayCopy;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Where the node at <paramref name="pointer"/> (or its deepest existing ancestor) is written.</summary>
    public SourceSpan? SpanOf(string pointer)
    {
        SourceSpan? best = null;
        var node = Root;
        foreach (var segment in JsonPointer.Split(pointer))
        {
            if (node is JsonObject obj)
            {
                if (!obj.TryGetPropertyValue(segment, out var child))
                {
                    break;
                }

                // A member added while bundling (components/schemas) has no position; its copied content does.
                if (TryFindMember(obj, segment, out var span))
                {
                    best = span;
                }

                node = child;
            }
            else if (node is JsonArray array && int.TryParse(segment, out var index) && index >= 0 && index < array.Count)
            {
                if (_items.TryGetValue(array, out var items) && index < items.List.Count)
                {
                    best = InFile(items.List[index], items.File);
                }

                node = array[index];
            }
            else
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// The location of a pointer's target, or of its deepest existing ancestor; for the document itself (or a member
    /// it lacks), its first key, where its content begins.
    /// </summary>
    public LocationInfo Locate(string pointer) =>
        SpanOf(pointer) is { } span ? ToLocation(span) :
        Root is JsonObject root && _members.TryGetValue(root, out var members) && members.List.Count > 0 ? ToLocation(InFile(members.List[0].Span, members.File)) :
        LocationInfo.FileStart(Path);

    /// <summary>The location of one member's key, or the file's start when it has none.</summary>
    public LocationInfo Locate(JsonObject owner, string key) =>
        TryFindMember(owner, key, out var span) ? ToLocation(span) : LocationInfo.FileStart(Path);

    /// <summary>A span with its file named: its own, else its list's (a copy), else this map's.</summary>
    private SourceSpan InFile(SourceSpan span, string? listFile) => span.File is null ? span with { File = listFile ?? Path } : span;

    private bool TryFindMember(JsonObject owner, string key, out SourceSpan span)
    {
        if (_members.TryGetValue(owner, out var members))
        {
            foreach (var member in members.List)
            {
                if (member.Key == key)
                {
                    span = InFile(member.Span, members.File);
                    return true;
                }
            }
        }

        span = default;
        return false;
    }

    /// <summary>A span of this map's file (or of the file it names) as a diagnostic's location.</summary>
    public LocationInfo ToLocation(SourceSpan span) => new(
        span.File ?? Path,
        new TextSpan(span.Start, span.Length),
        new LinePositionSpan(new LinePosition(span.Line, span.Column), new LinePosition(span.Line, span.Column + span.Length)));

    // netstandard2.0 has no ReferenceEqualityComparer.
    internal sealed class ReferenceComparer : IEqualityComparer<JsonNode>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(JsonNode obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
