using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
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
                return Remember(scalar.Anchor, Resolve(scalar));
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
                        Merge(mapping, value);
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

        // Merge keys copy the members the mapping does not define itself (YAML 1.1 merge, as OpenAPI tools accept).
        private static void Merge(JsonObject mapping, JsonNode? source)
        {
            if (source is JsonArray sources)
            {
                foreach (var item in sources)
                {
                    Merge(mapping, item);
                }
            }
            else if (source is JsonObject members)
            {
                foreach (var member in members)
                {
                    if (!mapping.ContainsKey(member.Key))
                    {
                        mapping[member.Key] = member.Value?.DeepClone();
                    }
                }
            }
        }

        private static JsonNode? Resolve(Scalar scalar) => scalar.Tag.IsEmpty
            ? scalar.Style == ScalarStyle.Plain ? Plain(scalar.Value) : JsonValue.Create(scalar.Value)
            : scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => JsonValue.Create(scalar.Value),
                "tag:yaml.org,2002:null" => null,
                _ => Plain(scalar.Value),
            };

        // YAML 1.2 core schema: null, booleans, integers (decimal, 0o, 0x), floats (incl. .inf/.nan as text, which JSON lacks).
        private static JsonNode? Plain(string text)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (IsNumber(text, allowFraction: false) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (text.Length > 2 && text[0] == '0' && text[1] == 'x' && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return JsonValue.Create(hex);
            }

            if (text.Length > 2 && text[0] == '0' && text[1] == 'o' && IsOctal(text.AsSpan(2)))
            {
                return JsonValue.Create(Convert.ToInt64(text.Substring(2), 8));
            }

            if (IsNumber(text, allowFraction: true))
            {
                // The written form when it fits a decimal, so 0.1 stays 0.1, as the generator keeps it.
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                    ? JsonValue.Create(exact)
                    : JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return JsonValue.Create(text);
        }

        private static bool IsOctal(ReadOnlySpan<char> digits)
        {
            foreach (var c in digits)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }
            }

            return digits.Length is > 0 and <= 21;
        }

        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?, or only [-+]? [0-9]+ without fractions.
        private static bool IsNumber(string text, bool allowFraction)
        {
            var i = text[0] is '-' or '+' ? 1 : 0;
            var digits = 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                digits++;
            }

            if (!allowFraction)
            {
                return digits > 0 && i == text.Length;
            }

            if (i < text.Length && text[i] == '.')
            {
                for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++)
                {
                    digits++;
                }
            }

            if (digits == 0)
            {
                return false;
            }

            if (i < text.Length && text[i] is 'e' or 'E')
            {
                i++;
                if (i < text.Length && text[i] is '-' or '+')
                {
                    i++;
                }

                var exponent = 0;
                for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
                {
                    exponent++;
                }

                if (exponent == 0)
                {
                    return false;
                }
            }

            return i == text.Length;
        }
    }
}
