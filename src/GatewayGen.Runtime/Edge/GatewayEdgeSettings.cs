using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace GatewayGen.Runtime;

/// <summary>
/// The edge's limits and listener rules: API Gateway's quotas as defaults (payload 10 MB, header values and
/// all headers 10 KB each, URLs 8 KB), timeouts that keep slow clients from holding connections, and the
/// listener policy (plain HTTP only on loopback unless allowed, optional mutual TLS). Read from Gateway:*.
/// </summary>
public sealed record GatewayEdgeSettings
{
    /// <summary>The configuration section of the limits (Gateway:Limits:MaxPayloadBytes, ...).</summary>
    public const string LimitsKey = "Gateway:Limits";

    /// <summary>Lets plain HTTP listen on non-loopback addresses (a TLS-terminating load balancer in front).</summary>
    public const string AllowPlainHttpKey = "Gateway:AllowPlainHttp";

    /// <summary>A PEM file of the certificate authorities whose client certificates are accepted (mutual TLS).</summary>
    public const string TrustStoreKey = "Gateway:MutualTls:TrustStore";

    /// <summary>Proxies (addresses or CIDR blocks) whose X-Forwarded-For names the client; none unless set.</summary>
    public const string TrustedProxiesKey = "Gateway:TrustedProxies";

    /// <summary>A path on the gateway's own listener that answers health checks (off unless set).</summary>
    public const string HealthPathKey = "Gateway:Health:Path";

    /// <summary>The largest request body, in bytes (API Gateway: 10 MB). Larger is 413.</summary>
    public long MaxPayloadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The largest single header value, in bytes (API Gateway: 10 KB). Larger is 431.</summary>
    public int MaxHeaderValueBytes { get; init; } = 10 * 1024;

    /// <summary>The largest size of all request header lines together, in bytes (API Gateway: 10 KB). Larger is 431.</summary>
    public int MaxHeadersTotalBytes { get; init; } = 10 * 1024;

    /// <summary>The longest request target (path and query), in characters. Longer is 414.</summary>
    public int MaxUrlLength { get; init; } = 8 * 1024;

    /// <summary>How long a client may take to send its request line and headers (then 408).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>The slowest a request body may arrive, after a grace period (then 408); 0 turns the check off.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before it is cut off.</summary>
    public TimeSpan MinDataRateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether plain HTTP may listen on a non-loopback address.</summary>
    public bool AllowPlainHttp { get; init; }

    /// <summary>The mutual-TLS trust store (PEM file of CA certificates), or null when client certificates are not asked for.</summary>
    public string? TrustStorePath { get; init; }

    /// <summary>
    /// The load balancers and proxies in front (CIDR blocks): only from them does X-Forwarded-For name the client
    /// (for resource policies, context.identity.sourceIp, throttles); from anyone else it is ignored.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = Array.Empty<System.Net.IPNetwork>();

    /// <summary>The gateway listener's health path ("/health"), or null.</summary>
    public string? HealthPath { get; init; }

    /// <summary>A setting that could not be used, as the message start-up refuses with; null when all are good.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// Reads the settings. A bad value is kept as <see cref="Problem"/> (the defaults stand in) so that start-up
    /// refuses with a message naming the setting rather than a stack trace while the host is being built.
    /// </summary>
    public static GatewayEdgeSettings FromConfiguration(IConfiguration configuration)
    {
        try
        {
            return Read(configuration);
        }
        catch (GatewayConfigurationException exception)
        {
            return new GatewayEdgeSettings { Problem = exception.Message };
        }
    }

    private static GatewayEdgeSettings Read(IConfiguration configuration)
    {
        var defaults = new GatewayEdgeSettings();
        var limits = configuration.GetSection(LimitsKey);
        return defaults with
        {
            MaxPayloadBytes = (long)Number(limits, "MaxPayloadBytes", defaults.MaxPayloadBytes, 1, Array.MaxLength), // a body is buffered in one array
            MaxHeaderValueBytes = (int)Number(limits, "MaxHeaderValueBytes", defaults.MaxHeaderValueBytes, 64, 1024 * 1024),
            MaxHeadersTotalBytes = (int)Number(limits, "MaxHeadersTotalBytes", defaults.MaxHeadersTotalBytes, 256, 1024 * 1024),
            MaxUrlLength = (int)Number(limits, "MaxUrlLength", defaults.MaxUrlLength, 64, 1024 * 1024),
            RequestHeadersTimeout = TimeSpan.FromSeconds(Number(limits, "RequestHeadersTimeoutSeconds", defaults.RequestHeadersTimeout.TotalSeconds, 1, 3600, whole: false)),
            KeepAliveTimeout = TimeSpan.FromSeconds(Number(limits, "KeepAliveTimeoutSeconds", defaults.KeepAliveTimeout.TotalSeconds, 1, 3600)),
            MinRequestBodyBytesPerSecond = Number(limits, "MinRequestBodyBytesPerSecond", defaults.MinRequestBodyBytesPerSecond, 0, 1e9, whole: false),
            MinDataRateGracePeriod = TimeSpan.FromSeconds(Number(limits, "MinDataRateGracePeriodSeconds", defaults.MinDataRateGracePeriod.TotalSeconds, 2, 3600)), // Kestrel: more than 1 s
            AllowPlainHttp = Flag(configuration, AllowPlainHttpKey),
            TrustStorePath = configuration[TrustStoreKey] is { Length: > 0 } trustStore ? trustStore : null,
            HealthPath = configuration[HealthPathKey] is { Length: > 0 } health ? (health.StartsWith('/') ? health : "/" + health) : null,
            TrustedProxies = Networks(configuration, TrustedProxiesKey),
        };
    }

    private static double Number(IConfigurationSection section, string name, double fallback, double min, double max, bool whole = true)
    {
        if (section[name] is not { } text)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max && (!whole || value == Math.Floor(value))
            ? value
            : throw new GatewayConfigurationException($"{section.Path}:{name} must be {(whole ? "a whole number" : "a number")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
    }

    // "10.0.0.0/8, 192.0.2.7" or a list (Gateway:TrustedProxies:0, :1, ...); a single address is its own block.
    private static System.Net.IPNetwork[] Networks(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } text
            ? text.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries)
            : System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(section.GetChildren(), child => child.Value ?? ""));
        return Array.ConvertAll(values, value =>
        {
            var trimmed = value.Trim();
            if (System.Net.IPNetwork.TryParse(trimmed, out var network))
            {
                return network.PrefixLength > 0 ? network : throw new GatewayConfigurationException($"{key} '{trimmed}' trusts every address; name the load balancers' own addresses or subnets.");
            }

            return System.Net.IPAddress.TryParse(trimmed, out var address)
                ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)
                : throw new GatewayConfigurationException($"{key} must list IP addresses or CIDR blocks (10.0.0.0/8), not '{trimmed}'.");
        });
    }

    private static bool Flag(IConfiguration configuration, string key) =>
        configuration[key] switch
        {
            null or "" => false,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new GatewayConfigurationException($"{key} must be true or false, not '{text}'."),
        };
}

/// <summary>A setting the gateway cannot start with: the message names it and says what to do.</summary>
public sealed class GatewayConfigurationException(string message) : InvalidOperationException(message);
