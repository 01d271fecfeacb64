using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime;

/// <summary>The per-application services that generated integrations share (one instance per app).</summary>
public sealed class GatewayRuntime
{
    /// <summary>Creates the runtime from its services.</summary>
    public GatewayRuntime(GatewayInfo info, HttpForwarder forwarder, GatewayAccess access, GatewayMetrics metrics, ResponseCache cache)
    {
        Cache = cache;
        Metrics = metrics;
        Info = info;
        Forwarder = forwarder;
        Access = access;
    }

    /// <summary>What the gateway was built from.</summary>
    public GatewayInfo Info { get; }

    /// <summary>API keys, throttles and quotas, checked before each operation runs.</summary>
    public GatewayAccess Access { get; }

    /// <summary>API Gateway's metrics, recorded per operation.</summary>
    public GatewayMetrics Metrics { get; }

    /// <summary>The stage's response cache, consulted by cached operations after their access checks.</summary>
    public ResponseCache Cache { get; }

    /// <summary>The pooled forwarder for http and http_proxy integrations.</summary>
    public HttpForwarder Forwarder { get; }

    /// <summary>The operations the gateway routes, in the order they were mapped (the dashboard's routes view).</summary>
    public System.Collections.Generic.IReadOnlyList<OperationMetrics> Routes => _routes;

    private readonly System.Collections.Generic.List<OperationMetrics> _routes = new();

    internal void AddRoute(OperationMetrics route) => _routes.Add(route);

    /// <summary>The settings of every API mapped, in mapping order.</summary>
    public System.Collections.Generic.IReadOnlyList<ApiSettings> Apis => _apis;

    private readonly System.Collections.Generic.List<ApiSettings> _apis = new();

    /// <summary>The API's settings when the gateway serves exactly one API (what answers outside any route use).</summary>
    public ApiSettings? SingleApi => _apis.Count == 1 ? _apis[0] : null;

    internal void AddApi(ApiSettings api)
    {
        if (!_apis.Contains(api))
        {
            _apis.Add(api);
        }
    }

    /// <summary>The runtime of the application that owns these endpoints.</summary>
    public static GatewayRuntime From(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetRequiredService<GatewayRuntime>();
}
