using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>
/// What an export asks for, from GET /export's query or the `export` command's options: the OpenAPI version
/// (oas30, oas31, swagger; default the document's own), the syntax (json, yaml; default the document's own) and
/// the extensions (apigateway keeps the gateway's vendor extensions, the default; none strips them).
/// </summary>
internal sealed record ExportOptions(string? Api, string? Format, string? Type, bool KeepExtensions)
{
    public static readonly IReadOnlyList<string> Formats = new[] { "oas30", "oas31", "swagger" };
    public static readonly IReadOnlyList<string> Types = new[] { "json", "yaml" };
    public static readonly IReadOnlyList<string> Extensions = new[] { "apigateway", "none" };

    /// <summary>The options from name/value pairs; a value outside its list is a 400 naming the allowed ones.</summary>
    public static ExportOptions Parse(Func<string, string?> value)
    {
        var extensions = Allowed("extensions", value("extensions"), Extensions) ?? "apigateway";
        return new ExportOptions(
            value("api") is { Length: > 0 } api ? api : null,
            Allowed("format", value("format"), Formats),
            Allowed("type", value("type"), Types),
            extensions == "apigateway");
    }

    private static string? Allowed(string name, string? given, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrEmpty(given))
        {
            return null;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, given, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw new ExportException(400, $"{name} must be one of {string.Join(", ", allowed)}, not '{given}'.", allowed);
    }
}
