using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatewayGen.Runtime;

/// <summary>
/// Routing maps operations on ASP.NET Core endpoint routing (its DFA matcher does the per-request work):
/// one endpoint per operation, a 405 endpoint per path that lists what the path allows, and a 404 for
/// everything else. Orders keep them apart: operations 0, 405s 1, the 404 last.
/// </summary>
public static class GatewayEndpoints
{
    private const int MethodNotAllowedOrder = 1;

    /// <summary>Maps one operation. A null <paramref name="methods"/> accepts every method (x-amazon-apigateway-any-method); a path's specific methods still win over it.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="template">The route template.</param>
    /// <param name="methods">The methods it answers, or null for all.</param>
    /// <param name="handler">The generated handler.</param>
    /// <param name="displayName">"GET /pets (listPets)".</param>
    /// <param name="metrics">The operation's metric dimensions: each answered request is counted and timed (GatewayMetrics).</param>
    /// <param name="api">The settings of the operation's API, attached as endpoint metadata (<see cref="ApiSettings.Of"/>).</param>
    public static IEndpointConventionBuilder MapOperation(IEndpointRouteBuilder endpoints, string template, string[]? methods, RequestDelegate handler, string displayName, OperationMetrics? metrics = null, ApiSettings? api = null)
    {
        if (metrics is not null)
        {
            var runtime = GatewayRuntime.From(endpoints);
            runtime.AddRoute(metrics);
            if (runtime.Metrics.Enabled)
            {
                handler = Measured(handler, metrics, runtime.Metrics);
            }
        }

        var builder = methods is null ? endpoints.Map(template, handler) : endpoints.MapMethods(template, methods, handler);
        if (metrics is not null)
        {
            builder.WithMetadata(metrics); // the operation's path template for $context.resourcePath, metrics on or off
        }

        return WithApi(endpoints, builder.WithDisplayName(displayName), api);
    }

    /// <summary>The gateway's spans: one per served operation, when a listener (OpenTelemetry tracing) asks for them.</summary>
    public static readonly System.Diagnostics.ActivitySource Spans = new(GatewayMetrics.MeterName);

    // One closure per operation, made at start-up; per request a timestamp, the feature and the increments (and a
    // span only while something listens).
    private static RequestDelegate Measured(RequestDelegate handler, OperationMetrics metrics, GatewayMetrics recorder)
    {
        var spanName = metrics.Resource.Length == 0 ? metrics.Method : metrics.Method + " " + metrics.Resource;
        return async context =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            context.Features.Set(metrics); // for IntegrationLatency in the forwarder
            using var span = Spans.HasListeners() ? StartSpan(context, spanName, metrics) : null;
            var failed = true;
            try
            {
                await handler(context);
                failed = false;
            }
            finally
            {
                var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                recorder.RecordRequest(metrics, status, started);
                span?.SetTag("http.response.status_code", status);
                if (status >= 500)
                {
                    span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                }
            }
        };
    }

    // A server span continuing the client's trace (traceparent/tracestate) unless hosting already started one.
    private static System.Diagnostics.Activity? StartSpan(HttpContext context, string name, OperationMetrics metrics)
    {
        var parent = default(System.Diagnostics.ActivityContext);
        if (System.Diagnostics.Activity.Current is null && context.Request.Headers.TryGetValue("traceparent", out var traceparent) && traceparent.Count == 1)
        {
            var tracestate = context.Request.Headers.TryGetValue("tracestate", out var state) && state.Count == 1 ? state[0] : null;
            System.Diagnostics.ActivityContext.TryParse(traceparent[0], tracestate, isRemote: true, out parent);
        }

        var span = Spans.StartActivity(name, System.Diagnostics.ActivityKind.Server, parent);
        span?.SetTag("http.request.method", context.Request.Method);
        span?.SetTag("http.route", metrics.Resource);
        span?.SetTag("gatewaygen.api", metrics.Api);
        return span;
    }

    // Requests no operation answers (404, 405) count too, as API Gateway counts them in the API's Count and
    // 4XXError: one series without a resource (a scan of random paths adds none), under the API when there is one.
    private static RequestDelegate Unrouted(IEndpointRouteBuilder endpoints, RequestDelegate handler)
    {
        var runtime = GatewayRuntime.From(endpoints);
        if (!runtime.Metrics.Enabled)
        {
            return handler;
        }

        var apis = runtime.Info.Apis;
        return Measured(handler, new OperationMetrics(apis.Count == 1 ? apis[0].Name : "", "ANY", ""), runtime.Metrics);
    }

    /// <summary>Maps the 405 answer for a path: every method the path does not offer, with <c>Allow</c>.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="template">The path's route template.</param>
    /// <param name="allow">The Allow header: the methods the path offers.</param>
    /// <param name="api">The settings of the API that owns the path (the first, when several APIs share it).</param>
    public static IEndpointConventionBuilder MapMethodNotAllowed(IEndpointRouteBuilder endpoints, string template, string allow, ApiSettings? api = null) =>
        WithApi(endpoints, endpoints.Map(template, Unrouted(endpoints, context => GatewayErrors.MethodNotAllowedAsync(context, allow)))
            .WithOrder(MethodNotAllowedOrder)
            .WithDisplayName("405 " + template), api);

    /// <summary>Maps the 404 answer for every path no operation has.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="api">The settings of the gateway's API when it serves exactly one.</param>
    public static IEndpointConventionBuilder MapNotFound(IEndpointRouteBuilder endpoints, ApiSettings? api = null) =>
        WithApi(endpoints, endpoints.Map("/{**path}", Unrouted(endpoints, GatewayErrors.NotFoundAsync))
            .WithOrder(int.MaxValue)
            .WithDisplayName("404"), api);

    private static IEndpointConventionBuilder WithApi(IEndpointRouteBuilder endpoints, IEndpointConventionBuilder builder, ApiSettings? api)
    {
        GatewayCors.Attach(builder, api, GatewayRuntime.From(endpoints));
        if (api is null)
        {
            return builder;
        }

        GatewayRuntime.From(endpoints).AddApi(api);
        return builder.WithMetadata(api);
    }
}
