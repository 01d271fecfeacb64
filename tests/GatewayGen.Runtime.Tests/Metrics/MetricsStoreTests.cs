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
}
