using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// Keeps the metrics beyond a restart: every Gateway:Metrics:FlushSeconds (default 60) and on a graceful stop, what
/// each series counted since the last flush goes to the store as that minute's rollup; once an hour the store is
/// thinned as CloudWatch keeps metrics (hourly after 15 days, nothing after 15 months). GET /metrics/history reads it.
/// </summary>
public sealed class MetricsHistory : BackgroundService
{
    /// <summary>The ranges GET /metrics/history answers, and the width of their points.</summary>
    public static readonly IReadOnlyDictionary<string, (TimeSpan Range, TimeSpan Period)> Ranges = new Dictionary<string, (TimeSpan, TimeSpan)>(StringComparer.Ordinal)
    {
        ["1h"] = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
        ["3h"] = (TimeSpan.FromHours(3), TimeSpan.FromMinutes(1)),
        ["12h"] = (TimeSpan.FromHours(12), TimeSpan.FromMinutes(5)),
        ["1d"] = (TimeSpan.FromDays(1), TimeSpan.FromMinutes(5)),
        ["3d"] = (TimeSpan.FromDays(3), TimeSpan.FromMinutes(15)),
        ["1w"] = (TimeSpan.FromDays(7), TimeSpan.FromHours(1)),
    };

    private readonly PrometheusExposition _exposition;
    private readonly Lazy<ApiKeyStore> _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _flushEvery;
    private readonly Dictionary<(string Instrument, string Api, string Stage, string Method, string Resource), (long Total, double Sum, long[]? Buckets)> _flushed = new();
    private readonly object _gate = new();
    private readonly GatewayStage _stage;
    private DateTimeOffset _lastThinned = DateTimeOffset.MinValue;
    private DateTimeOffset _stageRecorded = DateTimeOffset.MinValue;

    internal MetricsHistory(PrometheusExposition exposition, Lazy<ApiKeyStore> store, GatewayStage stage, TimeProvider time, ILogger logger, IConfiguration configuration)
    {
        _exposition = exposition;
        _stage = stage;
        _store = store;
        _time = time;
        _logger = logger;
        var text = configuration["Gateway:Metrics:FlushSeconds"];
        _flushEvery = TimeSpan.FromSeconds(text is { Length: > 0 } && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 1 ? seconds : 60);
    }

    /// <summary>The store's rollups of one stage over a range, as points of that range's width.</summary>
    public IReadOnlyList<MetricMinute> Query(string stage, string range, string? resource)
    {
        Flush(); // what the last minute counted is in the answer too
        var (span, period) = Ranges[range];
        var from = _time.GetUtcNow() - span;
        return _store.Value.MetricHistory(stage, from.ToUnixTimeMilliseconds(), (long)period.TotalMilliseconds, resource);
    }

    /// <summary>Each route's totals and latency buckets of one stage over a range, busiest first.</summary>
    public IReadOnlyList<MetricMinute> Routes(string stage, string range)
    {
        Flush();
        return _store.Value.RouteTotals(stage, (_time.GetUtcNow() - Ranges[range].Range).ToUnixTimeMilliseconds());
    }

    /// <summary>The stages gateway processes writing to this store recorded, this one's as it is now.</summary>
    public IReadOnlyList<StageRecord> Stages()
    {
        var current = _stage.Current();
        var stages = new List<StageRecord> { current };
        foreach (var recorded in _store.Value.Stages())
        {
            if (recorded.Stage != current.Stage)
            {
                stages.Add(recorded);
            }
            else if (recorded.DeploymentId == current.DeploymentId && recorded.Updated < current.Updated)
            {
                stages[0] = current with { Updated = recorded.Updated }; // serving this deployment since before this process
            }
        }

        return stages;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_flushEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Flush();
    }

    // After a flush is written and booked: a failure here must not make the next flush count the same minutes again.
    private void Housekeep(DateTimeOffset now)
    {
        try
        {
            // Other processes' dashboards list this stage once it has traffic to show (hourly: seen_utc).
            if (now - _stageRecorded > TimeSpan.FromHours(1))
            {
                _store.Value.RecordStage(_stage.Current());
                _stageRecorded = now;
            }

            if (now - _lastThinned > TimeSpan.FromHours(1))
            {
                _store.Value.ThinMetrics(now);
                _lastThinned = now;
            }
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or System.IO.IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The metrics store could not be tidied: {Reason}", exception.Message);
        }
    }

    private static long[]? Delta(long[]? now, long[]? before)
    {
        if (now is null)
        {
            return null;
        }

        var delta = new long[now.Length];
        for (var i = 0; i < now.Length; i++)
        {
            delta[i] = now[i] - (before is { } b && i < b.Length ? b[i] : 0);
        }

        return delta;
    }

    /// <summary>Writes what each series counted since the last flush as the current minute's rollup.</summary>
    internal void Flush()
    {
        lock (_gate)
        {
            try
            {
                var now = _time.GetUtcNow();
                var minute = now.ToUnixTimeMilliseconds() / 60_000 * 60_000;
                var rows = new Dictionary<(string Api, string Stage, string Method, string Resource), MetricMinute>();
                var snapshot = _exposition.Snapshot();
                foreach (var (instrument, api, stage, method, resource, total, sum, buckets) in snapshot)
                {
                    var key = (instrument, api, stage, method, resource);
                    _flushed.TryGetValue(key, out var before);
                    var delta = total - before.Total;
                    if (delta == 0)
                    {
                        continue;
                    }

                    var series = (api, stage, method, resource);
                    var row = rows.TryGetValue(series, out var existing) ? existing : new MetricMinute(minute, stage, api, method, resource, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    var sumDelta = sum - before.Sum;
                    rows[series] = instrument switch
                    {
                        "gatewaygen.count" => row with { Count = row.Count + delta },
                        "gatewaygen.4xx_error" => row with { Errors4xx = row.Errors4xx + delta },
                        "gatewaygen.5xx_error" => row with { Errors5xx = row.Errors5xx + delta },
                        "gatewaygen.cache_hit" => row with { CacheHits = row.CacheHits + delta },
                        "gatewaygen.cache_miss" => row with { CacheMisses = row.CacheMisses + delta },
                        "gatewaygen.latency" => row with { LatencySum = row.LatencySum + sumDelta, LatencyCount = row.LatencyCount + delta, LatencyBuckets = Delta(buckets, before.Buckets) },
                        "gatewaygen.integration_latency" => row with { IntegrationLatencySum = row.IntegrationLatencySum + sumDelta, IntegrationLatencyCount = row.IntegrationLatencyCount + delta },
                        _ => row,
                    };
                }

                if (rows.Count > 0)
                {
                    _store.Value.AddMetricMinutes(new List<MetricMinute>(rows.Values));
                }

                // Counted as flushed only once written: a failed write is retried with the next flush.
                foreach (var (instrument, api, stage, method, resource, total, sum, buckets) in snapshot)
                {
                    _flushed[(instrument, api, stage, method, resource)] = (total, sum, buckets);
                }

                if (rows.Count > 0)
                {
                    Housekeep(now);
                }
            }
            catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or System.IO.IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("The metrics could not be written to the store: {Reason}", exception.Message);
            }
        }
    }
}
