using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads the response cache's settings: a stage's <c>cache</c>, an operation's <c>x-gatewaygen-cache</c>, and the
/// integration's <c>cacheKeyParameters</c>. A value the cache cannot apply is an error (GG0048), never a guess.
/// </summary>
internal static class CacheParser
{
    private static readonly string[] Strategies = { "FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER" };

    /// <summary>x-gatewaygen-stages: NAME: cache: { enabled, ttlSeconds, capacityMb, requireAuthorization, unauthorizedCacheControlHeaderStrategy }.</summary>
    public static StageCacheModel? Stage(JsonNode? node, string pointer, string stage, ParseContext context)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject cache)
        {
            context.Report(DiagnosticDescriptors.InvalidCacheSetting, pointer, $"The cache of stage '{stage}' must be an object with enabled, ttlSeconds and capacityMb.");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(cache, pointer, ExtensionNames.StageCacheKeys, "a stage cache", context);
        var owner = $"stage '{stage}'";
        var enabled = Flag(cache, pointer, "enabled", owner, context) ?? false;
        var ttl = Whole(cache, pointer, "ttlSeconds", 0, StageCacheModel.MaxTtlSeconds, owner, context) ?? StageCacheModel.DefaultTtlSeconds;
        var capacity = Whole(cache, pointer, "capacityMb", 1, StageCacheModel.MaxCapacityMegabytes, owner, context) ?? StageCacheModel.DefaultCapacityMegabytes;
        var invalidation = new CacheInvalidationModel(
            Flag(cache, pointer, "requireAuthorization", owner, context) ?? true,
            Strategy(cache, pointer, owner, context) ?? CacheInvalidationModel.Default.Unauthorized);
        return new StageCacheModel(enabled, ttl, capacity, invalidation);
    }

    /// <summary>x-gatewaygen-cache: { enabled, ttlSeconds, requireAuthorization, unauthorizedCacheControlHeaderStrategy, cacheKeyParameters }.</summary>
    public static OperationCacheSettingsModel? Operation(JsonNode? node, string pointer, string operation, ParseContext context)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject cache)
        {
            context.Report(DiagnosticDescriptors.InvalidCacheSetting, pointer, $"{ExtensionNames.Cache} of {operation} must be an object with enabled and ttlSeconds.");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(cache, pointer, ExtensionNames.OperationCacheKeys, ExtensionNames.Cache, context);
        return new OperationCacheSettingsModel(
            Flag(cache, pointer, "enabled", operation, context),
            Whole(cache, pointer, "ttlSeconds", 0, StageCacheModel.MaxTtlSeconds, operation, context),
            Flag(cache, pointer, "requireAuthorization", operation, context),
            Strategy(cache, pointer, operation, context));
    }

    /// <summary>
    /// The key's request values: every path parameter, then each cacheKeyParameters entry
    /// (method.request.querystring.NAME, .header.NAME; a .path.NAME is already in), from the integration and from
    /// x-gatewaygen-cache.
    /// </summary>
    public static EquatableArray<CacheKeyParameterModel> KeyParameters(RouteModel route, IEnumerable<(JsonNode? Node, string Pointer)> lists, string operation, ParseContext context)
    {
        var result = new List<CacheKeyParameterModel>();
        foreach (var parameter in route.Parameters)
        {
            result.Add(new CacheKeyParameterModel("Path", parameter.RouteName));
        }

        foreach (var (node, pointer) in lists)
        {
            if (node is null)
            {
                continue;
            }

            if (node is not JsonArray entries)
            {
                context.Report(DiagnosticDescriptors.InvalidCacheSetting, pointer, $"cacheKeyParameters of {operation} must be a list like [\"method.request.querystring.limit\"].");
                continue;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                if (Entry(JsonNodes.GetString(entries[i]), route) is { } parameter)
                {
                    if (!result.Contains(parameter))
                    {
                        result.Add(parameter);
                    }
                }
                else
                {
                    context.Report(DiagnosticDescriptors.InvalidCacheSetting, JsonPointer.Append(pointer, i),
                        $"cacheKeyParameters entry {JsonNodes.ToJson(entries[i])} of {operation} is not method.request.querystring.NAME, method.request.header.NAME or method.request.path.NAME of one of its path parameters.");
                }
            }
        }

        return result.ToEquatableArray();
    }

    private static CacheKeyParameterModel? Entry(string? text, RouteModel route)
    {
        const string prefix = "method.request.";
        if (text is null || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text.Substring(prefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return null;
        }

        var name = rest.Substring(dot + 1);
        switch (rest.Substring(0, dot))
        {
            case "querystring":
                return new CacheKeyParameterModel("Query", name);
            case "header":
                return IsToken(name) ? new CacheKeyParameterModel("Header", name.ToLowerInvariant()) : null;
            case "path":
                foreach (var parameter in route.Parameters)
                {
                    if (parameter.Name == name)
                    {
                        return new CacheKeyParameterModel("Path", parameter.RouteName);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    private static bool? Flag(JsonObject cache, string pointer, string key, string owner, ParseContext context)
    {
        if (cache[key] is not { } node)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        context.Report(DiagnosticDescriptors.InvalidCacheSetting, JsonPointer.Append(pointer, key), $"The cache's {key} of {owner} must be true or false.");
        return null;
    }

    private static int? Whole(JsonObject cache, string pointer, string key, int min, int max, string owner, ParseContext context)
    {
        if (cache[key] is not { } node)
        {
            return null;
        }

        if (node is JsonValue && JsonNodes.TryGetInt32(node, out var value) && value >= min && value <= max)
        {
            return value;
        }

        context.Report(DiagnosticDescriptors.InvalidCacheSetting, JsonPointer.Append(pointer, key), $"The cache's {key} of {owner} must be a whole number from {min} to {max}.");
        return null;
    }

    // API Gateway's unauthorizedCacheControlHeaderStrategy, as the runtime's UnauthorizedCacheControl member.
    private static string? Strategy(JsonObject cache, string pointer, string owner, ParseContext context)
    {
        const string key = "unauthorizedCacheControlHeaderStrategy";
        if (cache[key] is not { } node)
        {
            return null;
        }

        switch (JsonNodes.GetString(node))
        {
            case "FAIL_WITH_403":
                return "FailWith403";
            case "SUCCEED_WITH_RESPONSE_HEADER":
                return "SucceedWithResponseHeader";
            case "SUCCEED_WITHOUT_RESPONSE_HEADER":
                return "SucceedWithoutResponseHeader";
            default:
                context.Report(DiagnosticDescriptors.InvalidCacheSetting, JsonPointer.Append(pointer, key), $"The cache's {key} of {owner} must be one of {string.Join(", ", Strategies)}.");
                return null;
        }
    }
}
