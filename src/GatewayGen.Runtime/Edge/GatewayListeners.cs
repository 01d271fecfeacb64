using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace GatewayGen.Runtime;

/// <summary>
/// The listener policy, checked before the server binds: plain HTTP only on loopback (unless Gateway:AllowPlainHttp
/// says a TLS-terminating load balancer is in front), HTTPS only with a certificate and at least TLS 1.2, the admin
/// listener only on loopback or HTTPS and only with a token of 32 characters or more.
/// </summary>
internal static class GatewayListeners
{
    /// <summary>The name of the Kestrel endpoint the admin listener gets when Kestrel:Endpoints are configured.</summary>
    public const string AdminEndpointName = "GatewayGenAdmin";

    public const int MinimumAdminTokenLength = 32;

    private static readonly string[] WeakProtocols = { "Ssl2", "Ssl3", "Tls", "Tls11", "Default" };

    /// <summary>The gateway's own listen addresses as configuration gives them (the admin listener's left out).</summary>
    public static IReadOnlyList<string> GatewayUrls(IConfiguration configuration, Uri? adminUrl)
    {
        var admin = adminUrl?.GetLeftPart(UriPartial.Authority);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(endpoint => endpoint.Key != AdminEndpointName)
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        var urls = new List<string>();
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!string.Equals(url.TrimEnd('/'), admin, StringComparison.OrdinalIgnoreCase))
            {
                urls.Add(url);
            }
        }

        urls.AddRange(Ports(configuration["http_ports"], "http"));
        urls.AddRange(Ports(configuration["https_ports"], "https"));
        return urls.Count > 0 ? urls : new[] { GatewayHosting.DefaultUrl };
    }

    /// <summary>Every reason the configured listeners may not start; empty when they may.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, GatewayEdgeSettings settings, (Uri Url, string Token)? admin)
    {
        var problems = new List<string>();
        if (settings.Problem is { } setting)
        {
            problems.Add(setting);
        }

        var anyHttps = false;
        foreach (var url in GatewayUrls(configuration, admin?.Url))
        {
            if (!TryParse(url, out var address))
            {
                problems.Add($"The listen address '{url}' is not a URL such as https://0.0.0.0:8443.");
            }
            else if (address.Scheme == "https")
            {
                anyHttps = true;
            }
            else if (!settings.AllowPlainHttp && !IsLoopback(address))
            {
                problems.Add(
                    $"The gateway would listen on {url} with plain HTTP on a non-loopback address, where API keys, tokens and data cross the network unencrypted. " +
                    $"Listen with HTTPS instead (--urls https://{address.Host}:{address.Port} with Kestrel:Certificates:Default:Path set to a PEM certificate and " +
                    $"Kestrel:Certificates:Default:KeyPath to its key), or, when a TLS-terminating load balancer is in front, set {GatewayEdgeSettings.AllowPlainHttpKey}=true.");
            }
        }

        if (admin is { } configured)
        {
            if (configured.Token.Length < MinimumAdminTokenLength)
            {
                problems.Add($"Gateway:Admin:Token must be at least {MinimumAdminTokenLength} characters long (it has {configured.Token.Length}); make one with: openssl rand -hex 32");
            }

            var adminAddress = BindingAddress.Parse(configured.Url.GetLeftPart(UriPartial.Authority));
            if (adminAddress.Scheme == "https")
            {
                anyHttps = true;
            }
            else if (!IsLoopback(adminAddress))
            {
                problems.Add($"The admin listener would listen on {configured.Url} with plain HTTP on a non-loopback address, where its token crosses the network unencrypted. " +
                    "Keep Gateway:Admin:Url on a loopback address (http://127.0.0.1:5081) or give it https:// and a certificate.");
            }
        }

        if (anyHttps && !HasCertificate(configuration))
        {
            problems.Add("HTTPS needs a certificate: set Kestrel:Certificates:Default:Path to a PEM certificate file and Kestrel:Certificates:Default:KeyPath to its private key " +
                "(or give each endpoint of Kestrel:Endpoints its own Certificate).");
        }

        if (settings.TrustStorePath is not null && !anyHttps)
        {
            problems.Add($"{GatewayEdgeSettings.TrustStoreKey} asks for client certificates, which only an HTTPS listener can receive; listen with https://.");
        }

        foreach (var (key, value) in ProtocolSettings(configuration))
        {
            var weak = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(protocol => WeakProtocols.Contains(protocol, StringComparer.OrdinalIgnoreCase));
            if (weak is not null)
            {
                problems.Add($"{key} allows {weak}; the gateway accepts TLS 1.2 and 1.3 only (set it to Tls12, Tls13 or both).");
            }
        }

        return problems;
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");

    private static bool TryParse(string url, out BindingAddress address)
    {
        try
        {
            address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https";
        }
        catch (FormatException)
        {
            address = null!;
            return false;
        }
    }

    private static bool IsLoopback(BindingAddress address) =>
        address.IsUnixPipe ||
        string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool HasCertificate(IConfiguration configuration)
    {
        static bool Configured(IConfigurationSection certificate) =>
            !string.IsNullOrEmpty(certificate["Path"]) || !string.IsNullOrEmpty(certificate["Subject"]);

        if (Configured(configuration.GetSection("Kestrel:Certificates:Default")))
        {
            return true;
        }

        var https = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(endpoint => endpoint["Url"]?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        return https.Count > 0 && https.All(endpoint => Configured(endpoint.GetSection("Certificate")) || endpoint.GetSection("Sni").Exists());
    }

    private static IEnumerable<(string Key, string Value)> ProtocolSettings(IConfiguration configuration)
    {
        var sections = new[] { configuration.GetSection("Kestrel:EndpointDefaults") }.Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren());
        foreach (var section in sections)
        {
            // "SslProtocols": "Tls12,Tls13" or ["Tls12", "Tls13"].
            var protocols = section.GetSection("SslProtocols");
            var value = protocols.Value ?? string.Join(",", protocols.GetChildren().Select(child => child.Value));
            if (value.Length > 0)
            {
                yield return (protocols.Path, value);
            }
        }
    }
}
