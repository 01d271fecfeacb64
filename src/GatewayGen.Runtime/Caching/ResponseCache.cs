using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// Caching owns the stage's response cache (API Gateway's stage cache): entries live in ASP.NET Core's output-cache
/// store (IOutputCacheStore: size-limited, TTL and tag eviction; the store, not the middleware, because a cached
/// answer is served only after the caller passed auth, throttles and quota, which the generated handler checks).
/// The key is the stage, the method, the resource, the path parameters, the cacheKeyParameters and always the
/// caller (API key id, authorizer principal), so one tenant never receives another's answer. Only complete 2xx answers
/// up to 1 MB without Set-Cookie, no-store, no-cache or private are stored; a store that fails is a miss, never an error.
/// </summary>
public sealed class ResponseCache
{
    /// <summary>The largest answer kept (API Gateway's limit on a cached response).</summary>
    public const int MaxEntryBytes = 1024 * 1024;

    /// <summary>The response header that says a <c>Cache-Control: max-age=0</c> was ignored.</summary>
    public const string InvalidationIgnoredHeader = "x-gatewaygen-cache-invalidation";

    private readonly IOutputCacheStore? _store;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _stage;

    /// <summary>Creates the cache on <paramref name="store"/>; null when the stage has no cache (every lookup is then a pass-through).</summary>
    public ResponseCache(IOutputCacheStore? store, GatewayMetrics metrics, TimeProvider time, ILogger<ResponseCache> logger)
    {
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _stage = metrics.Stage;
    }

    /// <summary>Whether the stage has a cache.</summary>
    public bool Enabled => _store is not null;

    /// <summary>
    /// Answers from the cache when it holds an entry for this request (or refuses an unauthorised invalidation with
    /// 403 when the operation says so); otherwise starts capturing the answer the integration is about to write.
    /// Call after access and parameter checks, right before the integration.
    /// </summary>
    public async ValueTask<CacheLookup> LookupAsync(HttpContext context, OperationCache operation)
    {
        if (_store is null)
        {
            return default;
        }

        // A range of an answer is not the answer: such requests go to the integration and nothing is kept.
        if (context.Request.Headers.ContainsKey("Range") || context.Request.Headers.ContainsKey("If-Range"))
        {
            Count(_metrics.CacheMisses, operation);
            return default;
        }

        var refresh = false;
        if (AsksInvalidation(context.Request.Headers.CacheControl))
        {
            if (!operation.Invalidation.RequireAuthorization || (context.Items.TryGetValue(GatewayAccess.UsagePlanItem, out var plan) && plan is UsagePlan { CacheInvalidation: true }))
            {
                refresh = true;
            }
            else if (operation.Invalidation.Unauthorized == UnauthorizedCacheControl.FailWith403)
            {
                await GatewayErrors.WriteAsync(context, GatewayResponseType.AccessDenied, "Forbidden: this caller is not authorized to invalidate the cache (Cache-Control: max-age=0).");
                return new CacheLookup(answered: true, null);
            }
            else if (operation.Invalidation.Unauthorized == UnauthorizedCacheControl.SucceedWithResponseHeader)
            {
                context.Response.Headers[InvalidationIgnoredHeader] = "ignored: this caller is not authorized to invalidate the cache";
            }
        }

        var key = Key(context, operation);
        if (!refresh)
        {
            byte[]? stored = null;
            try
            {
                stored = await _store.GetAsync(key, context.RequestAborted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogWarning(exception, "The response cache could not be read; the request goes to the integration");
            }

            if (stored is not null && CachedResponse.Read(stored) is { } entry && entry.Fits(context.Request))
            {
                Count(_metrics.CacheHits, operation);
                await entry.WriteAsync(context, _time.GetUtcNow());
                return new CacheLookup(answered: true, null);
            }
        }

        Count(_metrics.CacheMisses, operation);
        return HttpMethods.IsHead(context.Request.Method)
            ? default // a HEAD answer has no body to keep; a GET's entry serves later HEADs
            : new CacheLookup(answered: false, new ResponseCapture(context, this, operation, key));
    }

    /// <summary>Removes every entry of the stage, or of one resource ("/pets/{petId}"), from this gateway's cache.</summary>
    public async ValueTask FlushAsync(string? resource, CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            await _store.EvictByTagAsync(resource is null ? StageTag : ResourceTag(resource), cancellationToken);
        }
    }

    /// <summary>Marks an answer the gateway wrote itself (an error, even one a customisation gives a 2xx): never stored.</summary>
    internal static void MarkGatewayAnswer(HttpContext context) => context.Features.Set(GatewayAnswer.Instance);

    private sealed class GatewayAnswer
    {
        public static readonly GatewayAnswer Instance = new();
    }

    internal async ValueTask StoreAsync(HttpContext context, OperationCache operation, string key, ResponseCapture capture)
    {
        if (_store is null || Storable(context, operation, capture) is not { } vary)
        {
            return;
        }

        var headers = new HeaderDictionary();
        foreach (var header in capture.HeadersAsWritten)
        {
            if (!capture.WasSetBefore(header.Key, header.Value) && !header.Key.Equals(InvalidationIgnoredHeader, StringComparison.OrdinalIgnoreCase))
            {
                headers[header.Key] = header.Value;
            }
        }

        var entry = CachedResponse.Write(context.Response.StatusCode, _time.GetUtcNow(), vary, headers, capture.Captured);
        try
        {
            await _store.SetAsync(key, entry, new[] { StageTag, ResourceTag(operation.Resource) }, operation.Ttl, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogWarning(exception, "The response cache could not store an answer of {Resource}", operation.Resource);
        }
    }

    // The request headers the answer varies by (with this request's values), or null when it may not be stored.
    private static KeyValuePair<string, string?>[]? Storable(HttpContext context, OperationCache operation, ResponseCapture capture)
    {
        var response = context.Response;
        IHeaderDictionary written = new HeaderDictionary();
        foreach (var header in capture.HeadersAsWritten)
        {
            written[header.Key] = header.Value;
        }

        if (context.RequestAborted.IsCancellationRequested || capture.Overflowed || response.StatusCode is < 200 or > 299 or 206 ||
            (written.ContentLength is { } length && length != capture.Captured.Length) ||
            written.ContainsKey("Content-Range") || context.Features.Get<GatewayAnswer>() is not null)
        {
            return null;
        }

        if (written.SetCookie.Count > 0 && !capture.WasSetBefore("Set-Cookie", written.SetCookie))
        {
            return null; // a cookie is one client's
        }

        var cacheControl = written.CacheControl;
        if (HasDirective(cacheControl, "no-store") || HasDirective(cacheControl, "private") || HasDirective(cacheControl, "no-cache"))
        {
            return null;
        }

        // RFC 9111 3.5: a shared cache keeps an answer to a request with credentials it did not check only when the
        // answer says it is public. A cookie not in the key is treated the same: the backend may have answered that
        // session alone.
        var uncheckedCredentials = (context.Request.Headers.ContainsKey("Authorization") && GatewayPrincipal.Of(context) is null) ||
            (context.Request.Headers.ContainsKey("Cookie") && !KeyHasHeader(operation, "cookie"));
        if (uncheckedCredentials && !HasDirective(cacheControl, "public") && !HasDirective(cacheControl, "s-maxage"))
        {
            return null;
        }

        var vary = new List<KeyValuePair<string, string?>>();
        foreach (var value in written.Vary)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var name = part.Trim();
                if (name == "*")
                {
                    return null;
                }

                if (name.Length > 0)
                {
                    vary.Add(new(name, CachedResponse.Joined(context.Request.Headers[name])));
                }
            }
        }

        // Bytes the backend encoded fit only clients that accept that coding, whether or not it said Vary.
        if (written.ContainsKey("Content-Encoding"))
        {
            AddVary(vary, context, "Accept-Encoding");
        }

        // With binary media types the client's Accept chooses whether mocks and http answers are converted.
        if (ApiSettings.Of(context)?.BinaryMediaTypes is not null)
        {
            AddVary(vary, context, "Accept");
        }

        return vary.ToArray();
    }

    private static bool KeyHasHeader(OperationCache operation, string name)
    {
        foreach (var parameter in operation.KeyParameters)
        {
            if (parameter.Location == CacheKeyLocation.Header && parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddVary(List<KeyValuePair<string, string?>> vary, HttpContext context, string name)
    {
        foreach (var (existing, _) in vary)
        {
            if (existing.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        vary.Add(new(name, CachedResponse.Joined(context.Request.Headers[name])));
    }

    private void Count(System.Diagnostics.Metrics.Counter<long> counter, OperationCache operation)
    {
        if (_metrics.Enabled)
        {
            counter.Add(1, operation.Metrics.Tags(_stage));
        }
    }

    private string StageTag => "gatewaygen:" + _stage;

    private string ResourceTag(string resource) => "gatewaygen:" + _stage + ":" + resource;

    /// <summary>The entry's key: a digest of every value that tells answers apart, each length-prefixed so no two requests share one by concatenation.</summary>
    internal string Key(HttpContext context, OperationCache operation)
    {
        var request = context.Request;
        var text = new StringBuilder(256);
        Append(text, _stage);
        Append(text, operation.Api);
        Append(text, HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method);
        Append(text, operation.Resource);
        foreach (var parameter in operation.KeyParameters)
        {
            text.Append((char)('0' + (int)parameter.Location));
            Append(text, parameter.Name);
            var values = parameter.Location switch
            {
                CacheKeyLocation.Path => new StringValues(request.RouteValues[parameter.Name]?.ToString()),
                CacheKeyLocation.Query => request.Query[parameter.Name],
                _ => request.Headers[parameter.Name],
            };
            text.Append(values.Count.ToString(CultureInfo.InvariantCulture)).Append(':');
            foreach (var value in values)
            {
                Append(text, value ?? "");
            }
        }

        // The caller, always: whatever the document says, one identity's answer never reaches another.
        Append(text, context.Items.TryGetValue(GatewayAccess.ApiKeyIdItem, out var keyId) ? keyId as string ?? "" : "");
        var principal = GatewayPrincipal.Of(context);
        Append(text, principal is null ? "" : principal.Scheme);
        Append(text, principal is null ? "" : principal.PrincipalId);
        return "gatewaygen:" + _stage + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);

    private static bool AsksInvalidation(StringValues cacheControl) => HasDirective(cacheControl, "max-age", "0");

    // A Cache-Control directive by name (and value): "no-store", "private=\"x\"", "max-age=0".
    private static bool HasDirective(StringValues header, string name, string? value = null)
    {
        foreach (var line in header)
        {
            foreach (var part in (line ?? "").Split(','))
            {
                var directive = part.Trim();
                var equals = directive.IndexOf('=');
                var directiveName = equals < 0 ? directive : directive.Substring(0, equals).TrimEnd();
                if (!directiveName.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (value is null || (equals >= 0 && directive.Substring(equals + 1).Trim().Trim('"') == value))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
