using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>A token bucket: a steady rate (requests per second) and a burst.</summary>
internal sealed record ThrottleModel(double RateLimit, int BurstLimit);

/// <summary>A quota: requests per DAY, WEEK or MONTH (UTC).</summary>
internal sealed record QuotaModel(long Limit, string Period);

/// <summary>A per-method throttle of a usage plan, by "GET /pets/{petId}".</summary>
internal sealed record MethodThrottleModel(string Route, ThrottleModel Throttle);

/// <summary>A usage plan from x-gatewaygen-usage-plans.</summary>
internal sealed record UsagePlanModel(string Name, ThrottleModel? Throttle, QuotaModel? Quota, EquatableArray<MethodThrottleModel> MethodThrottles, LocationInfo Location);

/// <summary>
/// What an operation asks before it runs: an API key (KeyLocation "Header" or "Query", from an apiKey security
/// scheme; "None" when no key is needed) and its own throttle (x-gatewaygen-throttle). RefusedBecause, when set,
/// says why every request is refused (its security names only what the gateway does not verify).
/// </summary>
internal sealed record AccessModel(string KeyLocation, string? KeyName, ThrottleModel? Throttle)
{
    public static readonly AccessModel Open = new("None", null, null);

    public string? RefusedBecause { get; init; }

    public bool RequiresApiKey => KeyLocation != "None";
}

/// <summary>
/// x-amazon-apigateway-policy, compiled: the statements the gateway evaluates (one it cannot is kept as an
/// unconditional Deny, or dropped if it was an Allow). Stage is set when the stage is resolved.
/// </summary>
internal sealed record PolicyModel(EquatableArray<PolicyStatementModel> Statements, string Stage = "");

/// <summary>One statement: Allow or Deny on resources ("dev/GET/pets/*" after execute-api:/), when every condition holds.</summary>
internal sealed record PolicyStatementModel(bool Allow, EquatableArray<string> Resources, EquatableArray<IpConditionModel> Conditions);

/// <summary>IpAddress (or, Negated, NotIpAddress) on aws:SourceIp: CIDR blocks.</summary>
internal sealed record IpConditionModel(bool Negated, EquatableArray<string> Cidrs);
