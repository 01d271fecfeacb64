using System;
using System.Buffers;

namespace GatewayGen.Runtime;

/// <summary>One integration.request.header.NAME mapping, with its value for this request.</summary>
/// <param name="Name">The backend header.</param>
/// <param name="Value">The value, or null to add nothing.</param>
/// <param name="Source">Where a client's value came from ("query.token", "header.X-Id", "context.path"), named in the 400 that refuses it; null for the document's own values (checked at build time).</param>
public readonly record struct MappedHeader(string Name, string? Value, string? Source = null);

/// <summary>What a value must be to go into a backend request header.</summary>
internal static class OutgoingHeaders
{
    // RFC 9110 field-value, ASCII only: visible characters, space and tab. No CR, LF, NUL or other control
    // character (each could end the header or the request), and no character a header's bytes cannot be told from.
    private static readonly SearchValues<char> FieldValue = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // What no header value may hold, whoever wrote it: C0 controls but tab, and DEL.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>Whether a mapped value can go into a backend header (printable ASCII, space, tab).</summary>
    public static bool CanCarry(string value) => value.AsSpan().IndexOfAnyExcept(FieldValue) < 0;

    /// <summary>Whether a client's own header value can be passed on: no control character (its other bytes pass as they came).</summary>
    public static bool CanPass(string value) => value.AsSpan().IndexOfAny(Controls) < 0;

    /// <summary>Headers that describe the body: they belong to the request's content, not its headers.</summary>
    public static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Allow", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Expires", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase);

    public static ValidationErrors Refuse(ValidationErrors? errors, MappedHeader header, string reason)
    {
        var source = header.Source ?? "integration.request.header." + header.Name;
        var dot = source.IndexOf('.');
        var what = dot > 0 && source.Substring(0, dot) is "query" or "path" or "header" or "cookie"
            ? $"{source.Substring(0, dot)} parameter '{source.Substring(dot + 1)}'"
            : source;
        return ValidationErrors.Add(errors, source, "header", $"The value of {what} is mapped into the backend header {header.Name} and {reason}.");
    }
}
