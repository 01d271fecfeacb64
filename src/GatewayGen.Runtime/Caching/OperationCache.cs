namespace GatewayGen.Runtime;

/// <summary>How one operation's answers are cached in the stage's response cache (compiled from the document).</summary>
public sealed class OperationCache
{
    /// <summary>Creates an operation's cache settings.</summary>
    /// <param name="api">The API's name.</param>
    /// <param name="method">The operation's declared method ("GET", or "ANY").</param>
    /// <param name="resource">Its path template, "/pets/{petId}": entries are flushed by it.</param>
    /// <param name="ttlSeconds">How long an entry is served, 1 to 3600.</param>
    /// <param name="keyParameters">Path parameters, then the cacheKeyParameters: the request values that tell entries apart.</param>
    /// <param name="invalidation">Who may refresh an entry with <c>Cache-Control: max-age=0</c>.</param>
    public OperationCache(string api, string method, string resource, int ttlSeconds, CacheKeyParameter[] keyParameters, CacheInvalidation invalidation)
    {
        Api = api;
        Method = method;
        Resource = resource;
        Ttl = System.TimeSpan.FromSeconds(ttlSeconds);
        KeyParameters = keyParameters;
        Invalidation = invalidation;
        Metrics = new OperationMetrics(api, method, resource);
    }

    /// <summary>The API's name.</summary>
    public string Api { get; }

    /// <summary>The declared method.</summary>
    public string Method { get; }

    /// <summary>The path template.</summary>
    public string Resource { get; }

    /// <summary>How long an entry is served.</summary>
    public System.TimeSpan Ttl { get; }

    /// <summary>The request values in the key, besides the method, the resource and the caller.</summary>
    public CacheKeyParameter[] KeyParameters { get; }

    /// <summary>Who may refresh an entry.</summary>
    public CacheInvalidation Invalidation { get; }

    /// <summary>The dimensions its CacheHitCount and CacheMissCount are counted under.</summary>
    public OperationMetrics Metrics { get; }
}

/// <summary>Where a cache key parameter is read from.</summary>
public enum CacheKeyLocation
{
    /// <summary>A path parameter (by its route value name).</summary>
    Path,

    /// <summary>A query string parameter: every value, in order.</summary>
    Query,

    /// <summary>A request header: every value, in order.</summary>
    Header,
}

/// <summary>One request value in the cache key: method.request.path.NAME, .querystring.NAME or .header.NAME.</summary>
/// <param name="Location">Where it is read from.</param>
/// <param name="Name">The route value, query parameter or header name.</param>
public sealed record CacheKeyParameter(CacheKeyLocation Location, string Name);

/// <summary>What a request with <c>Cache-Control: max-age=0</c> from a caller who may not invalidate gets (API Gateway's unauthorizedCacheControlHeaderStrategy).</summary>
public enum UnauthorizedCacheControl
{
    /// <summary>403 ACCESS_DENIED.</summary>
    FailWith403,

    /// <summary>Served as if the header were absent, with a response header saying it was ignored.</summary>
    SucceedWithResponseHeader,

    /// <summary>Served as if the header were absent.</summary>
    SucceedWithoutResponseHeader,
}

/// <summary>Who may refresh a cached entry.</summary>
/// <param name="RequireAuthorization">True (API Gateway's default): only callers whose usage plan has cacheInvalidation; false: anyone.</param>
/// <param name="Unauthorized">What other callers get when they ask.</param>
public sealed record CacheInvalidation(bool RequireAuthorization, UnauthorizedCacheControl Unauthorized)
{
    /// <summary>API Gateway's defaults: authorization required, others served with a warning header.</summary>
    public static readonly CacheInvalidation Default = new(true, UnauthorizedCacheControl.SucceedWithResponseHeader);
}
