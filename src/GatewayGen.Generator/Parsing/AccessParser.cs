using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads who may call an operation and how often: security requirements (apiKey schemes enforced, an operation
/// left with nothing the gateway verifies refused), x-gatewaygen-throttle,
/// stage throttles and x-gatewaygen-usage-plans (throttle, quota, methodThrottle).
/// </summary>
internal sealed class AccessParser
{
    private static readonly string[] Periods = { "DAY", "WEEK", "MONTH" };

    private readonly ParseContext _context;
    private readonly Dictionary<string, (string Kind, (string Location, string Name)? ApiKey)> _schemes = new(StringComparer.Ordinal);
    private readonly string _schemesPointer;

    public AccessParser(ParseContext context)
    {
        _context = context;
        var root = context.Root as JsonObject;
        var isSwagger = root?["swagger"] is not null;
        _schemesPointer = isSwagger ? "/securityDefinitions" : "/components/securitySchemes";
        if (JsonPointer.Resolve(root, _schemesPointer) is JsonObject schemes)
        {
            foreach (var scheme in schemes)
            {
                _schemes[scheme.Key] = Scheme(scheme.Value as JsonObject);
            }
        }

        if (JsonNodes.GetString(root?[ExtensionNames.ApiKeySource]) is { } source && !source.Equals("HEADER", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(DiagnosticDescriptors.UnsupportedExtension, "/" + ExtensionNames.ApiKeySource, $"{ExtensionNames.ApiKeySource}: {source} (keys come from the request)");
        }
    }

    /// <summary>The operation's key requirement (its own security, else the document's) and its throttle.</summary>
    /// <param name="pointer">The operation object.</param>
    /// <param name="operationName">"GET /pets", for the warning that refuses it.</param>
    public AccessModel ForOperation(string pointer, string operationName)
    {
        pointer = ThroughPathItemReference(pointer);
        var operation = JsonPointer.Resolve(_context.Root, pointer) as JsonObject;
        var throttle = Throttle(operation?[ExtensionNames.Throttle], JsonPointer.Append(pointer, ExtensionNames.Throttle), "x-gatewaygen-throttle");
        // x-amazon-apigateway-auth (AWS_IAM) applies on top of any security requirement; only {type: NONE} is none.
        var awsAuthPointer = JsonPointer.Append(pointer, ExtensionNames.AwsAuth);
        if (operation?[ExtensionNames.AwsAuth] is { } awsAuth &&
            !string.Equals(JsonNodes.GetString((awsAuth as JsonObject)?["type"]), "NONE", StringComparison.OrdinalIgnoreCase))
        {
            return Refused(operationName, $"{ExtensionNames.AwsAuth} {JsonNodes.GetString((awsAuth as JsonObject)?["type"]) ?? awsAuth.ToJsonString()}", awsAuthPointer, throttle);
        }

        var securityPointer = operation?["security"] is not null ? JsonPointer.Append(pointer, "security") : "/security";
        var security = JsonPointer.Resolve(_context.Root, securityPointer);
        if (security is null || security is JsonArray { Count: 0 })
        {
            return AccessModel.Open with { Throttle = throttle };
        }

        if (security is not JsonArray requirements)
        {
            return Refused(operationName, "a security value that is not a list of requirements", securityPointer, throttle);
        }

        // Alternatives are OR'd, the schemes of one alternative AND'd; an empty alternative ({}) is anonymous. An
        // alternative passes only if the gateway verifies every scheme in it: the others can never pass, so an
        // operation left with none is refused (401 on every request), never served open.
        (string Location, string Name)? key = null;
        var anonymous = false;
        string? unverified = null;
        string? unverifiedPointer = null;
        for (var i = 0; i < requirements.Count; i++)
        {
            var alternativePointer = JsonPointer.Append(securityPointer, i);
            if (requirements[i] is not JsonObject alternative)
            {
                unverified ??= "a security requirement that is not an object";
                unverifiedPointer ??= alternativePointer;
                continue;
            }

            if (alternative.Count == 0)
            {
                anonymous = true;
                continue;
            }

            var alternativeKey = default((string, string)?);
            var verified = true;
            foreach (var scheme in alternative)
            {
                if (!_schemes.TryGetValue(scheme.Key, out var known))
                {
                    // Fail closed: an undefined scheme (AWS's own samples write "api_key" without defining it) is
                    // taken as API Gateway's API key in x-api-key, never as "no authentication".
                    _context.Report(DiagnosticDescriptors.UnknownSecurityScheme, JsonPointer.Append(alternativePointer, scheme.Key), scheme.Key, _schemesPointer.TrimStart('/').Replace('/', '.'));
                    known = ("apiKey", ("Header", "x-api-key"));
                }

                if (known.ApiKey is { } apiKey)
                {
                    // AND of two different keys: the gateway checks one key per request, so it cannot verify both.
                    if (alternativeKey is { } first && (first.Item1 != apiKey.Location || !string.Equals(first.Item2, apiKey.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        verified = false;
                        unverified ??= $"security scheme '{scheme.Key}' together with another API key in one requirement";
                        unverifiedPointer ??= JsonPointer.Append(alternativePointer, scheme.Key);
                    }

                    alternativeKey ??= apiKey;
                    continue;
                }

                verified = false;
                unverified ??= $"security scheme '{scheme.Key}' ({known.Kind})";
                unverifiedPointer ??= JsonPointer.Append(alternativePointer, scheme.Key);
            }

            if (verified && alternativeKey is not null)
            {
                key ??= alternativeKey;
            }
        }

        if (anonymous)
        {
            return AccessModel.Open with { Throttle = throttle };
        }

        if (key is { } required)
        {
            return new AccessModel(required.Location, required.Name, throttle);
        }

        return Refused(operationName, unverified ?? "a security requirement", unverifiedPointer ?? securityPointer, throttle);
    }

    // "/paths/~1admin/get" when /paths/~1admin is {$ref: '#/components/pathItems/admin'}: the operation the reader
    // built is the referenced one, so its security must be read there too (references to other files are inlined).
    private string ThroughPathItemReference(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        var pathItem = pointer.Substring(0, slash);
        for (var hops = 0; hops < 8 && JsonNodes.GetString((JsonPointer.Resolve(_context.Root, pathItem) as JsonObject)?["$ref"]) is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            pathItem = Uri.UnescapeDataString(reference.Substring(1));
        }

        return pathItem + pointer.Substring(slash);
    }

    private AccessModel Refused(string operationName, string what, string pointer, ThrottleModel? throttle)
    {
        _context.Report(DiagnosticDescriptors.UnverifiedSecurity, pointer, operationName, what);
        return AccessModel.Open with { Throttle = throttle, RefusedBecause = $"it requires {what}, which this gateway does not verify" };
    }

    /// <summary>x-gatewaygen-usage-plans, after the operations so methodThrottle can name them.</summary>
    public EquatableArray<UsagePlanModel> UsagePlans(IReadOnlyCollection<OperationModel> operations)
    {
        var pointer = "/" + ExtensionNames.UsagePlans;
        var node = JsonPointer.Resolve(_context.Root, pointer);
        if (node is null)
        {
            return EquatableArray<UsagePlanModel>.Empty;
        }

        if (node is not JsonObject plans)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, pointer, $"{ExtensionNames.UsagePlans} must map plan names to their settings.");
            return EquatableArray<UsagePlanModel>.Empty;
        }

        // As the runtime names operations: "GET /pets/{petId}", or "ANY /x" for x-amazon-apigateway-any-method.
        var routes = new HashSet<string>(operations.Select(o => o.DisplayName), StringComparer.Ordinal);
        var result = new List<UsagePlanModel>();
        foreach (var plan in plans)
        {
            var planPointer = JsonPointer.Append(pointer, plan.Key);
            if (plan.Value is not JsonObject settings)
            {
                _context.Report(DiagnosticDescriptors.InvalidAccessSetting, planPointer, $"Usage plan '{plan.Key}' must be an object with throttle, quota and methodThrottle.");
                continue;
            }

            IntegrationParser.ReportUnknownKeys(settings, planPointer, ExtensionNames.UsagePlanKeys, "a usage plan", _context);
            var methodThrottles = new List<MethodThrottleModel>();
            var methodPointer = JsonPointer.Append(planPointer, "methodThrottle");
            foreach (var method in settings["methodThrottle"] as JsonObject ?? new JsonObject())
            {
                var routePointer = JsonPointer.Append(methodPointer, method.Key);
                var route = NormalizeRoute(method.Key);
                if (!routes.Contains(route))
                {
                    _context.Report(DiagnosticDescriptors.InvalidAccessSetting, routePointer, $"Usage plan '{plan.Key}': methodThrottle '{method.Key}' names no operation of this document (write it as \"GET /pets/{{petId}}\").");
                    continue;
                }

                if (Throttle(method.Value, routePointer, $"usage plan '{plan.Key}' methodThrottle '{method.Key}'") is { } throttle)
                {
                    methodThrottles.Add(new MethodThrottleModel(route, throttle));
                }
            }

            result.Add(new UsagePlanModel(
                plan.Key,
                Throttle(settings["throttle"], JsonPointer.Append(planPointer, "throttle"), $"usage plan '{plan.Key}'"),
                Quota(settings["quota"], JsonPointer.Append(planPointer, "quota"), plan.Key),
                methodThrottles.ToEquatableArray(),
                _context.Locate(planPointer)));
        }

        return result.ToEquatableArray();
    }

    /// <summary>{ rateLimit, burstLimit }; null (with an error) when absent or invalid.</summary>
    public ThrottleModel? Throttle(JsonNode? node, string pointer, string owner)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject throttle)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, pointer, $"The throttle of {owner} must be an object with rateLimit and burstLimit.");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(throttle, pointer, ExtensionNames.ThrottleKeys, "a throttle", _context);
        var rate = double.TryParse(JsonNodes.GetScalarText(throttle["rateLimit"]), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRate) ? parsedRate : double.NaN;
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, JsonPointer.Append(pointer, "rateLimit"), $"The throttle of {owner} needs rateLimit: requests per second, above 0.");
            return null;
        }

        if (!JsonNodes.TryGetInt32(throttle["burstLimit"], out var burst) || burst < 1)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, JsonPointer.Append(pointer, "burstLimit"), $"The throttle of {owner} needs burstLimit: a whole number of requests, at least 1.");
            return null;
        }

        return new ThrottleModel(rate, burst);
    }

    private QuotaModel? Quota(JsonNode? node, string pointer, string plan)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject quota)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, pointer, $"The quota of usage plan '{plan}' must be an object with limit and period.");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(quota, pointer, ExtensionNames.QuotaKeys, "a quota", _context);
        var limit = long.TryParse(JsonNodes.GetScalarText(quota["limit"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedLimit) ? parsedLimit : 0;
        if (limit < 1)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, JsonPointer.Append(pointer, "limit"), $"The quota of usage plan '{plan}' needs limit: a whole number of requests, at least 1.");
            return null;
        }

        var period = JsonNodes.GetString(quota["period"])?.ToUpperInvariant();
        if (period is null || Array.IndexOf(Periods, period) < 0)
        {
            _context.Report(DiagnosticDescriptors.InvalidAccessSetting, JsonPointer.Append(pointer, "period"), $"The quota of usage plan '{plan}' needs period: DAY, WEEK or MONTH.");
            return null;
        }

        return new QuotaModel(limit, period);
    }

    // "get /pets/{id}" and "GET  /pets/{id}" name the same operation as "GET /pets/{id}".
    private static string NormalizeRoute(string route)
    {
        var parts = route.Trim().Split(new[] { ' ' }, 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? parts[0].ToUpperInvariant() + " " + parts[1].Trim() : route;
    }

    // What a scheme is, and the key it asks for when the gateway verifies it (an apiKey in a header or the query).
    private static (string Kind, (string Location, string Name)? ApiKey) Scheme(JsonObject? scheme)
    {
        var type = JsonNodes.GetString(scheme?["type"]) ?? "(no type)";
        if (scheme?[ExtensionNames.Authorizer] is not null || scheme?[ExtensionNames.AuthType] is not null)
        {
            return ("a Lambda authorizer, " + ExtensionNames.Authorizer, null);
        }

        if (!string.Equals(type, "apiKey", StringComparison.Ordinal))
        {
            var kind = type == "http" && JsonNodes.GetString(scheme?["scheme"]) is { } httpScheme ? "http " + httpScheme : type;
            return (kind, null);
        }

        var name = JsonNodes.GetString(scheme?["name"]) ?? "x-api-key";
        switch (JsonNodes.GetString(scheme?["in"]))
        {
            case "header":
                return ("apiKey", ("Header", name));
            case "query":
                return ("apiKey", ("Query", name));
            default:
                return ("apiKey in " + (JsonNodes.GetString(scheme?["in"]) ?? "(no 'in')"), null);
        }
    }
}
