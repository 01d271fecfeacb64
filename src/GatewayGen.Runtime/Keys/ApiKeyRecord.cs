using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>An API key as the store keeps it: never the key itself, only its hash.</summary>
/// <param name="Id">The key's public id (10 characters), safe to show and log.</param>
/// <param name="Hash">SHA-256 of the key.</param>
/// <param name="Plan">The usage plan it is bound to.</param>
/// <param name="Name">An optional label.</param>
/// <param name="CreatedUtc">When it was created.</param>
/// <param name="RevokedUtc">When it was revoked; null while it is valid.</param>
public sealed record ApiKeyRecord(string Id, ApiKeyHash Hash, string Plan, string? Name, DateTimeOffset CreatedUtc, DateTimeOffset? RevokedUtc)
{
    /// <summary>Whether requests with this key are let in.</summary>
    public bool IsActive => RevokedUtc is null;
}

/// <summary>A key's quota use in one period.</summary>
/// <param name="Quota">The plan's quota.</param>
/// <param name="PeriodStart">When the period began (UTC).</param>
/// <param name="PeriodEnd">When it ends (UTC, exclusive).</param>
/// <param name="Used">Requests counted so far (as written to the store).</param>
/// <param name="Remaining">Requests left in the period.</param>
public sealed record QuotaUsage(QuotaSettings Quota, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, long Used, long Remaining);

/// <summary>One published deployment in the history.</summary>
/// <param name="Id">The content hash of (documents, stage, generator version).</param>
/// <param name="Stage">The stage it serves.</param>
/// <param name="Description">GatewayDeploymentDescription, if set.</param>
/// <param name="Created">When it was published.</param>
/// <param name="Commit">The git commit it was published from.</param>
/// <param name="Generator">The GatewayGen version.</param>
/// <param name="Recorded">When it was added to the history.</param>
public sealed record DeploymentRecord(string Id, string Stage, string? Description, DateTimeOffset? Created, string? Commit, string Generator, DateTimeOffset Recorded);

/// <summary>One minute (or, summed, one point) of one series' metrics, as the store keeps them; Minute is unix ms.</summary>
public sealed record MetricMinute(
    long Minute, string Stage, string Api, string Method, string Resource,
    long Count, long Errors4xx, long Errors5xx, long CacheHits, long CacheMisses,
    double LatencySum, long LatencyCount, double IntegrationLatencySum, long IntegrationLatencyCount)
{
    /// <summary>How many Latency observations fell in each of <see cref="LatencyBuckets.Bounds"/> (the last: above them all), when kept.</summary>
    public IReadOnlyList<long>? LatencyBuckets { get; init; }
}

/// <summary>A stage as the gateway process serving it last recorded it in the store.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Description">Gateway:StageDescription.</param>
/// <param name="InvokeUrl">Where clients call it (Gateway:InvokeUrl, or the gateway's first listening address).</param>
/// <param name="DeploymentId">The deployment it serves.</param>
/// <param name="Seen">When a process last recorded it.</param>
public sealed record StageRecord(string Stage, string? Description, string? InvokeUrl, string DeploymentId, DateTimeOffset Seen)
{
    /// <summary>When the stage began serving its current deployment.</summary>
    public DateTimeOffset Updated { get; init; } = Seen;
}
