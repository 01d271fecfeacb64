using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>What the project-wide files (Gateway.g.cs, Program.g.cs) need from every API.</summary>
internal sealed record GatewayModel(
    GatewayOptions Options,
    DeploymentModel Deployment,
    bool GenerateEntryPoint,
    EquatableArray<ApiSummaryModel> Apis,
    EquatableArray<MethodNotAllowedModel> MethodNotAllowed,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One API as the project-wide files see it: its identity and its routes.</summary>
internal sealed record ApiSummaryModel(string Name, string FilePath, string Title, string Version, EquatableArray<RouteEntryModel> Routes, EquatableArray<UsagePlanModel> UsagePlans, bool UsesApiKeys)
{
    /// <summary>The schemes of its JWT authorizers, whose fields the manifest lists for the start-up check.</summary>
    public EquatableArray<string> Authorizers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The built stage's cache capacity in megabytes; 0 without a cache.</summary>
    public int CacheCapacityMegabytes { get; init; }
}

/// <summary>One operation's claim on a route.</summary>
/// <param name="Key">The route with parameter names erased, so "/pets/{id}" and "/pets/{petId}" compare equal.</param>
/// <param name="Method">An HTTP method, or "ANY".</param>
internal sealed record RouteEntryModel(string Key, string Template, string Method, string Operation, LocationInfo Location);

/// <summary>A path that answers 405 to the methods it lacks, with the Allow header value and the API that owns it (the first to route it).</summary>
internal sealed record MethodNotAllowedModel(string Template, string Allow, string Api);
