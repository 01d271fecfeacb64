using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GatewayGen.Generator.Parsing;

/// <summary>Where a key or an array item starts and ends in the source text (0-based line and column).</summary>
internal readonly record struct SourceSpan(int Line, int Column, int Start, int Length);

/// <summary>
/// Positions of every object member (its key) and array item, recorded while the tree is built, so any
/// JSON pointer turns into a file location without reading the text again. Keyed by node identity.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<JsonNode, List<(string Key, SourceSpan Span)>> _members = new(ReferenceComparer.Instance);
    private readonly Dictionary<JsonNode, List<SourceSpan>> _items = new(ReferenceComparer.Instance);

    public SourceMap(string path) => Path = path;

    public string Path { get; }

    public JsonNode? Root { get; set; }

    public void AddMember(JsonObject owner, string key, SourceSpan span)
    {
        if (!_members.TryGetValue(owner, out var members))
        {
            members = new List<(string, SourceSpan)>();
            _members.Add(owner, members);
        }

        members.Add((key, span));
    }

    public void AddItem(JsonArray owner, SourceSpan span)
    {
        if (!_items.TryGetValue(owner, out var items))
        {
            items = new List<SourceSpan>();
            _items.Add(owner, items);
        }

        items.Add(span);
    }

    /// <summary>The location of a pointer's target, or of its deepest existing ancestor.</summary>
    public LocationInfo Locate(string pointer)
    {
        var best = LocationInfo.FileStart(Path);
        var node = Root;
        foreach (var segment in JsonPointer.Split(pointer))
        {
            if (node is JsonObject obj)
            {
                if (!TryFindMember(obj, segment, out var span))
                {
                    break;
                }

                best = ToLocation(span);
                node = obj[segment];
            }
            else if (node is JsonArray array && int.TryParse(segment, out var index) && index >= 0 && index < array.Count)
            {
                if (_items.TryGetValue(array, out var items) && index < items.Count)
                {
                    best = ToLocation(items[index]);
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

    private bool TryFindMember(JsonObject owner, string key, out SourceSpan span)
    {
        if (_members.TryGetValue(owner, out var members))
        {
            foreach (var member in members)
            {
                if (member.Key == key)
                {
                    span = member.Span;
                    return true;
                }
            }
        }

        span = default;
        return false;
    }

    private LocationInfo ToLocation(SourceSpan span) => new(
        Path,
        new TextSpan(span.Start, span.Length),
        new LinePositionSpan(new LinePosition(span.Line, span.Column), new LinePosition(span.Line, span.Column + span.Length)));

    // netstandard2.0 has no ReferenceEqualityComparer.
    private sealed class ReferenceComparer : IEqualityComparer<JsonNode>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(JsonNode obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
