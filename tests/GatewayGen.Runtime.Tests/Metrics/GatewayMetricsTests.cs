using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatewayGen.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Runtime.Tests.Metrics;

/// <summary>API Gateway's metrics as instruments, aggregated for GET /metrics.</summary>
public sealed class GatewayMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly GatewayMetrics _metrics;
    private readonly PrometheusExposition _exposition;
    private readonly OperationMetrics _pets = new("Petstore", "GET", "/pets/{petId}");

    public GatewayMetricsTests()
    {
        _metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>(), new GatewayInfo("dev", "0", "d", null, Array.Empty<GatewayApiInfo>()));
        _exposition = _metrics.Exposition;
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Requests_are_counted_by_status_class_and_timed_per_resource()
    {
        var started = Stopwatch.GetTimestamp();
        _metrics.RecordRequest(_pets, 200, started);
        _metrics.RecordRequest(_pets, 404, started);
        _metrics.RecordRequest(_pets, 502, started);
        _metrics.RecordIntegration(_pets, started);

        var text = _exposition.Write();

        const string Labels = "api=\"Petstore\",stage=\"dev\",method=\"GET\",resource=\"/pets/{petId}\"";
        Assert.Contains($"gatewaygen_count_total{{{Labels}}} 3\n", text);
        Assert.Contains($"gatewaygen_4xx_error_total{{{Labels}}} 1\n", text);
        Assert.Contains($"gatewaygen_5xx_error_total{{{Labels}}} 1\n", text);
        Assert.Contains($"gatewaygen_latency_seconds_bucket{{{Labels},le=\"+Inf\"}} 3\n", text);
        Assert.Contains($"gatewaygen_latency_seconds_count{{{Labels}}} 3\n", text);
        Assert.Contains($"gatewaygen_integration_latency_seconds_count{{{Labels}}} 1\n", text);
        Assert.Contains("# TYPE gatewaygen_cache_hit_total counter\n", text);
    }

    [Fact]
    public void A_label_value_is_escaped()
    {
        _metrics.RecordRequest(new OperationMetrics("Api", "GET", "/a\"b\\c"), 200, Stopwatch.GetTimestamp());

        Assert.Contains("resource=\"/a\\\"b\\\\c\"", _exposition.Write());
    }

    [Fact]
    public void Recording_a_request_allocates_nothing()
    {
        var started = Stopwatch.GetTimestamp();
        _metrics.RecordRequest(_pets, 200, started); // first use: the series
        _metrics.RecordRequest(_pets, 503, started);
        _metrics.RecordIntegration(_pets, started);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _metrics.RecordRequest(_pets, i % 2 == 0 ? 200 : 503, started);
            _metrics.RecordIntegration(_pets, started);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
