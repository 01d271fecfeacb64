using System;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Resolves $ref and $id values against a base URI (RFC 3986) so that schemas identified by $id, $anchor or
/// a JSON pointer can be found inside the one document GatewayGen reads.
/// </summary>
internal static class SchemaUris
{
    /// <summary>The absolute form of <paramref name="reference"/> against <paramref name="baseUri"/>, fragment included.</summary>
    public static string Resolve(string baseUri, string reference)
    {
        Split(reference, out var path, out var fragment);
        string resolved;
        if (path.Length == 0)
        {
            Split(baseUri, out resolved, out _);
        }
        else if (HasScheme(path))
        {
            resolved = Canonical(path);
        }
        else if (Uri.TryCreate(baseUri, UriKind.Absolute, out var baseValue) && !baseValue.Scheme.Equals("urn", StringComparison.OrdinalIgnoreCase) &&
                 Uri.TryCreate(baseValue, path, out var combined))
        {
            resolved = Canonical(combined.AbsoluteUri);
        }
        else
        {
            resolved = path; // a relative reference against a base that cannot take one: leave it, it will not resolve
        }

        return fragment is null ? resolved : resolved + "#" + fragment;
    }

    /// <summary>Splits "a/b.json#/defs/x" into "a/b.json" and "/defs/x" (null when there is no '#').</summary>
    public static void Split(string uri, out string path, out string? fragment)
    {
        var hash = uri.IndexOf('#');
        path = hash < 0 ? uri : uri.Substring(0, hash);
        fragment = hash < 0 ? null : uri.Substring(hash + 1);
    }

    private static bool HasScheme(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsLetterOrDigit(text[i]) && text[i] is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    private static string Canonical(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var value) && (value.Scheme is "http" or "https" or "file") ? value.AbsoluteUri : uri;
}
