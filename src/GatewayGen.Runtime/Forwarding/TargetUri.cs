using System;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// Builds backend URLs from the pieces the generator prepared: escapes placeholder values so that a value
/// never adds a path segment ("a/b" becomes "a%2Fb"), and carries the client's query string over.
/// </summary>
public static class TargetUri
{
    /// <summary>
    /// Escapes a value for one path segment. Route values arrive decoded except for "%2F", which ASP.NET Core
    /// keeps encoded so that an encoded slash stays distinguishable; it stays "%2F" here too.
    /// </summary>
    public static string Segment(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var escaped = Uri.EscapeDataString(value);
        return value.Contains('%') ? escaped.Replace("%252F", "%2F", StringComparison.OrdinalIgnoreCase) : escaped;
    }

    /// <summary>Escapes a greedy {proxy+} value: each segment escaped, the slashes between them kept.</summary>
    public static string GreedyPath(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (!value.Contains('/'))
        {
            return Segment(value);
        }

        var segments = value.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Segment(segments[i]);
        }

        return string.Join('/', segments);
    }

    /// <summary>Escapes a value placed inside a query string.</summary>
    public static string QueryValue(string? value) => string.IsNullOrEmpty(value) ? "" : Uri.EscapeDataString(value);

    /// <summary>Appends the client's query string (as sent) to a target that may already have one.</summary>
    public static string AppendQuery(string target, QueryString query)
    {
        if (!query.HasValue || query.Value!.Length <= 1)
        {
            return target;
        }

        return target.Contains('?') ? string.Concat(target, "&", query.Value.AsSpan(1)) : target + query.Value;
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
}
