using System;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

public sealed class QuotaPeriodsTests
{
    [Theory]
    [InlineData(QuotaPeriod.Day, "2026-11-22T23:59:59+05:00", "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z")] // 18:59 UTC
    [InlineData(QuotaPeriod.Week, "2026-11-22T10:00:00Z", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")] // a Sunday: the week began Monday
    [InlineData(QuotaPeriod.Week, "2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z")]
    [InlineData(QuotaPeriod.Month, "2026-12-31T23:00:00-02:00", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z")] // already January in UTC
    public void Periods_start_and_end_on_UTC_boundaries(QuotaPeriod period, string now, string start, string end)
    {
        var begins = QuotaPeriods.Start(period, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), begins);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), QuotaPeriods.End(period, begins));
    }
}
