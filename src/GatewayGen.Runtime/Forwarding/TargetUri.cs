using System;
using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayGen.Runtime;

/// <summary>
/// Builds backend URLs from the pieces the generator prepared, keeping what the client wrote: a path parameter
/// goes on as its raw text in the request target (so %252F stays %252F and an invalid escape stays as sent), a
/// value from anywhere else is escaped into exactly one segment, and the client's query string passes as sent.
/// Only characters a URL cannot carry are percent-encoded, so no value adds a segment, a query or a request.
/// The result is sent without canonicalisation (<see cref="Create"/>).
/// </summary>
public static class TargetUri
{
    // RFC 3986 pchar: unreserved, sub-delims, ':' and '@', plus '%' (escapes pass as the client wrote them).
    private const string SegmentCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%";
    private static readonly SearchValues<char> SegmentSafe = SearchValues.Create(SegmentCharacters);
    private static readonly SearchValues<char> GreedySafe = SearchValues.Create(SegmentCharacters + "/");
    private static readonly SearchValues<char> QuerySafe = SearchValues.Create(SegmentCharacters + "/?");
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The absolute backend URL as built, sent without re-escaping or dot-segment removal (it is safe by construction).</summary>
    public static Uri Create(string target) => new(target, in Verbatim);

    /// <summary>
    /// Escapes a value (from a query string, header or the request context) into one path segment: "a/b" becomes
    /// "a%2Fb". "." and ".." are refused: a backend would read them as a move to another path.
    /// </summary>
    /// <param name="value">The decoded value.</param>
    /// <param name="parameter">Where it came from ("query.id"), for the 400 that refuses a dot segment.</param>
    public static string Segment(string? value, string parameter)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value is "." or "..")
        {
            throw new GatewayRequestException(GatewayResponseType.BadRequestParameters, ValidationErrors.Add(null, parameter, "path",
                $"Invalid value '{value}' for {Describe(parameter)}: it fills a segment of the backend path, where '.' and '..' would lead to another path."));
        }

        return Uri.EscapeDataString(value);
    }

    /// <summary>A path parameter that fills a whole segment, as the client wrote it.</summary>
    /// <param name="context">The request.</param>
    /// <param name="value">The decoded route value.</param>
    /// <param name="segment">Which segment of the path holds it (0 for the first after the leading '/').</param>
    public static string PathValue(HttpContext context, string? value, int segment)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return RawPath(context, segment, greedy: false) is { } raw && DecodesTo(raw, value) ? Safe(raw, SegmentSafe) : Escape(value);
    }

    /// <summary>The raw text of the path segment holding route value <paramref name="value"/>, when it decodes to it; null otherwise.</summary>
    internal static string? RawSegment(HttpContext context, int segment, string value) =>
        RawPath(context, segment, greedy: false) is { } raw && DecodesTo(raw, value) ? raw : null;

    /// <summary>A greedy {proxy+} parameter (this segment and all after it), as the client wrote it.</summary>
    public static string GreedyPathValue(HttpContext context, string? value, int segment)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (RawPath(context, segment, greedy: true) is { } raw && DecodesTo(raw, value))
        {
            return Safe(raw, GreedySafe);
        }

        // Each segment escaped, the slashes between them kept.
        var segments = value.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Escape(segments[i]);
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// A path parameter that shares its segment with literals or other parameters ("/{name}.{format}"): as the
    /// client wrote it, found in the segment's raw text; re-escaped from its decoded value only when that text
    /// cannot be told (the value occurs twice, spelled differently).
    /// </summary>
    public static string PathPartValue(HttpContext context, string? value, int segment)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (RawPath(context, segment, greedy: false) is not { } raw)
        {
            return Escape(value);
        }

        return raw.IndexOf('%') < 0 ? Safe(value, SegmentSafe) : RawPart(raw, value) is { } written ? Safe(written, SegmentSafe) : Escape(value);
    }

    /// <summary>Escapes a value placed inside the query string of the document's uri.</summary>
    public static string QueryValue(string? value) => string.IsNullOrEmpty(value) ? "" : Uri.EscapeDataString(value);

    /// <summary>Appends the client's query string as sent (only characters a URL cannot carry are escaped).</summary>
    public static string AppendQuery(string target, QueryString query)
    {
        if (!query.HasValue || query.Value!.Length <= 1)
        {
            return target;
        }

        var safe = Safe(query.Value, QuerySafe);
        return target.Contains('?') ? string.Concat(target, "&", safe.AsSpan(1)) : target + safe;
    }

    /// <summary>Appends one name=value pair (escaped); a null value appends nothing.</summary>
    public static string AppendQueryParameter(string target, string name, string? value)
    {
        if (value is null)
        {
            return target;
        }

        return string.Concat(target, target.Contains('?') ? "&" : "?", Uri.EscapeDataString(name), "=" + QueryValue(value));
    }

    // A route value arrives decoded (all but %2F, which ASP.NET Core keeps as written); escaping it is the fallback
    // when the raw text cannot be matched to it. "%2F" stays "%2F" so an encoded slash stays inside its segment.
    private static string Escape(string value)
    {
        var escaped = Uri.EscapeDataString(value);
        return value.Contains('%') ? escaped.Replace("%252F", "%2F", StringComparison.OrdinalIgnoreCase) : escaped;
    }

    /// <summary>
    /// The raw text of one path segment (or, greedy, of it and every one after it) in the request target, or null
    /// when it cannot be told apart (the fallback then escapes the decoded value).
    /// </summary>
    private static string? RawPath(HttpContext context, int segment, bool greedy)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = context.Request.Path.Value;
        if (target is not null && AbsoluteFormPath(target) is { } absolutePath)
        {
            target = absolutePath; // "http://host/pets/%252F": the path after the authority
        }

        if (target is null || target.Length == 0 || target[0] != '/' || path is null)
        {
            return null; // asterisk-form targets are left to the fallback
        }

        var query = target.IndexOf('?');
        var segments = (query < 0 ? target.AsSpan(1) : target.AsSpan(1, query - 1));

        // Dot segments the server removed would shift every index after them.
        if (segments.Count('/') + 1 != path.AsSpan().Count('/'))
        {
            return null;
        }

        for (var i = 0; i < segment; i++)
        {
            var slash = segments.IndexOf('/');
            if (slash < 0)
            {
                return null;
            }

            segments = segments.Slice(slash + 1);
        }

        var end = greedy ? -1 : segments.IndexOf('/');
        return (end < 0 ? segments : segments.Slice(0, end)).ToString();
    }

    private static string? AbsoluteFormPath(string target)
    {
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || target[0] == '/')
        {
            return null;
        }

        var slash = target.IndexOf('/', scheme + 3);
        return slash < 0 ? null : target.Substring(slash);
    }

    /// <summary>
    /// Whether decoding <paramref name="raw"/> as Kestrel does (every valid escape but %2F, as UTF-8; bytes that are
    /// not valid UTF-8 stay as written) gives <paramref name="value"/>.
    /// </summary>
    private static bool DecodesTo(string raw, string value) =>
        raw.IndexOf('%') < 0 ? raw == value : Decode(raw, out _) == value;

    /// <summary>
    /// <paramref name="raw"/> decoded as Kestrel decodes a path, or null when Kestrel would not have (a NUL or a
    /// non-ASCII character); <paramref name="starts"/>[i] is where in raw decoded character i begins (-1 inside
    /// a surrogate pair), with raw's length at the end.
    /// </summary>
    private static string? Decode(string raw, out int[] starts)
    {
        starts = Array.Empty<int>();
        var bytes = new byte[raw.Length];
        var byteAt = new int[raw.Length + 1]; // where in raw each byte was written
        var escaped = new bool[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c > 0x7F)
            {
                return null;
            }

            byteAt[length] = i;
            if (c == '%' && TryHex(raw, i + 1, out var decoded) && decoded != '/')
            {
                if (decoded == 0)
                {
                    return null;
                }

                escaped[length] = true;
                bytes[length++] = decoded;
                i += 2;
            }
            else
            {
                bytes[length++] = (byte)c;
            }
        }

        byteAt[length] = raw.Length;
        var text = new StringBuilder(raw.Length);
        var charStarts = new System.Collections.Generic.List<int>(raw.Length + 1);
        Span<char> chars = stackalloc char[2];
        var rest = bytes.AsSpan(0, length);
        for (var at = 0; at < length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(rest.Slice(at), out var rune, out var consumed) == OperationStatus.Done)
            {
                var count = rune.EncodeToUtf16(chars);
                text.Append(chars.Slice(0, count));
                charStarts.Add(byteAt[at]);
                if (count == 2)
                {
                    charStarts.Add(-1);
                }

                at += consumed;
                continue;
            }

            // Not UTF-8: Kestrel keeps the byte as the escape the client wrote.
            var written = escaped[at] ? raw.AsSpan(byteAt[at], 3) : raw.AsSpan(byteAt[at], 1);
            for (var k = 0; k < written.Length; k++)
            {
                text.Append(written[k]);
                charStarts.Add(k == 0 ? byteAt[at] : -1);
            }

            at++;
        }

        charStarts.Add(raw.Length);
        starts = charStarts.ToArray();
        return text.ToString();
    }

    /// <summary>
    /// The raw text of <paramref name="value"/> inside a segment it shares ("/{name}.{format}"), when the value
    /// occurs in the decoded segment at one raw text only; null otherwise.
    /// </summary>
    private static string? RawPart(string raw, string value)
    {
        if (Decode(raw, out var starts) is not { } decoded)
        {
            return null;
        }

        string? found = null;
        for (var at = decoded.IndexOf(value, StringComparison.Ordinal); at >= 0; at = decoded.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            var (from, to) = (starts[at], starts[at + value.Length]);
            if (from < 0 || to < 0)
            {
                continue; // it starts or ends inside one character's escapes
            }

            var text = raw.Substring(from, to - from);
            if (found is not null && found != text)
            {
                return null; // two different spellings: which one is this value's cannot be told
            }

            found = text;
        }

        return found;
    }

    private static bool TryHex(string text, int index, out byte value)
    {
        value = 0;
        if (index + 1 >= text.Length || !Uri.IsHexDigit(text[index]) || !Uri.IsHexDigit(text[index + 1]))
        {
            return false;
        }

        value = (byte)((Uri.FromHex(text[index]) << 4) | Uri.FromHex(text[index + 1]));
        return true;
    }

    /// <summary><paramref name="text"/> with every character outside <paramref name="allowed"/> percent-encoded (as UTF-8).</summary>
    private static string Safe(string text, SearchValues<char> allowed)
    {
        var first = text.AsSpan().IndexOfAnyExcept(allowed);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (allowed.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            var count = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(ToHex(utf8[b] >> 4)).Append(ToHex(utf8[b] & 0xF));
            }
        }

        return builder.ToString();
    }

    private static char ToHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static string Describe(string parameter)
    {
        var dot = parameter.IndexOf('.');
        return dot < 0 ? parameter : $"{parameter.Substring(0, dot)} parameter '{parameter.Substring(dot + 1)}'";
    }
}
