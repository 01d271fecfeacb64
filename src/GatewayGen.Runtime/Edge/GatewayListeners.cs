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

#pragma warning disable CS0618, SYSLIB0039 // the obsolete protocols are what is looked for
    private const System.Security.Authentication.SslProtocols WeakProtocols =
        System.Security.Authentication.SslProtocols.Ssl2 | System.Security.Authentication.SslProtocols.Ssl3 |
        System.Security.Authentication.SslProtocols.Tls | System.Security.Authentication.SslProtocols.Tls11;
#pragma warning restore CS0618, SYSLIB0039

    /// <summary>The gateway's own listen addresses as configuration gives them (the admin listener's left out).</summary>
    public static IReadOnlyList<string> GatewayUrls(IConfiguration configuration, Uri? adminUrl)
    {
        var admin = adminUrl?.GetLeftPart(UriPartial.Authority);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(endpoint => endpoint.Key != AdminEndpointName)
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .ToList();
        // Kestrel binds its endpoints and ignores the URLs, unless preferHostingUrls says the opposite.
        var preferUrls = string.Equals(configuration["preferHostingUrls"], "true", StringComparison.OrdinalIgnoreCase);
        if (endpoints.Count > 0 && !preferUrls)
        {
            return endpoints;
        }

        var urls = new List<string>(endpoints);
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
            // Kestrel reads the names (or numbers) as SslProtocols flags; None leaves the choice to the system.
            var protocols = System.Security.Authentication.SslProtocols.None;
            var parsed = true;
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                parsed &= Enum.TryParse<System.Security.Authentication.SslProtocols>(part, ignoreCase: true, out var one);
                protocols |= one;
            }

            if (!parsed || protocols == System.Security.Authentication.SslProtocols.None || (protocols & WeakProtocols) != 0)
            {
                problems.Add($"{key} is '{value}'; the gateway accepts TLS 1.2 and 1.3 only (set it to Tls12, Tls13 or both).");
            }
        }

        if (settings.TrustStorePath is not null)
        {
            foreach (var (key, mode) in ClientCertificateModes(configuration))
            {
                if (!string.Equals(mode, "RequireCertificate", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{key} is '{mode}', but {GatewayEdgeSettings.TrustStoreKey} asks every client for a certificate; remove it or set it to RequireCertificate.");
                }
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
        foreach (var section in TlsSections(configuration))
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

    // Mutual TLS is all-or-nothing: an endpoint (or SNI entry) that asks less of a client would let one in without a certificate.
    private static IEnumerable<(string Key, string Mode)> ClientCertificateModes(IConfiguration configuration)
    {
        foreach (var section in TlsSections(configuration))
        {
            if (section["ClientCertificateMode"] is { Length: > 0 } mode)
            {
                yield return (section.Path + ":ClientCertificateMode", mode);
            }
        }
    }

    // Every section Kestrel reads TLS settings from: the defaults, each endpoint, and each endpoint's SNI entries.
    private static IEnumerable<IConfigurationSection> TlsSections(IConfiguration configuration)
    {
        yield return configuration.GetSection("Kestrel:EndpointDefaults");
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            yield return endpoint;
            foreach (var sni in endpoint.GetSection("Sni").GetChildren())
            {
                yield return sni;
            }
        }
    }
}
