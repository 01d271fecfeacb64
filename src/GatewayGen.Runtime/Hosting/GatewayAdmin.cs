using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayGen.Runtime;

/// <summary>
/// The admin listener: the `keys` commands as JSON over HTTP, the metrics in Prometheus text (GET /metrics),
/// their history (GET /metrics/history, per route: GET /metrics/routes), alarms (GET /alarms), stages, deployments
/// and routes (GET /stages, /deployments, /routes), the deployed document (GET /export, <see cref="GatewayExport"/>), and the dashboard that shows them (GET /, <see cref="GatewayDashboard"/>),
/// on their own address (loopback by default) and only with the configured bearer token (32 characters at
/// least) or, for what the page shows (GET /dashboard/api/...), a dashboard session signed in with it, plus /ping and /health for load balancers, which
/// need no token. Off unless Gateway:Admin:Token is set. It runs in front of the
/// gateway's pipeline and answers everything that arrives on its port, so no gateway route is reachable there.
/// </summary>
public sealed class GatewayAdmin
{
    /// <summary>Where the admin listener listens unless Gateway:Admin:Url says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5081";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };
    private readonly byte[] _token;
    private readonly GatewayAccessSettings _settings;
    private readonly ApiKeyRegistry _keys;
    private readonly TimeProvider _time;
    private readonly GatewayDashboard _dashboard;

    private GatewayAdmin(Uri url, string token, GatewayAccessSettings settings, ApiKeyRegistry keys, TimeProvider time)
    {
        Url = url;
        _token = Encoding.UTF8.GetBytes(token);
        _settings = settings;
        _keys = keys;
        _time = time;
        _dashboard = new GatewayDashboard(time);
    }

    /// <summary>The admin listener's address.</summary>
    public Uri Url { get; }

    /// <summary>The admin settings from configuration, or null when no token is configured (the listener is off).</summary>
    public static (Uri Url, string Token)? FromConfiguration(IConfiguration configuration)
    {
        var token = configuration["Gateway:Admin:Token"];
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var url = new Uri(configuration["Gateway:Admin:Url"] is { Length: > 0 } configured ? configured : DefaultUrl);
        return (url, token);
    }

    /// <summary>
    /// Adds the admin address beside the gateway's: to the server's URLs, or, when Kestrel:Endpoints are configured
    /// (Kestrel then ignores the URLs), as one more of those endpoints.
    /// </summary>
    internal static void Listen(WebApplicationBuilder builder, Uri adminUrl, string gatewayUrls)
    {
        var authority = adminUrl.GetLeftPart(UriPartial.Authority);
        if (builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().GetEnumerator().MoveNext())
        {
            builder.Configuration[$"Kestrel:Endpoints:{GatewayListeners.AdminEndpointName}:Url"] = authority;
            return;
        }

        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, gatewayUrls + ";" + authority);
    }

    /// <summary>Creates the admin for a built application.</summary>
    internal static GatewayAdmin Create(Uri url, string token, IServiceProvider services) =>
        new(url, token, (GatewayAccessSettings)services.GetService(typeof(GatewayAccessSettings))!, (ApiKeyRegistry)services.GetService(typeof(ApiKeyRegistry))!, (TimeProvider)services.GetService(typeof(TimeProvider))!);

    /// <summary>The middleware: requests on the admin port are answered here, all others go on.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        context.Connection.LocalPort == Url.Port ? HandleAsync(context) : next(context);

    // GET /deployments: this binary's deployment, and the history the store keeps (every stage's), newest first.
    private async Task DeploymentsAsync(HttpContext context)
    {
        var info = context.RequestServices.GetRequiredService<GatewayInfo>();
        var history = _keys.Store.Deployments();
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject("current");
            WriteDeployment(writer, info.DeploymentId, info.Stage, info.Description, info.Created, info.Commit);
            writer.WriteEndObject();
            writer.WriteStartArray("deployments");
            var activeSeen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var deployment in history)
            {
                writer.WriteStartObject();
                WriteDeployment(writer, deployment.Id, deployment.Stage, deployment.Description, deployment.Created, deployment.Commit);
                writer.WriteString("recorded", deployment.Recorded);
                writer.WriteBoolean("active", activeSeen.Add(deployment.Stage)); // the newest of its stage
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static void WriteDeployment(Utf8JsonWriter writer, string id, string stage, string? description, DateTimeOffset? created, string? commit)
    {
        writer.WriteString("id", id);
        writer.WriteString("stage", stage);
        writer.WriteString("description", description);
        if (created is { } at)
        {
            writer.WriteString("created", at);
        }

        writer.WriteString("commit", commit);
    }

    // GET /stages: this process's stage and those other processes sharing the store recorded, with the deployment each serves.
    private static async Task StagesAsync(HttpContext context)
    {
        var info = context.RequestServices.GetRequiredService<GatewayInfo>();
        var stages = context.RequestServices.GetService<MetricsHistory>() is { } history
            ? history.Stages()
            : new[] { context.RequestServices.GetRequiredService<GatewayStage>().Current() };
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteString("current", info.Stage);
            writer.WriteStartArray("stages");
            foreach (var stage in stages)
            {
                writer.WriteStartObject();
                writer.WriteString("name", stage.Stage);
                writer.WriteString("description", stage.Description);
                writer.WriteString("invokeUrl", stage.InvokeUrl);
                writer.WriteString("deploymentId", stage.DeploymentId);
                writer.WriteString("lastUpdated", stage.Updated);
                writer.WriteString("lastSeen", stage.Seen);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    // GET /routes: every operation this gateway routes.
    private static async Task RoutesAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<GatewayRuntime>();
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteStartArray("apis");
            foreach (var api in runtime.Info.Apis)
            {
                writer.WriteStartObject();
                writer.WriteString("name", api.Name);
                writer.WriteString("title", api.Title);
                writer.WriteString("version", api.Version);
                writer.WriteString("document", api.Document);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("routes");
            foreach (var route in runtime.Routes)
            {
                writer.WriteStartObject();
                writer.WriteString("api", route.Api);
                writer.WriteString("method", route.Method);
                writer.WriteString("resource", route.Resource);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    // GET /metrics/routes?stage=S&range=R: each route's requests, errors, average and p99 latency over the range.
    private static async Task RouteMetricsAsync(HttpContext context)
    {
        if (await HistoryQueryAsync(context) is not { } asked)
        {
            return;
        }

        var (history, stage, range) = asked;

        var routes = history.Routes(stage, range);
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteString("stage", stage);
            writer.WriteString("range", range);
            writer.WriteStartArray("routes");
            foreach (var route in routes)
            {
                writer.WriteStartObject();
                writer.WriteString("api", route.Api);
                writer.WriteString("method", route.Method);
                writer.WriteString("resource", route.Resource);
                writer.WriteNumber("count", route.Count);
                writer.WriteNumber("4XXError", route.Errors4xx);
                writer.WriteNumber("5XXError", route.Errors5xx);
                Milliseconds(writer, "latencyAverage", route.LatencyCount == 0 ? null : route.LatencySum / route.LatencyCount);
                Milliseconds(writer, "latencyP99", route.LatencyBuckets is { } buckets ? LatencyBuckets.Percentile(buckets, 0.99) : null);
                Milliseconds(writer, "integrationLatencyAverage", route.IntegrationLatencyCount == 0 ? null : route.IntegrationLatencySum / route.IntegrationLatencyCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static void Milliseconds(Utf8JsonWriter writer, string name, double? seconds)
    {
        if (seconds is { } value)
        {
            writer.WriteNumber(name, Math.Round(value * 1000, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    // The history's query parameters (stage, default this process's; range, default 1h), or a 400/404 written.
    private static async Task<(MetricsHistory History, string Stage, string Range)?> HistoryQueryAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var range = query["range"].Count == 1 ? query["range"][0]! : "1h";
        if (!MetricsHistory.Ranges.ContainsKey(range))
        {
            await WriteAsync(context, 400, writer => writer.WriteString("message", $"range must be one of {string.Join(", ", MetricsHistory.Ranges.Keys)}, not '{range}'."));
            return null;
        }

        if (context.RequestServices.GetService<MetricsHistory>() is not { } history)
        {
            await WriteAsync(context, 404, writer => writer.WriteString("message", "Metrics history is off (Gateway:Metrics:History=false)."));
            return null;
        }

        var stage = query["stage"].Count == 1 && query["stage"][0] is { Length: > 0 } asked ? asked : context.RequestServices.GetRequiredService<GatewayInfo>().Stage;
        return (history, stage, range);
    }

    // GET /metrics/history?stage=S&range=1h|3h|12h|1d|3d|1w[&resource=/x]: the rollups as [unixMillis, value] points.
    private static async Task HistoryAsync(HttpContext context)
    {
        if (await HistoryQueryAsync(context) is not { } asked)
        {
            return;
        }

        var (history, stage, range) = asked;

        var query = context.Request.Query;
        var resource = query["resource"].Count == 1 && query["resource"][0] is { Length: > 0 } path ? path : null;
        var points = history.Query(stage, range, resource);
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteString("stage", stage);
            writer.WriteString("range", range);
            writer.WriteNumber("periodSeconds", MetricsHistory.Ranges[range].Period.TotalSeconds);
            if (resource is not null)
            {
                writer.WriteString("resource", resource);
            }

            writer.WriteStartObject("series");
            Series(writer, "Count", points, p => p.Count);
            Series(writer, "4XXError", points, p => p.Errors4xx);
            Series(writer, "5XXError", points, p => p.Errors5xx);
            Series(writer, "Latency", points, p => p.LatencyCount == 0 ? null : p.LatencySum * 1000 / p.LatencyCount);
            Series(writer, "IntegrationLatency", points, p => p.IntegrationLatencyCount == 0 ? null : p.IntegrationLatencySum * 1000 / p.IntegrationLatencyCount);
            Series(writer, "CacheHitCount", points, p => p.CacheHits);
            Series(writer, "CacheMissCount", points, p => p.CacheMisses);
            writer.WriteEndObject();
        });
    }

    private static void Series(Utf8JsonWriter writer, string name, IReadOnlyList<MetricMinute> points, Func<MetricMinute, double?> value)
    {
        writer.WriteStartArray(name);
        foreach (var point in points)
        {
            if (value(point) is { } v)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(point.Minute);
                writer.WriteNumberValue(Math.Round(v, 3));
                writer.WriteEndArray();
            }
        }

        writer.WriteEndArray();
    }

    private async Task HandleAsync(HttpContext context)
    {
        // Load balancers and orchestrators probe without the token: liveness, and readiness (the store answers).
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/ping")
        {
            await WriteAsync(context, 200, writer => writer.WriteString("status", "ok"));
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/health")
        {
            var report = await context.RequestServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(context.RequestAborted);
            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? 503 : 200;
            await GatewayEdge.WriteHealthAsync(context, report);
            return;
        }

        if (await _dashboard.TryHandleAsync(context, IsToken))
        {
            return;
        }

        // The dashboard's session reads, under the cookie's own path, only what the page shows; all else needs the token.
        var path = context.Request.Path.Value ?? "/";
        string[] segments;
        if (path.StartsWith(GatewayDashboard.ApiPrefix, StringComparison.Ordinal))
        {
            segments = path.Substring(GatewayDashboard.ApiPrefix.Length).Trim('/').Split('/');
            if (!HttpMethods.IsGet(context.Request.Method) || !_dashboard.HasSession(context.Request) || !GatewayDashboard.Reads(segments))
            {
                await WriteAsync(context, 401, writer => writer.WriteString("message", "Unauthorized: sign in to the dashboard at / with the admin token."));
                return;
            }
        }
        else if (IsAuthorized(context.Request))
        {
            segments = path.Trim('/').Split('/');
        }
        else
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, 401, writer => writer.WriteString("message", "Unauthorized: send Authorization: Bearer <Gateway:Admin:Token>."));
            return;
        }

        var method = context.Request.Method;
        switch (segments)
        {
            case ["alarms"] when HttpMethods.IsGet(method):
                var alarms = context.RequestServices.GetRequiredService<GatewayAlarms>().Alarms;
                await WriteAsync(context, 200, writer =>
                {
                    writer.WriteStartArray("alarms");
                    foreach (var alarm in alarms)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", alarm.Name);
                        writer.WriteString("state", alarm.State);
                        writer.WriteString("metric", alarm.Metric);
                        writer.WriteString("comparison", alarm.Comparison);
                        writer.WriteNumber("threshold", alarm.Threshold);
                        writer.WriteNumber("periodSeconds", alarm.Period.TotalSeconds);
                        writer.WriteString("resource", alarm.Resource);
                        if (alarm.LastValue is { } last)
                        {
                            writer.WriteNumber("value", last);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
                return;
            case ["deployments"] when HttpMethods.IsGet(method):
                await DeploymentsAsync(context);
                return;
            case ["export"] when HttpMethods.IsGet(method):
                await GatewayExport.WriteAsync(context);
                return;
            case ["stages"] when HttpMethods.IsGet(method):
                await StagesAsync(context);
                return;
            case ["routes"] when HttpMethods.IsGet(method):
                await RoutesAsync(context);
                return;
            case ["metrics", "routes"] when HttpMethods.IsGet(method):
                await RouteMetricsAsync(context);
                return;
            case ["metrics", "history"] when HttpMethods.IsGet(method):
                await HistoryAsync(context);
                return;
            case ["metrics"] when HttpMethods.IsGet(method):
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await context.Response.WriteAsync(context.RequestServices.GetRequiredService<GatewayMetrics>().Exposition.Write(), context.RequestAborted);
                return;
            case ["keys"] when HttpMethods.IsGet(method):
                await WriteAsync(context, 200, writer =>
                {
                    writer.WriteStartArray("keys");
                    foreach (var key in _keys.Store.List())
                    {
                        writer.WriteStartObject();
                        WriteKey(writer, key);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
                return;
            case ["keys"] when HttpMethods.IsPost(method):
                await CreateAsync(context);
                return;
            case ["keys", var keyOrId] when HttpMethods.IsDelete(method):
                if (_keys.Store.Find(keyOrId) is not { } revoked)
                {
                    await NotFoundAsync(context, keyOrId);
                    return;
                }

                var changed = _keys.Store.Revoke(revoked.Id, _time.GetUtcNow());
                _keys.Refresh();
                await WriteAsync(context, 200, writer =>
                {
                    writer.WriteString("id", revoked.Id);
                    writer.WriteBoolean("revoked", true);
                    writer.WriteBoolean("alreadyRevoked", !changed);
                });
                return;
            case ["deployment"] when HttpMethods.IsGet(method):
                var info = (GatewayInfo)context.RequestServices.GetService(typeof(GatewayInfo))!;
                await WriteAsync(context, 200, writer =>
                {
                    writer.WriteString("id", info.DeploymentId);
                    writer.WriteString("stage", info.Stage);
                    writer.WriteString("description", info.Description);
                    WriteTime(writer, "created", info.Created);

                    writer.WriteString("commit", info.Commit);
                    writer.WriteString("generator", info.GeneratorVersion);
                    writer.WriteStartArray("apis");
                    foreach (var api in info.Apis)
                    {
                        writer.WriteStringValue(api.Document);
                    }

                    writer.WriteEndArray();
                });
                return;
            case ["keys", var keyOrId, "usage"] when HttpMethods.IsGet(method):
                await UsageAsync(context, keyOrId);
                return;
            case ["cache"] when HttpMethods.IsDelete(method):
                await FlushCacheAsync(context);
                return;
            default:
                await WriteAsync(context, 404, writer => writer.WriteString("message", "The admin listener offers GET / (the dashboard), GET /ping, GET /health, GET /deployment, GET /deployments, GET /export, GET /stages, GET /routes, GET /metrics, GET /metrics/history, GET /metrics/routes, GET /alarms, GET /keys, POST /keys, DELETE /keys/{id}, GET /keys/{id}/usage and DELETE /cache?stage=S[&resource=/path]."));
                return;
        }
    }

    // DELETE /cache?stage=S flushes the stage's cache (API Gateway's FlushStageCache); &resource=/pets/{petId} one resource's entries.
    private static async Task FlushCacheAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<GatewayRuntime>();
        var stage = context.Request.Query["stage"].ToString();
        var resource = context.Request.Query["resource"].ToString();
        if (stage != runtime.Info.Stage)
        {
            await WriteAsync(context, 404, writer => writer.WriteString("message", $"This gateway serves stage '{runtime.Info.Stage}', not '{stage}': name it with ?stage={runtime.Info.Stage}."));
            return;
        }

        if (!runtime.Cache.Enabled)
        {
            await WriteAsync(context, 409, writer => writer.WriteString("message", $"Stage '{stage}' has no cache (x-gatewaygen-stages: {stage}: cache: enabled: true)."));
            return;
        }

        if (resource.Length > 0 && !HasResource(runtime, resource))
        {
            await WriteAsync(context, 404, writer => writer.WriteString("message", $"No operation has the resource '{resource}' (a path template, e.g. /pets/{{petId}})."));
            return;
        }

        await runtime.Cache.FlushAsync(resource.Length > 0 ? resource : null, context.RequestAborted);
        await WriteAsync(context, 200, writer =>
        {
            writer.WriteString("stage", stage);
            writer.WriteString("resource", resource.Length > 0 ? resource : null);
            writer.WriteBoolean("flushed", true);
        });
    }

    private static bool HasResource(GatewayRuntime runtime, string resource)
    {
        foreach (var route in runtime.Routes)
        {
            if (route.Resource == resource)
            {
                return true;
            }
        }

        return false;
    }

    private async Task CreateAsync(HttpContext context)
    {
        string? plan = null, name = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                plan = body.RootElement.TryGetProperty("plan", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                name = body.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // answered below: no plan
        }

        if (plan is null || !_settings.Plans.ContainsKey(plan))
        {
            await WriteAsync(context, 400, writer =>
            {
                writer.WriteString("message", plan is null ? "Send {\"plan\": \"NAME\", \"name\": \"optional label\"}." : $"There is no usage plan '{plan}'.");
                writer.WriteStartArray("plans");
                foreach (var known in _settings.Plans.Keys)
                {
                    writer.WriteStringValue(known);
                }

                writer.WriteEndArray();
            });
            return;
        }

        var (record, key) = _keys.Store.Create(plan, name, _time.GetUtcNow());
        _keys.Refresh();
        await WriteAsync(context, 201, writer =>
        {
            WriteKey(writer, record);
            writer.WriteString("key", key); // shown this once; the store keeps only its hash
        });
    }

    private async Task UsageAsync(HttpContext context, string keyOrId)
    {
        if (_keys.Store.Find(keyOrId) is not { } key)
        {
            await NotFoundAsync(context, keyOrId);
            return;
        }

        var quota = _settings.Plans.TryGetValue(key.Plan, out var plan) ? plan.Quota : null;
        var now = _time.GetUtcNow();
        await WriteAsync(context, 200, writer =>
        {
            WriteKey(writer, key);
            if (quota is null)
            {
                writer.WriteNull("quota");
                return;
            }

            var usage = _keys.Store.Usage(key.Id, quota, now);
            writer.WriteStartObject("quota");
            writer.WriteNumber("limit", quota.Limit);
            writer.WriteNumber("used", usage.Used);
            writer.WriteNumber("remaining", usage.Remaining);
            writer.WriteString("period", quota.Period.ToString().ToUpperInvariant());
            writer.WriteString("periodStart", usage.PeriodStart);
            writer.WriteString("periodEnd", usage.PeriodEnd);
            writer.WriteEndObject();
        });
    }

    private static void WriteKey(Utf8JsonWriter writer, ApiKeyRecord key)
    {
        writer.WriteString("id", key.Id);
        writer.WriteString("plan", key.Plan);
        writer.WriteString("name", key.Name);
        writer.WriteString("created", key.CreatedUtc);
        WriteTime(writer, "revoked", key.RevokedUtc);
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && IsToken(header.Substring(Scheme.Length).Trim());
    }

    private bool IsToken(string presented) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);

    private static Task NotFoundAsync(HttpContext context, string keyOrId) =>
        WriteAsync(context, 404, writer => writer.WriteString("message", $"No API key has the id or value '{keyOrId}'."));

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store"; // keys and metrics stay out of browser and proxy caches
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
