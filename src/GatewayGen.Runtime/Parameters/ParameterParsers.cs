using System;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// Parses parameter text to the type its schema names, with OpenAPI's wire formats and invariant culture.
/// Generated handlers call one of these per parameter; a false return becomes a 400.
/// </summary>
public static class ParameterParsers
{
    /// <summary>The shape of every parser, so arrays can reuse them.</summary>
    public delegate bool Parser<T>(string text, out T value);

    /// <summary>type: string (any text).</summary>
    public static bool TryParseString(string text, out string value)
    {
        value = text;
        return true;
    }

    /// <summary>type: integer, format: int32.</summary>
    public static bool TryParseInt32(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>type: integer (int64 or no format).</summary>
    public static bool TryParseInt64(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>type: number, format: float.</summary>
    public static bool TryParseSingle(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>type: number (double or no format).</summary>
    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>type: number, format: decimal.</summary>
    public static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>type: boolean; "true" or "false" in any case.</summary>
    public static bool TryParseBoolean(string text, out bool value) => bool.TryParse(text, out value);

    /// <summary>type: string, format: uuid.</summary>
    public static bool TryParseGuid(string text, out Guid value) => Guid.TryParse(text, out value);

    /// <summary>type: string, format: date (RFC 3339 full-date, yyyy-MM-dd).</summary>
    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>type: string, format: date-time (RFC 3339, with an offset or Z).</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        // RFC 3339 needs a date, a time and an offset; DateTimeOffset.TryParse alone would take "2024-01-01".
        if (text.Length >= 20 && text[10] is 'T' or 't' or ' ' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>type: string, format: byte (base64).</summary>
    public static bool TryParseBase64(string text, out byte[] value)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            value = buffer.AsSpan(0, written).ToArray();
            return true;
        }

        value = Array.Empty<byte>();
        return false;
    }

    /// <summary>
    /// An array parameter: each value of <paramref name="raw"/> is an item when <paramref name="separator"/> is '\0'
    /// (form, explode), otherwise each value is split on it (',' form/simple, ' ' spaceDelimited, '|' pipeDelimited).
    /// On failure <paramref name="invalidItem"/> is the item that did not parse.
    /// </summary>
    public static bool TryParseArray<T>(StringValues raw, char separator, Parser<T> parse, out T[] values, out string? invalidItem)
    {
        invalidItem = null;
        var count = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            count += separator == '\0' ? 1 : CountItems(raw[i] ?? "", separator);
        }

        values = count == 0 ? Array.Empty<T>() : new T[count];
        var index = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            var text = raw[i] ?? "";
            if (separator == '\0')
            {
                if (!parse(text, out values[index++]))
                {
                    invalidItem = text;
                    return false;
                }

                continue;
            }

            var start = 0;
            while (true)
            {
                var end = text.IndexOf(separator, start);
                var item = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
                if (!parse(item, out values[index++]))
                {
                    invalidItem = item;
                    return false;
                }

                if (end < 0)
                {
                    break;
                }

                start = end + 1;
            }
        }

        return true;
    }

    /// <summary>Whether a value is one of a string enum's members (ordinal comparison).</summary>
    public static bool IsOneOf(string value, string[] allowed) => Array.IndexOf(allowed, value) >= 0;

    /// <summary>Whether every item is one of a string enum's members.</summary>
    public static bool AreAllOneOf(string[] values, string[] allowed, out string? invalidItem)
    {
        foreach (var value in values)
        {
            if (!IsOneOf(value, allowed))
            {
                invalidItem = value;
                return false;
            }
        }

        invalidItem = null;
        return true;
    }

    private static int CountItems(string text, char separator)
    {
        var count = 1;
        foreach (var c in text)
        {
            if (c == separator)
            {
                count++;
            }
        }

        return count;
    }
}
