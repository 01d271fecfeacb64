using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GatewayGen.Yaml;

/// <summary>
/// One reading of YAML's values, linked into the generator (netstandard2.0) and the runtime (export), so an exported
/// document reads back exactly as the gateway was built from it: tags, the YAML 1.2 core schema for plain scalars
/// (null, booleans, integers in decimal, 0o and 0x, floats keeping their written form), and merge keys.
/// </summary>
internal static class YamlScalars
{
    /// <summary>A scalar's value: its tag when it has one, else the core schema for plain scalars, text for quoted ones.</summary>
    public static JsonNode? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => JsonValue.Create(text),
                "tag:yaml.org,2002:null" => null,
                _ => Plain(text),
            };
        }

        return scalar.Style == ScalarStyle.Plain ? Plain(text) : JsonValue.Create(text);
    }

    // YAML 1.2 core schema: null, booleans, integers (decimal, 0o, 0x), floats (incl. .inf/.nan).
    public static JsonNode? Plain(string text)
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

        // Beyond a long, integers are read with the floats below: as written.
        if (IsDecimalInteger(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
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

        if (IsFloat(text) && ToJsonNumber(text) is { } json)
        {
            // The written form, exactly (no decimal or double in between: 1e-29 and 1e400 stay what they are).
            return JsonNode.Parse(json);
        }

        return JsonValue.Create(text);
    }

    // The YAML float forms JSON does not have ("+1.5", ".5", "5.", "007.1") as JSON ("1.5", "0.5", "5", "7.1"); null for non-ASCII digits.
    private static string? ToJsonNumber(string text)
    {
        var i = text[0] is '-' or '+' ? 1 : 0;
        var sign = text[0] == '-' ? "-" : "";
        var wholeStart = i;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            i++;
        }

        var whole = text.Substring(wholeStart, i - wholeStart).TrimStart('0');
        var fraction = "";
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while (i < text.Length && text[i] is >= '0' and <= '9')
            {
                i++;
            }

            fraction = text.Substring(fractionStart, i - fractionStart);
        }

        var exponent = text.Substring(i);
        if (exponent.Length > 0 && exponent[0] is not ('e' or 'E'))
        {
            return null;
        }

        for (var k = 1; k < exponent.Length; k++)
        {
            if (exponent[k] is not (>= '0' and <= '9' or '-' or '+'))
            {
                return null;
            }
        }

        return sign + (whole.Length == 0 ? "0" : whole) + (fraction.Length > 0 ? "." + fraction : "") + exponent;
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

    // Merge keys copy members the mapping does not already define (YAML 1.1 merge, as OpenAPI tools accept).
    public static void Merge(JsonObject mapping, JsonNode? source)
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
}
