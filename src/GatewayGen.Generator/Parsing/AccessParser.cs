using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads who may call an operation and how often: apiKey security requirements, x-gatewaygen-throttle,
/// stage throttles and x-gatewaygen-usage-plans (throttle, quota, methodThrottle).
/// </summary>
internal sealed class AccessParser
{
    private static readonly string[] Periods = { "DAY", "WEEK", "MONTH" };

    private readonly ParseContext _context;
    private readonly Dictionary<string, (string Location, string Name)?> _schemes = new(StringComparer.Ordinal);
    private readonly string _schemesPointer;
    private readonly HashSet<string> _reportedSchemes = new(StringComparer.Ordinal);

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
                _schemes[scheme.Key] = ApiKeyScheme(scheme.Value as JsonObject, JsonPointer.Append(_schemesPointer, scheme.Key));
            }
        }

        if (JsonNodes.GetString(root?[ExtensionNames.ApiKeySource]) is { } source && !source.Equals("HEADER", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(DiagnosticDescriptors.UnsupportedExtension, "/" + ExtensionNames.ApiKeySource, $"{ExtensionNames.ApiKeySource}: {source} (keys come from the request)");
        }
    }

    /// <summary>The operation's key requirement (its own security, else the document's) and its throttle.</summary>
    public AccessModel ForOperation(string pointer)
    {
        var operation = JsonPointer.Resolve(_context.Root, pointer) as JsonObject;
        var throttle = Throttle(operation?[ExtensionNames.Throttle], JsonPointer.Append(pointer, ExtensionNames.Throttle), "x-gatewaygen-throttle");
        var securityPointer = operation?["security"] is not null ? JsonPointer.Append(pointer, "security") : "/security";
        if (JsonPointer.Resolve(_context.Root, securityPointer) is not JsonArray requirements || requirements.Count == 0)
        {
            return AccessModel.Open with { Throttle = throttle };
        }

        // Alternatives are OR'd. A key is required when every alternative names an apiKey scheme; an empty
        // alternative ({}) lets anonymous callers in, so then none is required.
        (string Location, string Name)? key = null;
        var everyAlternativeHasKey = true;
        for (var i = 0; i < requirements.Count; i++)
        {
            var alternativePointer = JsonPointer.Append(securityPointer, i);
            var alternativeKey = default((string, string)?);
            foreach (var scheme in requirements[i] as JsonObject ?? new JsonObject())
            {
                if (!_schemes.TryGetValue(scheme.Key, out var apiKey))
                {
                    // Fail closed: an undefined scheme (AWS's own samples write "api_key" without defining it) is
                    // taken as API Gateway's API key in x-api-key, never as "no authentication".
                    _context.Report(DiagnosticDescriptors.UnknownSecurityScheme, JsonPointer.Append(alternativePointer, scheme.Key), scheme.Key, _schemesPointer.TrimStart('/').Replace('/', '.'));
                    alternativeKey ??= ("Header", "x-api-key");
                    continue;
                }

                if (apiKey is null)
                {
                    // Once per scheme, where it is first required: Stripe would otherwise get a warning per operation.
                    if (_reportedSchemes.Add(scheme.Key))
                    {
                        _context.Report(DiagnosticDescriptors.UnsupportedExtension, JsonPointer.Append(alternativePointer, scheme.Key), $"security scheme '{scheme.Key}' (only apiKey schemes are enforced yet; requests are not authenticated by it)");
                    }

                    continue;
                }

                alternativeKey ??= apiKey;
            }

            everyAlternativeHasKey &= alternativeKey is not null;
            key ??= alternativeKey;
        }

        return everyAlternativeHasKey && key is { } required
            ? new AccessModel(required.Location, required.Name, throttle)
            : AccessModel.Open with { Throttle = throttle };
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

    // An apiKey scheme's (location, name); null for any other kind of scheme.
    private (string Location, string Name)? ApiKeyScheme(JsonObject? scheme, string pointer)
    {
        if (!string.Equals(JsonNodes.GetString(scheme?["type"]), "apiKey", StringComparison.Ordinal))
        {
            return null;
        }

        var name = JsonNodes.GetString(scheme?["name"]) ?? "x-api-key";
        switch (JsonNodes.GetString(scheme?["in"]))
        {
            case "header":
                return ("Header", name);
            case "query":
                return ("Query", name);
            default:
                _context.Report(DiagnosticDescriptors.UnsupportedExtension, JsonPointer.Append(pointer, "in"), "apiKey in " + (JsonNodes.GetString(scheme?["in"]) ?? "(missing)") + " (keys are read from a header or the query)");
                return null;
        }
    }
}
