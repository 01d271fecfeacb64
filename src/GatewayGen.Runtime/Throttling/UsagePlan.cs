using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>A token bucket's settings: a steady rate and the burst a full bucket allows.</summary>
/// <param name="RateLimit">Requests per second, refilled continuously.</param>
/// <param name="BurstLimit">The bucket's size: how many requests may arrive at once.</param>
public sealed record ThrottleSettings(double RateLimit, int BurstLimit)
{
    /// <summary>API Gateway's account-level default: 10,000 requests per second, burst 5,000.</summary>
    public static readonly ThrottleSettings AccountDefault = new(10_000, 5_000);
}

/// <summary>The periods a quota counts over; each starts at a UTC boundary.</summary>
public enum QuotaPeriod
{
    /// <summary>From 00:00 UTC.</summary>
    Day,

    /// <summary>From Monday 00:00 UTC.</summary>
    Week,

    /// <summary>From the first of the month, 00:00 UTC.</summary>
    Month,
}

/// <summary>How many requests a key may make per period.</summary>
public sealed record QuotaSettings(long Limit, QuotaPeriod Period);

/// <summary>
/// A usage plan from x-gatewaygen-usage-plans: what every API key bound to it may do.
/// </summary>
/// <param name="Name">The plan's name, as keys are bound to it.</param>
/// <param name="Throttle">The per-key throttle, if any.</param>
/// <param name="Quota">The per-key quota, if any.</param>
/// <param name="MethodThrottles">Per-key throttles of single operations, by "GET /pets/{petId}".</param>
public sealed record UsagePlan(string Name, ThrottleSettings? Throttle, QuotaSettings? Quota, IReadOnlyDictionary<string, ThrottleSettings> MethodThrottles)
{
    /// <summary>Whether its keys may refresh cached answers with <c>Cache-Control: max-age=0</c> (API Gateway's execute-api:InvalidateCache).</summary>
    public bool CacheInvalidation { get; init; }
}
