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

    public static bool CanCarry(string value) => value.AsSpan().IndexOfAnyExcept(FieldValue) < 0;

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
