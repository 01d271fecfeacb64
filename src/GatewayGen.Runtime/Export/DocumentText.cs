using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using GatewayGen.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GatewayGen.Runtime;

/// <summary>
/// Text to tree and back for export: JSON and YAML documents become a <see cref="JsonNode"/> tree, read by the rules
/// the generator reads them by (YAML 1.2 core schema for plain scalars, anchors, aliases and merge keys expanded),
/// and a tree becomes indented JSON or block YAML again. A document that built has no syntax errors or repeated keys.
/// </summary>
internal static class DocumentText
{
    /// <summary>Deeper documents are refused, as the generator refuses them.</summary>
    private const int MaxDepth = 256;

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The document's tree; <paramref name="path"/> decides between JSON and YAML.</summary>
    public static JsonNode? Read(string path, string text) => IsJson(path)
        ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 2 })
        : new YamlReader(text).Read();

    public static string WriteJson(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Block YAML by Microsoft.OpenApi's writer, which quotes every string that would read back as something else.</summary>
    public static string WriteYaml(JsonNode? node)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        new OpenApiYamlWriter(text).WriteAny(node);
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private sealed class YamlReader(string yaml)
    {
        private readonly IParser _parser = new Parser(new StringReader(yaml));
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

        public JsonNode? Read()
        {
            _parser.Consume<StreamStart>();
            if (_parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            _parser.Consume<DocumentStart>();
            return ReadNode(0);
        }

        private JsonNode? ReadNode(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new YamlException(_parser.Current!.Start, _parser.Current.End, $"The document is nested more than {MaxDepth} levels deep.");
            }

            if (_parser.TryConsume<AnchorAlias>(out var alias))
            {
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target?.DeepClone()
                    : throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value.Value}' refers to no anchor.");
            }

            if (_parser.TryConsume<Scalar>(out var scalar))
            {
                return Remember(scalar.Anchor, YamlScalars.Resolve(scalar));
            }

            if (_parser.TryConsume<MappingStart>(out var mappingStart))
            {
                var mapping = new JsonObject();
                while (!_parser.TryConsume<MappingEnd>(out _))
                {
                    var key = _parser.Consume<Scalar>().Value;
                    var value = ReadNode(depth + 1);
                    if (key == "<<")
                    {
                        YamlScalars.Merge(mapping, value);
                    }
                    else
                    {
                        mapping[key] = value;
                    }
                }

                return Remember(mappingStart.Anchor, mapping);
            }

            var sequenceStart = _parser.Consume<SequenceStart>();
            var sequence = new JsonArray();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                sequence.Add(ReadNode(depth + 1));
            }

            return Remember(sequenceStart.Anchor, sequence);
        }

        private JsonNode? Remember(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }
    }
}
