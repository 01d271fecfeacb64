using System;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace GatewayGen.Runtime;

/// <summary>
/// Gateway:Jwt: how every JWT authorizer treats time and keys. ClockSkew (seconds, default 30, at most 300),
/// KeyRefreshInterval (the least time between two fetches of a JWKS, seconds, default 30), KeyLifetime (keys are
/// refetched after this, seconds, default 3600).
/// </summary>
internal sealed record JwtSettings(TimeSpan ClockSkew, TimeSpan KeyRefreshInterval, TimeSpan KeyLifetime)
{
    public const string SectionKey = "Gateway:Jwt";

    /// <summary>Per scheme: Gateway:Authorizers:SCHEME:Issuer, DiscoveryUrl, JwksUri or JwksFile.</summary>
    public const string AuthorizersKey = "Gateway:Authorizers";

    public const int MaxDocumentBytes = 1024 * 1024;

    public static JwtSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionKey);
        return new JwtSettings(
            Seconds(section, "ClockSkew", 30, 0, 300),
            Seconds(section, "KeyRefreshInterval", 30, 0, 86400),
            Seconds(section, "KeyLifetime", 3600, 1, 7 * 86400));
    }

    /// <summary>Why the gateway will not fetch keys from <paramref name="uri"/>, or null: HTTPS only, except to this machine.</summary>
    public static string? Refusal(Uri uri)
    {
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
        {
            return null;
        }

        return "keys are fetched over HTTPS only (plain HTTP only from this machine's loopback addresses)";
    }

    private static TimeSpan Seconds(IConfigurationSection section, string name, double defaultValue, double min, double max)
    {
        var text = section[name];
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.FromSeconds(defaultValue);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new GatewayConfigurationException($"{section.Path}:{name} must be a number of seconds from {min} to {max}, not '{text}'.");
        }

        return TimeSpan.FromSeconds(value);
    }
}
