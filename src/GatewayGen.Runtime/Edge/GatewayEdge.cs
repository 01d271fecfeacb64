using System;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// The edge owns everything between the network and the gateway's routes: Kestrel's limits and timeouts, HTTPS
/// (certificates from configuration, TLS 1.2 at least, HSTS (set by <see cref="EdgeMiddleware"/>), optional mutual TLS), the listener policy checked
/// before anything binds, JSON bodies on the server's own answers, request ids, and health checks.
/// </summary>
public static class GatewayEdge
{
    /// <summary>Registers the edge for <see cref="GatewayHosting.AddGatewayRuntime"/>.</summary>
    internal static void Add(WebApplicationBuilder builder, GatewayEdgeSettings settings, (Uri Url, string Token)? admin)
    {
        // CreateSlimBuilder leaves HTTPS configuration out; without it --urls https://... aborts at start.
        builder.WebHost.UseKestrelHttpsConfiguration();
        ClientCertificateTrust? trust = null;
        try
        {
            trust = settings.TrustStorePath is { } path ? ClientCertificateTrust.Load(path) : null;
        }
        catch (GatewayConfigurationException exception)
        {
            settings = settings with { Problem = settings.Problem ?? exception.Message }; // refused at start, with the message
        }


        builder.WebHost.ConfigureKestrel(options => ConfigureKestrel(options, settings, trust));
        builder.Services.AddSingleton(settings);
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // The client's address only, and only from the proxies configured: host and scheme stay the gateway's own.
            // None without proxies: ASPNETCORE_FORWARDEDHEADERS_ENABLED would otherwise trust every client's header.
            forwarded.ForwardedHeaders = settings.TrustedProxies.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            forwarded.ForwardLimit = null; // walk back through every trusted proxy to the first address that is not one
            forwarded.KnownProxies.Clear();
#if NET10_0_OR_GREATER
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
#else
            forwarded.KnownNetworks.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                forwarded.KnownNetworks.Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(network.BaseAddress, network.PrefixLength));
            }
#endif
        });
        GatewayCompression.Add(builder.Services);
        builder.Services.AddSingleton<IStartupFilter>(new EdgeStartupFilter(settings, admin));
    }

    /// <summary>
    /// Every reason the gateway may not start, for a clear message before anything binds: its listeners, authorizers
    /// whose keys can come from nowhere, alarms that cannot be evaluated.
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<string> StartupProblems(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = new System.Collections.Generic.List<string>(GatewayListeners.Problems(configuration, services.GetRequiredService<GatewayEdgeSettings>(), GatewayAdmin.FromConfiguration(configuration)));
        problems.AddRange(services.GetRequiredService<GatewayAuthorizers>().Problems);
        problems.AddRange(services.GetRequiredService<GatewayAlarms>().Problems);
        return problems;
    }

    private static void ConfigureKestrel(KestrelServerOptions options, GatewayEdgeSettings settings, ClientCertificateTrust? trust)
    {
        options.AddServerHeader = false;
        var limits = options.Limits;
        // The payload limit is the edge's: a declared length is checked on the head, a chunked body as it is read.
        // Kestrel's bound counts chunk framing, so it only backs that up, with room for the framing.
        limits.MaxRequestBodySize = settings.MaxPayloadBytes > long.MaxValue / 8 ? null : settings.MaxPayloadBytes * 8 + 1024 * 1024;
        limits.MaxRequestHeadersTotalSize = settings.MaxHeadersTotalBytes;
        limits.MaxRequestLineSize = settings.MaxUrlLength + 32; // the method, spaces and version around the URL
        limits.Http2.MaxRequestHeaderFieldSize = Math.Max(limits.Http2.MaxRequestHeaderFieldSize, settings.MaxHeaderValueBytes + 256);
        limits.RequestHeadersTimeout = settings.RequestHeadersTimeout;
        limits.KeepAliveTimeout = settings.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = settings.MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(settings.MinRequestBodyBytesPerSecond, settings.MinDataRateGracePeriod) : null;

        // Backend response headers pass as the bytes they were (the forwarder reads them as Latin-1 too).
        options.ResponseHeaderEncodingSelector = static _ => Encoding.Latin1;
        options.ConfigureEndpointDefaults(listen => listen.Use(ServerAnswers.Middleware(settings)));
        options.ConfigureHttpsDefaults(https =>
        {
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            if (trust is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = trust.Accepts;
            }
        });
    }

    // Writes a health report as {"status": "Healthy", "checks": {"store": {"status": ..., "description": ...}}}.
    internal static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            writer.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", entry.Status.ToString());
                writer.WriteString("description", entry.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Puts the edge in front of the whole pipeline, after checking that the listeners may start.</summary>
    private sealed class EdgeStartupFilter(GatewayEdgeSettings settings, (Uri Url, string Token)? admin) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Runs before the server binds: a refused listener never opens a socket (hosts that call app.Run too).
            if (StartupProblems(app.ApplicationServices) is { Count: > 0 } problems)
            {
                throw new GatewayConfigurationException(string.Join(Environment.NewLine, problems));
            }

            var logger = app.ApplicationServices.GetRequiredService<ILogger<EdgeMiddleware>>();
            if (settings.TrustedProxies.Count > 0)
            {
                app.UseForwardedHeaders();
            }

            // CORS headers are registered before anything can answer, so that the edge's own refusals carry them too.
            app.Use(GatewayCors.Middleware(app.ApplicationServices, admin?.Url.Port ?? -1));
            var accessLog = app.ApplicationServices.GetService<AccessLog>();
            app.Use(inner => new EdgeMiddleware(inner, settings, admin?.Url.Port ?? -1, logger, accessLog).InvokeAsync);
            if (admin is { } configured)
            {
                app.Use(GatewayAdmin.Create(configured.Url, configured.Token, app.ApplicationServices).InvokeAsync);
            }

            GatewayCompression.Use(app);
            if (settings.HealthPath is { } path)
            {
                app.UseHealthChecks(path, new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
            }

            next(app);
        };
    }
}

/// <summary>Readiness: the store answers, when the gateway needs it (API keys); a gateway without keys needs none.</summary>
internal sealed class StoreHealthCheck(GatewayAccessSettings settings, ApiKeyRegistry keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!settings.UsesApiKeys)
        {
            return Task.FromResult(HealthCheckResult.Healthy("not used: no operation requires an API key"));
        }

        try
        {
            keys.Store.KeysVersion();
            return Task.FromResult(HealthCheckResult.Healthy("reachable"));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("unreachable: " + exception.Message));
        }
    }
}

/// <summary>
/// Mutual TLS as API Gateway does it: a client must present a certificate that chains to one of the trust store's
/// certificate authorities, within its validity dates and (if it names uses) meant for client authentication.
/// </summary>
internal sealed class ClientCertificateTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly X509Certificate2Collection _authorities;

    private ClientCertificateTrust(X509Certificate2Collection authorities) => _authorities = authorities;

    public static ClientCertificateTrust Load(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception exception) when (exception is System.IO.IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new GatewayConfigurationException($"{GatewayEdgeSettings.TrustStoreKey} '{path}' could not be read: {exception.Message}");
        }

        return authorities.Count > 0
            ? new ClientCertificateTrust(authorities)
            : throw new GatewayConfigurationException($"{GatewayEdgeSettings.TrustStoreKey} '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    public bool Accepts(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true; // a client's AIA URL must not make the gateway fetch anything
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore); // intermediates the client sent
        }

        return chain.Build(certificate);
    }
}
