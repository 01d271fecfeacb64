using System;
using System.IO;
using System.Linq;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Metrics;

/// <summary>The store keeps metrics as CloudWatch does: minutes for 15 days, hours after that, nothing after 15 months.</summary>
public sealed class MetricsStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static MetricMinute Row(DateTimeOffset at, long count, string stage = "dev") =>
        new(at.ToUnixTimeMilliseconds() / 60_000 * 60_000, stage, "Pets", "GET", "/pets", count, 0, count, 0, 0, count * 0.01, count, 0, 0);

    [Fact]
    public void Old_minutes_become_hours_and_the_oldest_go()
    {
        var store = new ApiKeyStore(Path.Combine(_folder, "gateway.db"));
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var twentyDaysAgo = now.AddDays(-20);
        store.AddMetricMinutes(new[]
        {
            Row(twentyDaysAgo.AddMinutes(1), 2), Row(twentyDaysAgo.AddMinutes(30), 3), // one hour, thinned to one point
            Row(now.AddMonths(-16), 7), // past 15 months: deleted
            Row(now.AddMinutes(-3), 1), Row(now.AddMinutes(-2), 4), // recent: kept per minute
            Row(now.AddMinutes(-2), 5), // the same minute and series again: added up
            Row(now.AddMinutes(-2), 9, stage: "prod"),
        });

        store.ThinMetrics(now);

        var old = store.MetricHistory("dev", now.AddMonths(-17).ToUnixTimeMilliseconds(), 60_000, null);
        Assert.Equal(new long[] { 5, 1, 9 }, old.Select(p => p.Count));
        Assert.Equal(twentyDaysAgo.ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000, old[0].Minute);
        Assert.Equal(5, old[0].Errors5xx);
        Assert.Equal(0.05, old[0].LatencySum, 6);
        Assert.Equal(9, store.MetricHistory("prod", 0, 60_000, null).Single().Count);
        Assert.Equal(10, store.MetricHistory("dev", now.AddHours(-1).ToUnixTimeMilliseconds(), 3_600_000, "/pets").Sum(p => p.Count));
    }

    private static long[] Buckets(params (double Seconds, long Count)[] observations)
    {
        var counts = new long[LatencyBuckets.Bounds.Length + 1];
        foreach (var (seconds, count) in observations)
        {
            counts[LatencyBuckets.Of(seconds)] += count;
        }

        return counts;
    }

    [Fact]
    public void Each_route_has_its_totals_and_a_p99_from_the_latency_buckets_kept_through_thinning()
    {
        var store = new ApiKeyStore(Path.Combine(_folder, "gateway.db"));
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        store.AddMetricMinutes(new[]
        {
            // 99 fast answers and one slow one, in two flushes of the same minute and one older minute.
            Row(now.AddMinutes(-2), 50) with { LatencyBuckets = Buckets((0.004, 50)) },
            Row(now.AddMinutes(-2), 40) with { LatencyBuckets = Buckets((0.004, 40)) },
            Row(now.AddDays(-20).AddMinutes(7), 4) with { LatencyBuckets = Buckets((0.004, 4)) },
            Row(now.AddDays(-20).AddMinutes(31), 5) with { LatencyBuckets = Buckets((0.004, 5)) },
            Row(now.AddMinutes(-1), 1) with { LatencyBuckets = Buckets((2.0, 1)) },
            Row(now.AddMinutes(-1), 3) with { Resource = "/pets/{petId}", LatencyBuckets = Buckets((0.02, 3)) },
        });

        store.ThinMetrics(now); // the 20-day-old minute becomes an hour, its buckets too
        store.ThinMetrics(now); // twice: an hour already thinned stays as it is
        Assert.Equal(new[] { (now.AddDays(-20).ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000, 9L) }, BucketRowsOlderThan(store, now.AddDays(-15)));

        var routes = store.RouteTotals("dev", now.AddMonths(-1).ToUnixTimeMilliseconds());
        Assert.Equal(new[] { "/pets", "/pets/{petId}" }, routes.Select(r => r.Resource));
        Assert.Equal(100, routes[0].Count);
        Assert.Equal(100, routes[0].LatencyBuckets!.Sum());
        // The 99th of 100 answers is the last fast one: within the 2.5-5 ms bucket, not the slow one's 1-2.5 s.
        var p99 = LatencyBuckets.Percentile(routes[0].LatencyBuckets!, 0.99)!.Value;
        Assert.InRange(p99, 0.0025, 0.005);
        Assert.InRange(LatencyBuckets.Percentile(routes[0].LatencyBuckets!, 1.0)!.Value, 1, 2.5);
        Assert.InRange(LatencyBuckets.Percentile(routes[1].LatencyBuckets!, 0.99)!.Value, 0.01, 0.025);
        Assert.Null(LatencyBuckets.Percentile(new long[LatencyBuckets.Bounds.Length + 1], 0.99));
        Assert.Empty(store.RouteTotals("prod", 0));
    }

    private static (long Minute, long Count)[] BucketRowsOlderThan(ApiKeyStore store, DateTimeOffset before)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store.Path);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT minute, count FROM metric_latency_buckets WHERE minute < $before ORDER BY minute";
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var rows = new System.Collections.Generic.List<(long, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return rows.ToArray();
    }

    [Fact]
    public void A_stage_keeps_its_last_updated_time_until_its_deployment_changes()
    {
        var store = new ApiKeyStore(Path.Combine(_folder, "gateway.db"));
        var first = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        store.RecordStage(new StageRecord("prod", "Production", "https://api.example.com/", "d1", first));
        store.RecordStage(new StageRecord("prod", "Production", "https://api.example.com/", "d1", first.AddHours(5)));
        var same = store.Stages().Single();
        Assert.Equal(first, same.Updated);
        Assert.Equal(first.AddHours(5), same.Seen);

        store.RecordStage(new StageRecord("prod", "Production (v2)", "https://api.example.com/", "d2", first.AddDays(1)));
        store.RecordStage(new StageRecord("beta", null, null, "d2", first.AddDays(1)));
        var stages = store.Stages();
        Assert.Equal(new[] { "beta", "prod" }, stages.Select(s => s.Stage));
        Assert.Equal(("d2", "Production (v2)", first.AddDays(1)), (stages[1].DeploymentId, stages[1].Description, stages[1].Updated));
    }
}
