using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using YamlDotNet.Core;
using GatewayGen.Yaml;
using YamlDotNet.Core.Events;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads YAML into a <see cref="JsonNode"/> tree for Microsoft.OpenApi, whose YAML reader (3.11) rejects valid
/// YAML 1.2 such as `pets:read` in a flow mapping. Plain scalars resolve by the YAML 1.2 core schema (YamlScalars);
/// anchors, aliases and merge keys (&lt;&lt;) are expanded, within a budget of copied nodes. A key repeated in a
/// mapping is reported (GG0031) and keeps its last value.
/// </summary>
internal sealed class YamlJsonConverter
{
    /// <summary>Deeper documents are rejected rather than risk the compiler's stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>The least number of nodes aliases and merge keys may copy, whatever the document's size.</summary>
    public const int MinAliasBudget = 100_000;

    private readonly IParser _parser;
    private readonly SourceMap _map;
    private readonly List<DiagnosticInfo> _problems;
    private readonly Dictionary<string, (JsonNode? Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private readonly long _aliasBudget;

    // Nodes produced so far (an alias counts every node it copies), and of them the ones copied from anchors.
    private long _produced;
    private long _copied;

    private YamlJsonConverter(string yaml, SourceMap map, List<DiagnosticInfo> problems)
    {
        _parser = new Parser(new StringReader(yaml));
        _map = map;
        _problems = problems;
        _aliasBudget = AliasBudget(yaml.Length);
    }

    /// <summary>
    /// How many nodes aliases may copy in a document of <paramref name="length"/> characters: about as many as the
    /// document holds itself (a node per 10 characters), and never fewer than <see cref="MinAliasBudget"/>.
    /// </summary>
    public static long AliasBudget(int length) => Math.Max(MinAliasBudget, length / 10);

    /// <param name="problems">Receives what does not stop reading (duplicate keys).</param>
    public static JsonNode? Convert(string yaml, SourceMap map, List<DiagnosticInfo> problems) =>
        new YamlJsonConverter(yaml, map, problems).ReadDocument(yaml);

    private JsonNode? ReadDocument(string yaml)
    {
        try
        {
            _parser.Consume<StreamStart>();
            if (_parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            _parser.Consume<DocumentStart>();
            return ReadNode(depth: 0);
        }
        catch (YamlException exception) when (IsUnplaced(exception))
        {
            // Some scanner errors carry no position (a tab used as indentation); place them where reading stopped.
            var mark = WhereReadingStopped(yaml, exception);
            throw new YamlException(mark, mark, exception.Message, exception);
        }
        catch (Exception exception) when (exception is not YamlException and not ReadLimitException and not OperationCanceledException)
        {
            // YamlDotNet's scanner throws plain exceptions on some malformed input; report them where reading stopped.
            var mark = _parser.Current?.End ?? Mark.Empty;
            throw new YamlException(mark, mark, "The YAML reader stopped: " + exception.Message, exception);
        }
    }

    private JsonNode? ReadNode(int depth)
    {
        var produced = _produced;
        if (depth > MaxDepth)
        {
            var current = _parser.Current!;
            throw new YamlException(current.Start, current.End, $"The document is nested more than {MaxDepth} levels deep.");
        }

        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value.Value}' refers to no anchor.");
            }

            // Counted before copying: an alias bomb stops at the alias that crosses the budget, not in an OutOfMemory.
            Copying(target.Size, alias.Start, alias.Value.Value);
            return target.Node?.DeepClone();
        }

        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            _produced++;
            var value = YamlScalars.Resolve(scalar);
            Remember(scalar.Anchor, value, produced);
            return value;
        }

        if (_parser.TryConsume<MappingStart>(out var mappingStart))
        {
            _produced++;
            var mapping = new JsonObject();
            var members = new List<(string, SourceSpan)>();
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = _parser.Current!;
                var key = ReadKey();
                var span = Span(keyStart.Start, keyStart.End);
                if (mapping.ContainsKey(key))
                {
                    Repeated(members, key, span);
                }

                members.Add((key, span));
                var before = _produced;
                var value = ReadNode(depth + 1);
                if (key == "<<")
                {
                    // Merging copies the members once more.
                    Copying(_produced - before, keyStart.Start, "<<");
                    YamlScalars.Merge(mapping, value);
                }
                else
                {
                    mapping[key] = value;
                }
            }

            _map.SetMembers(mapping, members);
            Remember(mappingStart.Anchor, mapping, produced);
            return mapping;
        }

        if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            _produced++;
            var sequence = new JsonArray();
            var items = new List<SourceSpan>();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                var itemStart = _parser.Current!.Start;
                items.Add(Span(itemStart, itemStart));
                sequence.Add(ReadNode(depth + 1));
            }

            _map.SetItems(sequence, items);
            Remember(sequenceStart.Anchor, sequence, produced);
            return sequence;
        }

        var unexpected = _parser.Current!;
        throw new YamlException(unexpected.Start, unexpected.End, $"Unexpected {unexpected.GetType().Name}.");
    }

    private void Copying(long nodes, Mark at, string alias)
    {
        _copied += nodes;
        _produced += nodes;
        if (_copied > _aliasBudget)
        {
            throw new ReadLimitException(DiagnosticDescriptors.AliasExpansionLimit, (int)at.Line - 1, (int)at.Column - 1, alias, _aliasBudget.ToString("N0", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// A key the mapping already has: an error at the second one (unless the first came from a merge key, which
    /// explicit keys override). Only the last key keeps a position, so what is said about the value points at it.
    /// </summary>
    private void Repeated(List<(string Key, SourceSpan Span)> members, string key, SourceSpan span)
    {
        var earlier = members.FindIndex(member => member.Key == key);
        if (earlier < 0)
        {
            return;
        }

        var line = (members[earlier].Span.Line + 1).ToString(CultureInfo.InvariantCulture);
        _problems.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateYamlKey, _map.ToLocation(span), key, line));
        members.RemoveAt(earlier);
    }

    private static SourceSpan Span(Mark start, Mark end) =>
        new((int)start.Line - 1, (int)start.Column - 1, (int)start.Index, end.Line == start.Line ? (int)(end.Index - start.Index) : 0);

    private string ReadKey()
    {
        if (_parser.TryConsume<Scalar>(out var key))
        {
            return key.Value;
        }

        var current = _parser.Current!;
        throw new YamlException(current.Start, current.End, "Mapping keys must be plain strings in an OpenAPI document.");
    }

    private void Remember(AnchorName anchor, JsonNode? node, long producedBefore)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, _produced - producedBefore);
        }
    }

    /// <summary>YamlDotNet's marks start at line 1, column 1; an error at index 0 with an empty span has none of its own.</summary>
    private static bool IsUnplaced(YamlException exception) =>
        exception.Start.Index == 0 && exception.End.Index == 0 && exception.Start.Line <= 1 && exception.Start.Column <= 1;

    /// <summary>
    /// Where an unplaced error belongs: for a tab, the first tab in a line's indentation after the last node read;
    /// otherwise the end of that node.
    /// </summary>
    private Mark WhereReadingStopped(string yaml, YamlException exception)
    {
        var last = _parser.Current?.End ?? Mark.Empty;
        if (exception.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && IndentationTab(yaml, (int)last.Index) is { } tab)
        {
            return tab;
        }

        return last;
    }

    private static Mark? IndentationTab(string yaml, int from)
    {
        var line = 1;
        var lineStart = 0;
        var inIndentation = true;
        for (var i = 0; i < yaml.Length; i++)
        {
            switch (yaml[i])
            {
                case '\n':
                    line++;
                    lineStart = i + 1;
                    inIndentation = true;
                    break;
                case '\t' when inIndentation && i >= from:
                    return new Mark(i, line, i - lineStart + 1);
                case ' ' or '\t':
                    break;
                default:
                    inIndentation = false;
                    break;
            }
        }

        return null;
    }
}
