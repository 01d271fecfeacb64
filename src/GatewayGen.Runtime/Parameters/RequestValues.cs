using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>Reads a parameter's raw text from where the OpenAPI document says it lives. Absent is null.</summary>
public static class RequestValues
{
    /// <summary>A path parameter (route value); a greedy one spans several segments.</summary>
    public static string? Path(HttpContext context, string routeName) =>
        context.Request.RouteValues.TryGetValue(routeName, out var value) ? value as string : null;

    /// <summary>All values of a query parameter, as sent (decoded).</summary>
    public static StringValues QueryValues(HttpContext context, string name) =>
        HasQuery(context) ? context.Request.Query[name] : StringValues.Empty;

    /// <summary>A single-valued query parameter: the last value when it repeats, as API Gateway does.</summary>
    public static string? Query(HttpContext context, string name)
    {
        if (!HasQuery(context))
        {
            return null;
        }

        var values = context.Request.Query[name];
        return values.Count == 0 ? null : values[values.Count - 1];
    }

    /// <summary>
    /// A query parameter the document declares as one value: given more than once it is a 400 naming it (the whole
    /// query goes to the backend, so checking one of the values would let the others through unchecked).
    /// </summary>
    public static string? SingleQuery(HttpContext context, string name, ref ValidationErrors? errors)
    {
        if (!HasQuery(context))
        {
            return null;
        }

        var values = context.Request.Query[name];
        if (values.Count > 1)
        {
            errors = ValidationErrors.Add(errors, "query." + name, "single",
                $"Query parameter '{name}' is given {values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} times; it takes one value.");
        }
        else if (BracketedKey(context, name) is { } bracketed)
        {
            // Express (qs), Rack and PHP read "sort[]=x" or "sort[a]=x" as sort's value: unchecked, it would pass.
            errors = ValidationErrors.Add(errors, "query." + name, "single",
                $"Query parameter '{name}' is given as '{bracketed}'; it takes one value, written {name}=VALUE.");
        }

        return values.Count == 0 ? null : values[values.Count - 1];
    }

    // A key "name[...]" (decoded): looked for only when the query holds a bracket at all, so most requests pay nothing.
    private static string? BracketedKey(HttpContext context, string name)
    {
        var query = context.Request.QueryString.Value!;
        if (query.IndexOf('[') < 0 && query.IndexOf("%5B", System.StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        foreach (var key in context.Request.Query.Keys)
        {
            if (key.Length > name.Length && key[name.Length] == '[' && key.StartsWith(name, System.StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    // Request.Query makes and parses a query feature per request; most requests have no query string at all.
    private static bool HasQuery(HttpContext context) => context.Request.QueryString.HasValue;

    /// <summary>All values of a header.</summary>
    public static StringValues HeaderValues(HttpContext context, string name) => context.Request.Headers[name];

    /// <summary>A header's value; repeated headers are joined with commas, as HTTP defines.</summary>
    public static string? Header(HttpContext context, string name)
    {
        var values = context.Request.Headers[name];
        return values.Count == 0 ? null : values.Count == 1 ? values[0] : values.ToString();
    }

    /// <summary>When the client's TLS certificate (mutual TLS) starts or stops being valid, UTC, ISO 8601; null without one.</summary>
    public static string? ClientCertificateTime(HttpContext context, bool notAfter) =>
        context.Connection.ClientCertificate is { } certificate
            ? (notAfter ? certificate.NotAfter : certificate.NotBefore).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>A cookie's value.</summary>
    public static string? Cookie(HttpContext context, string name) => context.Request.Cookies[name];
}
