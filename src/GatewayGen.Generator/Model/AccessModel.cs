using System.Linq;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>A token bucket: a steady rate (requests per second) and a burst.</summary>
internal sealed record ThrottleModel(double RateLimit, int BurstLimit);

/// <summary>A quota: requests per DAY, WEEK or MONTH (UTC).</summary>
internal sealed record QuotaModel(long Limit, string Period);

/// <summary>A per-method throttle of a usage plan, by "GET /pets/{petId}".</summary>
internal sealed record MethodThrottleModel(string Route, ThrottleModel Throttle);

/// <summary>A usage plan from x-gatewaygen-usage-plans.</summary>
internal sealed record UsagePlanModel(string Name, ThrottleModel? Throttle, QuotaModel? Quota, EquatableArray<MethodThrottleModel> MethodThrottles, LocationInfo Location)
{
    /// <summary>Whether its keys may refresh cached answers (cacheInvalidation: true).</summary>
    public bool CacheInvalidation { get; init; }
}

/// <summary>
/// What an operation asks before it runs: its security alternatives (any one passing admits; empty: open) and its
/// own throttle (x-gatewaygen-throttle). RefusedBecause, when set, says why every request is refused (its security
/// names only what the gateway does not verify).
/// </summary>
internal sealed record AccessModel(EquatableArray<SecurityAlternativeModel> Security, ThrottleModel? Throttle)
{
    public static readonly AccessModel Open = new(EquatableArray<SecurityAlternativeModel>.Empty, null);

    public string? RefusedBecause { get; init; }

    public bool RequiresApiKey => Security.Any(a => a.KeyLocation != "None");
}

/// <summary>One security requirement: every authorizer in it, and an API key (KeyLocation "Header" or "Query"; "None" without one).</summary>
internal sealed record SecurityAlternativeModel(string KeyLocation, string? KeyName, EquatableArray<AuthorizerUseModel> Authorizers);

/// <summary>A scheme of a requirement that an authorizer checks, with the scopes the operation asks (all of them).</summary>
internal sealed record AuthorizerUseModel(string Scheme, EquatableArray<string> Scopes);

/// <summary>
/// A JWT authorizer: an http bearer, oauth2 or openIdConnect scheme with x-gatewaygen-jwt, or
/// x-amazon-apigateway-authorizer of type jwt. Issuer is null when the discovery document gives it.
/// </summary>
internal sealed record JwtAuthorizerModel(string Scheme, string? Issuer, EquatableArray<string> Audiences, string? DiscoveryUrl, string? JwksUri, string IdentityHeader);

/// <summary>
/// x-amazon-apigateway-policy, compiled: the statements the gateway evaluates (one it cannot is kept as an
/// unconditional Deny, or dropped if it was an Allow). Stage is set when the stage is resolved.
/// </summary>
internal sealed record PolicyModel(EquatableArray<PolicyStatementModel> Statements, string Stage = "");

/// <summary>One statement: Allow or Deny on resources ("dev/GET/pets/*" after execute-api:/), when every condition holds.</summary>
internal sealed record PolicyStatementModel(bool Allow, EquatableArray<string> Resources, EquatableArray<IpConditionModel> Conditions);

/// <summary>IpAddress (or, Negated, NotIpAddress) on aws:SourceIp: CIDR blocks.</summary>
internal sealed record IpConditionModel(bool Negated, EquatableArray<string> Cidrs);

/// <summary>
/// A C# authorizer: x-amazon-apigateway-authorizer of type token or request naming a Lambda function, which is the
/// partial method Function of {Api}Functions taking a RequestType. IdentitySources are "header.NAME" or "query.NAME".
/// </summary>
internal sealed record FunctionAuthorizerModel(string Scheme, bool IsToken, string Function, string RequestType, EquatableArray<string> IdentitySources, string? ValidationExpression, int TtlSeconds);

/// <summary>A method the user must write ("PetsFunctions.checkToken"), and the error to report where the document asks for it if it is missing.</summary>
internal sealed record RequiredImplementationModel(string Method, DiagnosticInfo IfMissing);
