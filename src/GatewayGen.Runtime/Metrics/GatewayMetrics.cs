using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GatewayGen.Runtime;

/// <summary>
/// Owns the gateway's instruments (System.Diagnostics.Metrics, so OpenTelemetry and dotnet-counters see them too),
/// named after API Gateway's metrics: Count, 4XXError, 5XXError, Latency, IntegrationLatency, CacheHitCount and
/// CacheMissCount, each with the dimensions api, stage, method and resource (the path template, never the raw
/// path: bounded cardinality), and their aggregation for the admin listener. Recording a request is a few
/// increments and allocates nothing.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name, for listeners (OpenTelemetry: AddMeter("GatewayGen")).</summary>
    public const string MeterName = "GatewayGen";

    private readonly Counter<long> _count;
    private readonly Counter<long> _clientErrors;
    private readonly Counter<long> _serverErrors;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _integrationLatency;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/> (one per application).</summary>
    public GatewayMetrics(IMeterFactory meters, GatewayInfo info)
        : this(meters, info, enabled: true)
    {
    }

    /// <summary>As above; <paramref name="enabled"/> false (Gateway:Metrics:Enabled=false) records nothing, to measure what recording costs.</summary>
    public GatewayMetrics(IMeterFactory meters, GatewayInfo info, bool enabled)
    {
        Enabled = enabled;
        Meter = meters.Create(MeterName);
        Stage = info.Stage;
        _count = Meter.CreateCounter<long>("gatewaygen.count", "{request}", "Requests (API Gateway's Count).");
        _clientErrors = Meter.CreateCounter<long>("gatewaygen.4xx_error", "{request}", "Requests answered 4xx (API Gateway's 4XXError).");
        _serverErrors = Meter.CreateCounter<long>("gatewaygen.5xx_error", "{request}", "Requests answered 5xx (API Gateway's 5XXError).");
        CacheHits = Meter.CreateCounter<long>("gatewaygen.cache_hit", "{request}", "Requests answered from the cache (API Gateway's CacheHitCount).");
        CacheMisses = Meter.CreateCounter<long>("gatewaygen.cache_miss", "{request}", "Requests the cache could not answer (API Gateway's CacheMissCount).");
        _latency = Meter.CreateHistogram<double>("gatewaygen.latency", "s", "From the request's arrival to its answer (API Gateway's Latency).");
        _integrationLatency = Meter.CreateHistogram<double>("gatewaygen.integration_latency", "s", "The backend call (API Gateway's IntegrationLatency).");

        // Made with the instruments, so it counts from the first request on (a listener sees only what follows its start).
        Exposition = new PrometheusExposition(this);
    }

    /// <summary>Whether operations are counted and timed at all (false only for benchmarks of the cost).</summary>
    public bool Enabled { get; }

    /// <summary>The running totals of these instruments, for GET /metrics, the history and alarms.</summary>
    public PrometheusExposition Exposition { get; }

    /// <inheritdoc />
    public void Dispose() => Exposition.Dispose();

    /// <summary>The gateway's meter.</summary>
    public Meter Meter { get; }

    /// <summary>The stage this binary serves (the stage dimension).</summary>
    public string Stage { get; }

    /// <summary>CacheHitCount, for the response cache.</summary>
    public Counter<long> CacheHits { get; }

    /// <summary>CacheMissCount, for the response cache.</summary>
    public Counter<long> CacheMisses { get; }

    /// <summary>One answered request of an operation: Count, its error counter by status, Latency.</summary>
    public void RecordRequest(OperationMetrics operation, int statusCode, long startTimestamp)
    {
        var tags = operation.Tags(Stage);
        _count.Add(1, tags);
        if (statusCode is >= 400 and < 500)
        {
            _clientErrors.Add(1, tags);
        }
        else if (statusCode >= 500)
        {
            _serverErrors.Add(1, tags);
        }

        _latency.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    /// <summary>One backend call of an operation: IntegrationLatency.</summary>
    public void RecordIntegration(OperationMetrics operation, long startTimestamp) =>
        _integrationLatency.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, operation.Tags(Stage));
}

/// <summary>The dimensions of one operation's metrics: its API, declared method (ANY for any-method) and path template.</summary>
/// <param name="Api">The API's name.</param>
/// <param name="Method">"GET", or "ANY".</param>
/// <param name="Resource">"/pets/{petId}".</param>
public sealed record OperationMetrics(string Api, string Method, string Resource)
{
    internal TagList Tags(string stage) => new()
    {
        { "api", Api },
        { "stage", stage },
        { "method", Method },
        { "resource", Resource },
    };
}
