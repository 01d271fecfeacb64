using System;

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
