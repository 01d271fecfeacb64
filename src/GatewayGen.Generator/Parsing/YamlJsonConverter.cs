using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads YAML into a <see cref="JsonNode"/> tree for Microsoft.OpenApi, whose YAML reader is not in this
/// machine's NuGet copy. Plain scalars resolve by the YAML 1.2 core schema (what OpenAPI means by YAML);
/// anchors, aliases and merge keys (&lt;&lt;) are expanded.
/// </summary>
internal static class YamlJsonConverter
{
    /// <summary>Deeper documents are rejected rather than risk the compiler's stack.</summary>
    public const int MaxDepth = 256;

    public static JsonNode? Convert(string yaml, SourceMap map)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        try
        {
            return ReadNode(parser, anchors, map, depth: 0);
        }
        catch (Exception exception) when (exception is not YamlException and not OperationCanceledException)
        {
            // YamlDotNet's scanner throws plain exceptions on some malformed input; report them where reading stopped.
            var mark = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(mark, mark, "The YAML reader stopped: " + exception.Message, exception);
        }
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, SourceMap map, int depth)
    {
        if (depth > MaxDepth)
        {
            var current = parser.Current!;
            throw new YamlException(current.Start, current.End, $"The document is nested more than {MaxDepth} levels deep.");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value.Value}' refers to no anchor.");
            }

            return target?.DeepClone();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = ResolveScalar(scalar);
            Remember(scalar.Anchor, value, anchors);
            return value;
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var mapping = new JsonObject();
            var members = new List<(string, SourceSpan)>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!;
                var key = ReadKey(parser);
                members.Add((key, Span(keyStart.Start, keyStart.End)));
                var value = ReadNode(parser, anchors, map, depth + 1);
                if (key == "<<")
                {
                    Merge(mapping, value);
                }
                else
                {
                    mapping[key] = value;
                }
            }

            map.SetMembers(mapping, members);
            Remember(mappingStart.Anchor, mapping, anchors);
            return mapping;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var sequence = new JsonArray();
            var items = new List<SourceSpan>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var itemStart = parser.Current!.Start;
                items.Add(Span(itemStart, itemStart));
                sequence.Add(ReadNode(parser, anchors, map, depth + 1));
            }

            map.SetItems(sequence, items);
            Remember(sequenceStart.Anchor, sequence, anchors);
            return sequence;
        }

        var unexpected = parser.Current!;
        throw new YamlException(unexpected.Start, unexpected.End, $"Unexpected {unexpected.GetType().Name}.");
    }

    private static SourceSpan Span(Mark start, Mark end) =>
        new((int)start.Line - 1, (int)start.Column - 1, (int)start.Index, end.Line == start.Line ? (int)(end.Index - start.Index) : 0);

    private static string ReadKey(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var key))
        {
            return key.Value;
        }

        var current = parser.Current!;
        throw new YamlException(current.Start, current.End, "Mapping keys must be plain strings in an OpenAPI document.");
    }

    // Merge keys copy members the mapping does not already define (YAML 1.1 merge, as OpenAPI tools accept).
    private static void Merge(JsonObject mapping, JsonNode? source)
    {
        if (source is JsonArray sources)
        {
            foreach (var item in sources)
            {
                Merge(mapping, item);
            }

            return;
        }

        if (source is JsonObject members)
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

    private static void Remember(AnchorName anchor, JsonNode? node, Dictionary<string, JsonNode?> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static JsonNode? ResolveScalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => JsonValue.Create(text),
                "tag:yaml.org,2002:null" => null,
                _ => ResolvePlain(text),
            };
        }

        return scalar.Style == ScalarStyle.Plain ? ResolvePlain(text) : JsonValue.Create(text);
    }

    // YAML 1.2 core schema: null, booleans, integers (decimal, 0o, 0x), floats (incl. .inf/.nan).
    private static JsonNode? ResolvePlain(string text)
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

        if (IsDecimalInteger(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
            {
                return JsonValue.Create(big);
            }
        }

        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
        {
            var digits = text.Substring(2);
            if (text[1] == 'x' && long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return JsonValue.Create(hex);
            }

            if (text[1] == 'o' && TryParseOctal(digits, out var octal))
            {
                return JsonValue.Create(octal);
            }
        }

        if (IsFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            // Keep the written form when it fits a decimal, so 0.1 stays 0.1 in generated code.
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                ? JsonValue.Create(exact)
                : JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    private static bool IsDecimalInteger(string text)
    {
        var start = text[0] is '-' or '+' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFloat(string text)
    {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = text[0] is '-' or '+' ? 1 : 0;
        var mantissaDigits = 0;
        while (i < text.Length && char.IsDigit(text[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
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

            var exponentDigits = 0;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool TryParseOctal(string digits, out long value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '7' || value > long.MaxValue / 8)
            {
                return false;
            }

            value = value * 8 + (c - '0');
        }

        return digits.Length > 0;
    }
}
