using System;
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GatewayGen.Runtime;

/// <summary>
/// The OpenAPI formats a gateway asserts. String formats check the current string; numeric formats check that
/// the number fits the named type. Each returns true for values of other types (format only constrains its own).
/// </summary>
public static partial class JsonFormats
{
    /// <summary>int32: an integer within [-2^31, 2^31-1].</summary>
    public static bool IsInt32(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Number || reader.TryGetInt32(out _) || (!JsonValues.IsIntegerLiteral(ref reader) && JsonValues.IsInteger(ref reader) && reader.TryGetDecimal(out var value) && value >= int.MinValue && value <= int.MaxValue);

    /// <summary>int64: an integer within [-2^63, 2^63-1].</summary>
    public static bool IsInt64(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Number || reader.TryGetInt64(out _) || (!JsonValues.IsIntegerLiteral(ref reader) && JsonValues.IsInteger(ref reader) && reader.TryGetDecimal(out var value) && value >= long.MinValue && value <= long.MaxValue);

    /// <summary>float: within a single-precision float's range.</summary>
    public static bool IsFloat(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Number || (reader.TryGetDouble(out var value) && Math.Abs(value) <= float.MaxValue);

    /// <summary>double: within a double's range.</summary>
    public static bool IsDouble(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Number || (reader.TryGetDouble(out var value) && double.IsFinite(value));

    /// <summary>date: RFC 3339 full-date.</summary>
    public static bool IsDate(ref Utf8JsonReader reader) => Check(ref reader, Format.Date);

    /// <summary>date-time: RFC 3339 date-time.</summary>
    public static bool IsDateTime(ref Utf8JsonReader reader) => Check(ref reader, Format.DateTime);

    /// <summary>uuid: RFC 4122 hyphenated form.</summary>
    public static bool IsUuid(ref Utf8JsonReader reader) => Check(ref reader, Format.Uuid);

    /// <summary>email: a local part, one '@' and a domain, no spaces.</summary>
    public static bool IsEmail(ref Utf8JsonReader reader) => Check(ref reader, Format.Email);

    /// <summary>uri: an absolute URI.</summary>
    public static bool IsUri(ref Utf8JsonReader reader) => Check(ref reader, Format.Uri);

    /// <summary>ipv4: dotted quad, no leading zeros.</summary>
    public static bool IsIPv4(ref Utf8JsonReader reader) => Check(ref reader, Format.IPv4);

    /// <summary>ipv6: RFC 4291 text form, no zone.</summary>
    public static bool IsIPv6(ref Utf8JsonReader reader) => Check(ref reader, Format.IPv6);

    /// <summary>byte: base64.</summary>
    public static bool IsByte(ref Utf8JsonReader reader) => Check(ref reader, Format.Byte);

    private enum Format
    {
        Date,
        DateTime,
        Uuid,
        Email,
        Uri,
        IPv4,
        IPv6,
        Byte,
    }

    private static bool Check(ref Utf8JsonReader reader, Format format)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return true;
        }

        char[]? rented = null;
        var length = reader.ValueSpan.Length; // unescaping never makes text longer in UTF-16 than it is in UTF-8
        var buffer = length <= 128 ? stackalloc char[128] : (rented = ArrayPool<char>.Shared.Rent(length));
        var text = buffer.Slice(0, reader.CopyString(buffer));
        try
        {
            return format switch
            {
                Format.Date => IsDate(text),
                Format.DateTime => IsDateTime(text),
                Format.Uuid => text.Length == 36 && Guid.TryParseExact(text, "D", out _),
                Format.Email => IsEmail(text),
                Format.Uri => IsUri(text),
                Format.IPv4 => IsIPv4(text),
                Format.IPv6 => IsIPv6(text),
                _ => System.Buffers.Text.Base64.IsValid(text),
            };
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsDate(ReadOnlySpan<char> text) =>
        text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsDateTime(ReadOnlySpan<char> text)
    {
        if (!DateTimePattern().IsMatch(text) || !IsDate(text.Slice(0, 10)))
        {
            return false;
        }

        var hour = Two(text, 11);
        var minute = Two(text, 14);
        var second = Two(text, 17);
        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var zone = text[^1] is 'Z' or 'z' ? ReadOnlySpan<char>.Empty : text.Slice(text.Length - 6);
        return zone.IsEmpty || (Two(zone, 1) <= 23 && Two(zone, 4) <= 59);
    }

    private static int Two(ReadOnlySpan<char> text, int at) => ((text[at] - '0') * 10) + (text[at + 1] - '0');

    private static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.Slice(at + 1).Contains('@'))
        {
            return false;
        }

        var local = text.Slice(0, at);
        var domain = text.Slice(at + 1);
        return !text.ContainsAny(" \t\r\n") && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal) &&
            domain[0] != '.' && domain[^1] != '.' && !domain.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsUri(ReadOnlySpan<char> text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(text[0]) || text.ContainsAny(" <>\"{}|\\^`"))
        {
            return false;
        }

        foreach (var c in text.Slice(0, colon))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return Uri.TryCreate(text.ToString(), UriKind.Absolute, out _);
    }

    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool IsIPv6(ReadOnlySpan<char> text) =>
        text.Contains(':') && !text.Contains('%') && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
