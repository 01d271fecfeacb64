using System;
using System.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace GatewayGen.Runtime;

/// <summary>
/// Hosting wires the gateway into an ASP.NET Core application: its services, the edge (<see cref="GatewayEdge"/>),
/// and its embedded defaults (listen on http://127.0.0.1:5080 when nothing else is configured).
/// </summary>
public static class GatewayHosting
{
    /// <summary>Where the gateway listens when no URL is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The configuration key of the store's file (default: gatewaygen.db in the content root).</summary>
    public const string StorePathKey = "Gateway:Store";

    /// <summary>
    /// The configuration section that replaces the account throttle (RateLimit, BurstLimit): API Gateway's is a
    /// service quota one asks AWS to raise; here it is the operator's setting.
    /// </summary>
    public const string AccountThrottleKey = "Gateway:AccountThrottle";

    /// <summary>Registers the gateway's services. Called by the generated <c>AddGateway()</c>.</summary>
    public static WebApplicationBuilder AddGatewayRuntime(WebApplicationBuilder builder, GatewayInfo info, GatewayAccessSettings access)
    {
        builder.Services.AddSingleton(info);
        builder.Services.AddSingleton(WithConfiguredAccountThrottle(access, builder.Configuration.GetSection(AccountThrottleKey)));
        builder.Services.AddMetrics();
        var metricsOn = !bool.TryParse(builder.Configuration["Gateway:Metrics:Enabled"], out var enabled) || enabled;
        builder.Services.AddSingleton(services => new GatewayMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), info, metricsOn));
        builder.Services.AddSingleton<HttpForwarder>();
        if (info.CacheCapacityMegabytes > 0)
        {
            // The output-cache store alone (no middleware): size-limited, expiring, evicted by tag.
            builder.Services.AddOutputCache(options => options.SizeLimit = info.CacheCapacityMegabytes * 1024L * 1024L);
        }

        builder.Services.AddSingleton(services => new ResponseCache(
            info.CacheCapacityMegabytes > 0 ? services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>() : null,
            services.GetRequiredService<GatewayMetrics>(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<ResponseCache>>()));
        builder.Services.AddSingleton<GatewayRuntime>();
        builder.Services.AddSingleton<GatewayStage>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // The store is opened on first use: by API keys, or by the metrics history once there is traffic to keep.
        var storePath = builder.Configuration[StorePathKey] is { Length: > 0 } configured
            ? Path.Combine(builder.Environment.ContentRootPath, configured)
            : Path.Combine(builder.Environment.ContentRootPath, "gatewaygen.db");
        var store = new Lazy<ApiKeyStore>(() => new ApiKeyStore(storePath));
        builder.Services.AddSingleton(new ApiKeyRegistry(store));
        builder.Services.AddSingleton(new QuotaCounters(() => store.Value));
        // An OpenTelemetry collector gets the same instruments over OTLP when one is configured.
        if (builder.Configuration["Gateway:Otlp:Endpoint"] is { Length: > 0 } otlp)
        {
            AddOtlp(builder, otlp);
        }

        builder.Services.AddSingleton(services => new GatewayAlarms(
            builder.Configuration, services.GetRequiredService<GatewayMetrics>().Exposition, info, services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayGen.Alarms")));
        builder.Services.AddHostedService(services => services.GetRequiredService<GatewayAlarms>());
        if (!string.Equals(builder.Configuration["Gateway:Metrics:History"], "false", StringComparison.OrdinalIgnoreCase))
        {
            // Per-minute rollups in the store; the file is made only once there is traffic to keep.
            builder.Services.AddSingleton(services => new MetricsHistory(
                services.GetRequiredService<GatewayMetrics>().Exposition, store, services.GetRequiredService<GatewayStage>(), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayGen.Metrics"), builder.Configuration));
            builder.Services.AddHostedService(services => services.GetRequiredService<MetricsHistory>());
        }

        if (AccessLog.FromConfiguration(builder.Configuration, info) is { } accessLog)
        {
            builder.Services.AddSingleton(accessLog);
            builder.Services.AddHostedService(_ => accessLog);
        }

        builder.Services.AddSingleton<GatewayAuthorizers>();
        builder.Services.AddSingleton<GatewayAccess>();
        builder.Services.AddHostedService<GatewayStoreService>();
        builder.Services.AddRouting();
        builder.Services.AddCors(); // ICorsService, which writes x-amazon-apigateway-cors's headers (GatewayCors)

        var hasUrls = HasConfiguredUrls(builder.Configuration);
        if (!hasUrls)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var admin = GatewayAdmin.FromConfiguration(builder.Configuration);
        if (admin is { } adminListener)
        {
            // The gateway's addresses as configured (urls, or HTTP_PORTS/HTTPS_PORTS, which Kestrel ignores once urls are set).
            GatewayAdmin.Listen(builder, adminListener.Url, string.Join(";", GatewayListeners.GatewayUrls(builder.Configuration, adminListener.Url)));
        }

        GatewayEdge.Add(builder, GatewayEdgeSettings.FromConfiguration(builder.Configuration), admin);

        // A gateway logs what goes wrong, not a line per request, unless configuration says otherwise.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

            // While this category is on at any level, hosting starts an Activity and a logging scope per request
            // (a fifth of a proxied request's allocations) for log lines that are Information or below. Tracing
            // listeners (OpenTelemetry) still get their Activity; configuring the category brings it all back.
            if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] is null)
            {
                builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
            }
        }

        return builder;
    }

    private static void AddOtlp(WebApplicationBuilder builder, string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new GatewayConfigurationException($"Gateway:Otlp:Endpoint must be an http or https URL, not '{endpoint}'.");
        }

        var protocol = builder.Configuration["Gateway:Otlp:Protocol"] is "grpc"
            ? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc
            : OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
        var interval = builder.Configuration["Gateway:Otlp:IntervalSeconds"] is { Length: > 0 } text
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 1
            ? (int)(seconds * 1000)
            : 60_000;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                // HTTP/protobuf posts to ENDPOINT/v1/metrics, as collectors listen.
                exporter.Endpoint = protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf ? new Uri(uri, "v1/metrics") : uri;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            }));
    }

    private static GatewayAccessSettings WithConfiguredAccountThrottle(GatewayAccessSettings access, IConfigurationSection section)
    {
        if (!section.Exists())
        {
            return access;
        }

        var rate = section["RateLimit"] is { } rateText ? ParseSetting(section, "RateLimit", rateText) : access.AccountThrottle.RateLimit;
        var burst = section["BurstLimit"] is { } burstText ? ParseSetting(section, "BurstLimit", burstText) : access.AccountThrottle.BurstLimit;
        if (burst > int.MaxValue || burst != Math.Floor(burst))
        {
            throw new InvalidOperationException($"{section.Path}:BurstLimit must be a whole number up to {int.MaxValue}, not '{section["BurstLimit"]}'.");
        }

        return access with { AccountThrottle = new ThrottleSettings(rate, (int)burst) };
    }

    private static double ParseSetting(IConfigurationSection section, string name, string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{name} must be a number above 0, not '{text}'.");

    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) ||
        !string.IsNullOrEmpty(configuration["http_ports"]) ||
        !string.IsNullOrEmpty(configuration["https_ports"]) ||
        configuration.GetSection("Kestrel:Endpoints").GetChildren().GetEnumerator().MoveNext();
}
