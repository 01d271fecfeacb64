using System;

namespace GatewayGen.Runtime;

/// <summary>Where quota periods start and end: UTC boundaries, so every replica and restart agrees.</summary>
public static class QuotaPeriods
{
    /// <summary>The start of the period that contains <paramref name="now"/>.</summary>
    public static DateTimeOffset Start(QuotaPeriod period, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return period switch
        {
            QuotaPeriod.Day => day,
            QuotaPeriod.Week => day.AddDays(-(((int)utc.DayOfWeek + 6) % 7)), // back to Monday
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>The end (exclusive) of the period that starts at <paramref name="start"/>.</summary>
    public static DateTimeOffset End(QuotaPeriod period, DateTimeOffset start) => period switch
    {
        QuotaPeriod.Day => start.AddDays(1),
        QuotaPeriod.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };
}
