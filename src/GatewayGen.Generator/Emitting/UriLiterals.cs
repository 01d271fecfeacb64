using System.Text;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// The document's own parts of a backend URL, made safe at build time: the gateway sends URLs as built, without
/// canonicalisation, so a space or a non-ASCII letter written in an integration's uri is percent-encoded here.
/// </summary>
internal static class UriLiterals
{
    // RFC 3986: unreserved, gen-delims but '#' (the URL has no fragment), sub-delims, and '%' (escapes kept as written).
    private const string Allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?[]@!$&'()*+,;=%";

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b < 0x80 && Allowed.IndexOf((char)b) >= 0)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
