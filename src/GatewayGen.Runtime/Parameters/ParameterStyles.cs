using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>OpenAPI's parameter serialization styles (the <c>style</c> field).</summary>
public enum ParameterStyle
{
    /// <summary>form: query and cookie default.</summary>
    Form,

    /// <summary>simple: path and header default.</summary>
    Simple,

    /// <summary>matrix: path, <c>;name=value</c>.</summary>
    Matrix,

    /// <summary>label: path, <c>.value</c>.</summary>
    Label,

    /// <summary>spaceDelimited: query.</summary>
    SpaceDelimited,

    /// <summary>pipeDelimited: query.</summary>
    PipeDelimited,

    /// <summary>deepObject: query, <c>name[property]=value</c>.</summary>
    DeepObject,
}

/// <summary>How the text a style parser splits is decoded, piece by piece, after splitting.</summary>
public enum ParameterTextDecoding
{
    /// <summary>Already decoded (headers, cookies, route values that could not be matched to the raw path).</summary>
    None,

    /// <summary>Percent-encoded (raw path segments).</summary>
    Percent,

    /// <summary>Percent-encoded, '+' for a space (raw query strings).</summary>
    Query,
}

/// <summary>
/// Parses the text of one styled parameter value by OpenAPI's style table: matrix and label prefixes, the items of
/// an array, the properties of an object. The text is split on the style's delimiters first and each piece decoded
/// after, so an encoded delimiter (<c>%2C</c>) stays inside its value. Pure functions; a false return carries the
/// problem as a sentence.
/// </summary>
public static class ParameterStyles
{
    /// <summary>
    /// A scalar in a path segment: <c>;name=value</c> (matrix; <c>;name</c> is empty), <c>.value</c> (label) or the
    /// text itself (simple).
    /// </summary>
    public static bool TryUnwrap(string text, ParameterStyle style, string name, ParameterTextDecoding decoding, out string value, out string? problem)
    {
        problem = null;
        value = "";
        if (!TryStripPrefix(text, style, name, out var rest, out problem))
        {
            return false;
        }

        value = Decode(rest, decoding);
        return true;
    }

    /// <summary>
    /// The items of an array: matrix <c>;name=a,b</c> / explode <c>;name=a;name=b</c>, label <c>.a.b</c> (both),
    /// simple and form <c>a,b</c>, spaceDelimited <c>a b</c>, pipeDelimited <c>a|b</c>.
    /// </summary>
    public static bool TrySplitItems(string text, ParameterStyle style, bool explode, string name, ParameterTextDecoding decoding, out string[] items, out string? problem)
    {
        items = Array.Empty<string>();
        List<string> pieces;
        if (style == ParameterStyle.Matrix && explode)
        {
            pieces = new List<string>();
            foreach (var pair in Split(text, ';', skipLeading: true, out problem))
            {
                var equals = pair.IndexOf('=');
                var key = equals < 0 ? pair : pair.Substring(0, equals);
                if (Decode(key, decoding) != name)
                {
                    problem = $"each item is written ';{name}=VALUE', not ';{pair}'";
                    return false;
                }

                pieces.Add(equals < 0 ? "" : pair.Substring(equals + 1));
            }

            if (problem is not null)
            {
                return false;
            }
        }
        else
        {
            if (!TryStripPrefix(Delimited(text, style, decoding), style, name, out var rest, out problem))
            {
                return false;
            }

            pieces = rest.Length == 0 && style is ParameterStyle.Matrix or ParameterStyle.Label ? new List<string>() : new List<string>(rest.Split(Delimiter(style)));
        }

        items = new string[pieces.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Decode(pieces[i], decoding);
        }

        return true;
    }

    /// <summary>
    /// The properties of an object written in one value: simple <c>R,100,G,200</c> / explode <c>R=100,G=200</c>,
    /// form (not exploded) <c>R,100,G,200</c>, spaceDelimited <c>R 100 G 200</c>, pipeDelimited <c>R|100|G|200</c>,
    /// matrix <c>;name=R,100,G,200</c> / explode <c>;R=100;G=200</c>, label <c>.R.100.G.200</c> / explode
    /// <c>.R=100.G=200</c>. A property written twice, a name without a value, or a missing prefix is a problem.
    /// </summary>
    public static bool TryParseObject(string text, ParameterStyle style, bool explode, string name, ParameterTextDecoding decoding, out Dictionary<string, string> properties, out string? problem)
    {
        properties = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = null;
        List<string> pieces;
        if (explode && style is ParameterStyle.Matrix or ParameterStyle.Label or ParameterStyle.Simple)
        {
            var separator = style == ParameterStyle.Matrix ? ';' : style == ParameterStyle.Label ? '.' : ',';
            pieces = Split(text, separator, skipLeading: style != ParameterStyle.Simple, out problem);
            if (problem is not null)
            {
                problem = style == ParameterStyle.Matrix ? "it is written ';NAME=VALUE;NAME=VALUE'" : "it is written '.NAME=VALUE.NAME=VALUE'";
                return false;
            }

            foreach (var pair in pieces)
            {
                var equals = pair.IndexOf('=');
                if (equals < 0)
                {
                    problem = $"property '{Decode(pair, decoding)}' has no value (NAME=VALUE)";
                    return false;
                }

                if (!TryAdd(properties, Decode(pair.Substring(0, equals), decoding), Decode(pair.Substring(equals + 1), decoding), out problem))
                {
                    return false;
                }
            }

            return true;
        }

        if (!TryStripPrefix(Delimited(text, style, decoding), style, name, out var rest, out problem))
        {
            return false;
        }

        if (rest.Length == 0)
        {
            return true; // ";color", "." and "" are the empty object
        }

        pieces = new List<string>(rest.Split(Delimiter(style)));
        if (pieces.Count % 2 != 0)
        {
            problem = $"it holds {pieces.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} items; an object is written as NAME{Delimiter(style)}VALUE pairs";
            return false;
        }

        for (var i = 0; i < pieces.Count; i += 2)
        {
            if (!TryAdd(properties, Decode(pieces[i], decoding), Decode(pieces[i + 1], decoding), out problem))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Percent-decodes one piece (and, in a query, '+' to a space); malformed escapes stay as written.</summary>
    public static string Decode(string piece, ParameterTextDecoding decoding)
    {
        if (decoding == ParameterTextDecoding.None)
        {
            return piece;
        }

        if (decoding == ParameterTextDecoding.Query && piece.Contains('+'))
        {
            piece = piece.Replace('+', ' ');
        }

        return piece.Contains('%') ? Uri.UnescapeDataString(piece) : piece;
    }

    private static bool TryAdd(Dictionary<string, string> properties, string key, string value, out string? problem)
    {
        problem = null;
        if (key.Length == 0)
        {
            problem = "a property has an empty name";
            return false;
        }

        if (!properties.TryAdd(key, value))
        {
            problem = $"property '{key}' is given twice";
            return false;
        }

        return true;
    }

    private static bool TryStripPrefix(string text, ParameterStyle style, string name, out string rest, out string? problem)
    {
        problem = null;
        rest = text;
        if (style == ParameterStyle.Label)
        {
            if (text.Length == 0 || text[0] != '.')
            {
                problem = "label style values start with '.'";
                return false;
            }

            rest = text.Substring(1);
        }
        else if (style == ParameterStyle.Matrix)
        {
            // ";name" alone is the empty value; otherwise ";name=..."
            var prefix = ";" + name;
            if (!text.StartsWith(prefix, StringComparison.Ordinal) || (text.Length > prefix.Length && text[prefix.Length] != '='))
            {
                problem = $"matrix style values are written ';{name}=VALUE'";
                return false;
            }

            rest = text.Length > prefix.Length ? text.Substring(prefix.Length + 1) : "";
        }

        return true;
    }

    // ';' for matrix explode and '.' for label explode separate and also start the text ("skipLeading").
    private static List<string> Split(string text, char separator, bool skipLeading, out string? problem)
    {
        problem = null;
        if (skipLeading)
        {
            if (text.Length == 0 || text[0] != separator)
            {
                problem = $"the value starts with '{separator}'";
                return new List<string>();
            }

            text = text.Substring(1);
        }

        return text.Length == 0 ? new List<string>() : new List<string>(text.Split(separator));
    }

    // In a raw query the space of spaceDelimited arrives as %20 or '+', and clients often escape '|' as %7C; either is the delimiter.
    private static string Delimited(string text, ParameterStyle style, ParameterTextDecoding decoding) =>
        decoding == ParameterTextDecoding.None ? text : style switch
        {
            ParameterStyle.SpaceDelimited => text.Replace("%20", " ", StringComparison.Ordinal).Replace('+', ' '),
            ParameterStyle.PipeDelimited => text.Replace("%7C", "|", StringComparison.OrdinalIgnoreCase),
            _ => text,
        };

    private static char Delimiter(ParameterStyle style) => style switch
    {
        ParameterStyle.Label => '.',
        ParameterStyle.SpaceDelimited => ' ',
        ParameterStyle.PipeDelimited => '|',
        _ => ',',
    };
}
