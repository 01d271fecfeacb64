namespace GatewayGen.Generator.Model;

/// <summary>A stage's response cache (x-gatewaygen-stages: NAME: cache).</summary>
/// <param name="TtlSeconds">The default time to live, 0 to 3600 (0: nothing is kept).</param>
/// <param name="CapacityMegabytes">The store's size limit.</param>
internal sealed record StageCacheModel(bool Enabled, int TtlSeconds, int CapacityMegabytes, CacheInvalidationModel Invalidation)
{
    public const int DefaultTtlSeconds = 300;
    public const int MaxTtlSeconds = 3600;
    public const int DefaultCapacityMegabytes = 64;
    public const int MaxCapacityMegabytes = 16384;
}

/// <summary>Who may refresh an entry with Cache-Control: max-age=0.</summary>
/// <param name="Unauthorized">The runtime's UnauthorizedCacheControl member: FailWith403, SucceedWithResponseHeader or SucceedWithoutResponseHeader.</param>
internal sealed record CacheInvalidationModel(bool RequireAuthorization, string Unauthorized)
{
    public static readonly CacheInvalidationModel Default = new(true, "SucceedWithResponseHeader");
}

/// <summary>What an operation's x-gatewaygen-cache says; a null member inherits the stage's setting.</summary>
internal sealed record OperationCacheSettingsModel(bool? Enabled, int? TtlSeconds, bool? RequireAuthorization, string? Unauthorized);

/// <summary>One request value in the cache key.</summary>
/// <param name="Location">The runtime's CacheKeyLocation member: Path, Query or Header.</param>
/// <param name="Name">The route value name, query parameter or header.</param>
internal sealed record CacheKeyParameterModel(string Location, string Name);

/// <summary>How the built stage caches an operation's answers (set by stage resolution; null when it does not).</summary>
internal sealed record OperationCacheModel(int TtlSeconds, EquatableArray<CacheKeyParameterModel> KeyParameters, CacheInvalidationModel Invalidation);
