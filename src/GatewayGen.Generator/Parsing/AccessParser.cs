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
    private readonly Dictionary<string, SchemeInfo> _schemes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedAuthorizers = new(StringComparer.Ordinal);
    private readonly bool _keysFromAuthorizer;
    private readonly Dictionary<string, string> _requestTypes = new(StringComparer.Ordinal); // C# authorizers' request types, by function
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
                _schemes[scheme.Key] = Scheme(scheme.Key, scheme.Value as JsonObject, JsonPointer.Append(_schemesPointer, scheme.Key));
            }
        }

        _keysFromAuthorizer = string.Equals(JsonNodes.GetString(root?[ExtensionNames.ApiKeySource]), "AUTHORIZER", StringComparison.OrdinalIgnoreCase);
        if (JsonNodes.GetString(root?[ExtensionNames.ApiKeySource]) is { } source && !source.Equals("HEADER", StringComparison.OrdinalIgnoreCase) && !_keysFromAuthorizer)
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
        var alternatives = new List<SecurityAlternativeModel>();
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

            var alternativeKey = default((string Location, string Name)?);
            var authorizers = new List<AuthorizerUseModel>();
            var verified = true;
            var hasFunctionAuthorizer = false;
            foreach (var scheme in alternative)
            {
                var schemePointer = JsonPointer.Append(alternativePointer, scheme.Key);
                if (!_schemes.TryGetValue(scheme.Key, out var known))
                {
                    // Fail closed: an undefined scheme (AWS's own samples write "api_key" without defining it) is
                    // taken as API Gateway's API key in x-api-key, never as "no authentication".
                    _context.Report(DiagnosticDescriptors.UnknownSecurityScheme, schemePointer, scheme.Key, _schemesPointer.TrimStart('/').Replace('/', '.'));
                    known = new SchemeInfo("apiKey", ("Header", "x-api-key"), null);
                }

                if (known.Function is not null)
                {
                    if (scheme.Value is JsonArray { Count: > 0 })
                    {
                        verified = false;
                        unverified ??= $"scopes of the C# authorizer '{scheme.Key}', which only a JWT authorizer checks (check them in the authorizer)";
                        unverifiedPointer ??= schemePointer;
                        continue;
                    }

                    authorizers.Add(new AuthorizerUseModel(scheme.Key, EquatableArray<string>.Empty));
                    hasFunctionAuthorizer = true;
                    continue;
                }

                if (known.Jwt is not null)
                {
                    if (Scopes(scheme.Value, schemePointer, scheme.Key) is { } scopes)
                    {
                        authorizers.Add(new AuthorizerUseModel(scheme.Key, scopes));
                        continue;
                    }

                    verified = false;
                    unverified ??= $"security scheme '{scheme.Key}' with scopes that are not a list of names";
                    unverifiedPointer ??= schemePointer;
                    continue;
                }

                if (known.ApiKey is { } apiKey)
                {
                    // AND of two different keys: the gateway checks one key per request, so it cannot verify both.
                    if (alternativeKey is { } first && (first.Location != apiKey.Location || !string.Equals(first.Name, apiKey.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        verified = false;
                        unverified ??= $"security scheme '{scheme.Key}' together with another API key in one requirement";
                        unverifiedPointer ??= schemePointer;
                    }

                    alternativeKey ??= apiKey;
                    continue;
                }

                verified = false;
                unverified ??= $"security scheme '{scheme.Key}' ({known.Kind})";
                unverifiedPointer ??= schemePointer;
            }

            // x-amazon-apigateway-api-key-source AUTHORIZER: the key is the one the requirement's C# authorizer names.
            if (verified && alternativeKey is not null && _keysFromAuthorizer && !hasFunctionAuthorizer)
            {
                verified = false;
                unverified ??= $"an API key named by an authorizer ({ExtensionNames.ApiKeySource}: AUTHORIZER) in a requirement without a C# authorizer";
                unverifiedPointer ??= alternativePointer;
            }

            if (verified)
            {
                foreach (var authorizer in authorizers)
                {
                    _usedAuthorizers.Add(authorizer.Scheme);
                }

                var location = alternativeKey is null ? "None" : _keysFromAuthorizer ? "Authorizer" : alternativeKey.Value.Location;
                alternatives.Add(new SecurityAlternativeModel(location, alternativeKey?.Name, authorizers.ToEquatableArray()));
            }
        }

        if (anonymous)
        {
            return AccessModel.Open with { Throttle = throttle };
        }

        if (alternatives.Count > 0)
        {
            return new AccessModel(alternatives.ToEquatableArray(), throttle);
        }

        return Refused(operationName, unverified ?? "a security requirement", unverifiedPointer ?? securityPointer, throttle);
    }

    /// <summary>The C# authorizers the operations read so far use, in the document's order of schemes.</summary>
    public EquatableArray<FunctionAuthorizerModel> FunctionAuthorizers() =>
        _schemes.Where(s => s.Value.Function is not null && _usedAuthorizers.Contains(s.Key)).Select(s => s.Value.Function!).ToEquatableArray();

    /// <summary>The partial methods those authorizers need, each with the error that says where and what to write.</summary>
    public EquatableArray<RequiredImplementationModel> RequiredImplementations(string apiName)
    {
        var required = new List<RequiredImplementationModel>();
        foreach (var scheme in _schemes.Where(s => s.Value.Function is not null && _usedAuthorizers.Contains(s.Key)))
        {
            var function = scheme.Value.Function!;
            if (required.Any(r => r.Method == apiName + "Functions." + function.Function))
            {
                continue; // two schemes, one function: one method
            }

            var signature = $"public static partial ValueTask<GatewayGen.Runtime.AuthorizerResult> {function.Function}({function.RequestType} request)";
            required.Add(new RequiredImplementationModel(
                apiName + "Functions." + function.Function,
                DiagnosticInfo.Create(DiagnosticDescriptors.MissingAuthorizerImplementation, _context.Locate(scheme.Value.FunctionPointer!), scheme.Key, signature, apiName + "Functions")));
        }

        return required.ToEquatableArray();
    }

    /// <summary>The JWT authorizers the operations read so far use, in the document's order of schemes.</summary>
    public EquatableArray<JwtAuthorizerModel> Authorizers() =>
        _schemes.Where(s => s.Value.Jwt is not null && _usedAuthorizers.Contains(s.Key)).Select(s => s.Value.Jwt!).ToEquatableArray();

    // A requirement's scopes: a list of names (OpenAPI); every one must be in the token.
    private EquatableArray<string>? Scopes(JsonNode? node, string pointer, string scheme)
    {
        if (node is null)
        {
            return EquatableArray<string>.Empty;
        }

        if (node is not JsonArray list || list.Any(n => JsonNodes.GetString(n) is not { Length: > 0 }))
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, "the scopes of a security requirement must be a list of scope names");
            return null;
        }

        return list.Select(n => JsonNodes.GetString(n)!).ToEquatableArray();
    }

    // "/paths/~1admin/get" when /paths/~1admin is {$ref: '#/components/pathItems/admin'}: the operation the reader
    // built is the referenced one, so its security must be read there too (references to other files are inlined).
    /// <summary>The operation's pointer, through a path item's $ref to where its JSON stands.</summary>
    public string ThroughPathItemReference(string pointer)
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
                _context.Locate(planPointer))
            {
                CacheInvalidation = CacheInvalidation(settings["cacheInvalidation"], JsonPointer.Append(planPointer, "cacheInvalidation"), plan.Key),
            });
        }

        return result.ToEquatableArray();
    }

    private bool CacheInvalidation(JsonNode? node, string pointer, string plan)
    {
        if (node is null)
        {
            return false;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        _context.Report(DiagnosticDescriptors.InvalidAccessSetting, pointer, $"Usage plan '{plan}': cacheInvalidation must be true or false.");
        return false;
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

    private sealed record SchemeInfo(string Kind, (string Location, string Name)? ApiKey, JwtAuthorizerModel? Jwt)
    {
        public FunctionAuthorizerModel? Function { get; init; }

        /// <summary>Where the C# authorizer's authorizerUri is, for the error when its method is missing.</summary>
        public string? FunctionPointer { get; init; }
    }

    // What a scheme is, and how the gateway verifies it: the key it asks for (an apiKey in a header or the query),
    // or the JWT authorizer it is.
    private SchemeInfo Scheme(string name, JsonObject? scheme, string pointer)
    {
        var type = JsonNodes.GetString(scheme?["type"]) ?? "(no type)";
        if (scheme?[ExtensionNames.Authorizer] is { } authorizer &&
            string.Equals(JsonNodes.GetString((authorizer as JsonObject)?["type"]), "jwt", StringComparison.OrdinalIgnoreCase))
        {
            return new SchemeInfo("a JWT authorizer", null, AmazonJwt(name, (JsonObject)authorizer, JsonPointer.Append(pointer, ExtensionNames.Authorizer)));
        }

        if (scheme?[ExtensionNames.Authorizer] is JsonObject lambda &&
            JsonNodes.GetString(lambda["type"])?.ToLowerInvariant() is "token" or "request")
        {
            var authorizerPointer = JsonPointer.Append(pointer, ExtensionNames.Authorizer);
            return new SchemeInfo("a C# authorizer", null, null)
            {
                Function = FunctionAuthorizer(name, scheme, lambda, authorizerPointer),
                FunctionPointer = JsonPointer.Append(authorizerPointer, "authorizerUri"),
            };
        }

        if (scheme?[ExtensionNames.Authorizer] is not null || scheme?[ExtensionNames.AuthType] is not null)
        {
            var authorizerType = JsonNodes.GetString((scheme?[ExtensionNames.Authorizer] as JsonObject)?["type"]);
            return new SchemeInfo(authorizerType is null ? "an authorizer, " + ExtensionNames.Authorizer : $"an authorizer of type {authorizerType}", null, null);
        }

        var isBearer = type == "http" && string.Equals(JsonNodes.GetString(scheme?["scheme"]), "bearer", StringComparison.OrdinalIgnoreCase);
        if ((isBearer || type is "oauth2" or "openIdConnect") && scheme?[ExtensionNames.Jwt] is { } jwt)
        {
            return new SchemeInfo("a JWT authorizer", null, GatewayGenJwt(name, type, scheme, jwt, JsonPointer.Append(pointer, ExtensionNames.Jwt)));
        }

        if (!string.Equals(type, "apiKey", StringComparison.Ordinal))
        {
            var kind = type == "http" && JsonNodes.GetString(scheme?["scheme"]) is { } httpScheme ? "http " + httpScheme : type;
            return new SchemeInfo(kind + (type is "oauth2" or "openIdConnect" || isBearer ? " without " + ExtensionNames.Jwt : ""), null, null);
        }

        var keyName = JsonNodes.GetString(scheme?["name"]) ?? "x-api-key";
        switch (JsonNodes.GetString(scheme?["in"]))
        {
            case "header":
                return new SchemeInfo("apiKey", ("Header", keyName), null);
            case "query":
                return new SchemeInfo("apiKey", ("Query", keyName), null);
            default:
                return new SchemeInfo("apiKey in " + (JsonNodes.GetString(scheme?["in"]) ?? "(no 'in')"), null, null);
        }
    }

    // x-amazon-apigateway-authorizer {type: token|request, authorizerUri: ...function:NAME/invocations, identitySource,
    // identityValidationExpression, authorizerResultTtlInSeconds}: the partial method NAME the user writes.
    private FunctionAuthorizerModel? FunctionAuthorizer(string scheme, JsonObject declaration, JsonObject authorizer, string pointer)
    {
        IntegrationParser.ReportUnknownKeys(authorizer, pointer, ExtensionNames.FunctionAuthorizerKeys, ExtensionNames.Authorizer, _context);
        var isToken = string.Equals(JsonNodes.GetString(authorizer["type"]), "token", StringComparison.OrdinalIgnoreCase);
        var uri = JsonNodes.GetString(authorizer["authorizerUri"]);
        var name = uri is null ? null : StageResolver.LambdaFunctionName(uri);
        if (name is null || name.IndexOfAny(new[] { '$', '{', '}' }) >= 0)
        {
            _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, uri is null ? pointer : JsonPointer.Append(pointer, "authorizerUri"), scheme,
                "authorizerUri must name a Lambda function (...:function:NAME/invocations), which becomes the C# method NAME");
            return null;
        }

        var function = Identifiers.Sanitize(name);
        var sources = new List<string>();
        var identitySource = JsonNodes.GetString(authorizer["identitySource"]);
        if (authorizer["identitySource"] is not null && identitySource is null)
        {
            _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "identitySource"), scheme, "identitySource is a string: method.request.header.NAME, and for type request more of those or method.request.querystring.NAME, separated by commas");
            return null;
        }

        if (identitySource is null)
        {
            if (isToken)
            {
                // API Gateway's default for a token authorizer: the header the scheme names.
                sources.Add("header." + (string.Equals(JsonNodes.GetString(declaration["in"]), "header", StringComparison.Ordinal) ? JsonNodes.GetString(declaration["name"]) ?? "Authorization" : "Authorization"));
            }
        }
        else
        {
            foreach (var part in identitySource.Split(','))
            {
                var source = part.Trim();
                if (source.StartsWith("method.request.header.", StringComparison.Ordinal) && source.Length > "method.request.header.".Length)
                {
                    sources.Add("header." + source.Substring("method.request.header.".Length));
                }
                else if (!isToken && source.StartsWith("method.request.querystring.", StringComparison.Ordinal) && source.Length > "method.request.querystring.".Length)
                {
                    sources.Add("query." + source.Substring("method.request.querystring.".Length));
                }
                else
                {
                    _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "identitySource"), scheme,
                        isToken ? "a token authorizer's identitySource is one header: method.request.header.NAME" : $"identitySource '{source}' is not method.request.header.NAME or method.request.querystring.NAME");
                    return null;
                }
            }

            if (isToken && sources.Count != 1)
            {
                _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "identitySource"), scheme, "a token authorizer's identitySource is one header: method.request.header.NAME");
                return null;
            }
        }

        var expression = JsonNodes.GetString(authorizer["identityValidationExpression"]);
        if (expression is not null)
        {
            try
            {
                // As the runtime builds it: the whole token must match, so a pattern cannot comment out the anchor.
                _ = new System.Text.RegularExpressions.Regex(@"\A(?:" + expression + @")\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            }
            catch (ArgumentException exception)
            {
                _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "identityValidationExpression"), scheme, "identityValidationExpression is not a valid regular expression: " + exception.Message);
                return null;
            }
        }

        var ttl = 300;
        if (authorizer["authorizerResultTtlInSeconds"] is { } ttlNode && (!JsonNodes.TryGetInt32(ttlNode, out ttl) || ttl < 0 || ttl > 3600))
        {
            _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "authorizerResultTtlInSeconds"), scheme, "authorizerResultTtlInSeconds is a whole number of seconds from 0 to 3600");
            return null;
        }

        var requestType = Identifiers.ToPascalCase(function) + "AuthorizerRequest";
        if (_requestTypes.TryGetValue(requestType, out var other) && other != function)
        {
            _context.Report(DiagnosticDescriptors.InvalidFunctionAuthorizer, JsonPointer.Append(pointer, "authorizerUri"), scheme,
                $"its function '{function}' and another authorizer's '{other}' differ only in case, so both would be {requestType}: rename one");
            return null;
        }

        _requestTypes[requestType] = function;
        return new FunctionAuthorizerModel(scheme, isToken, function, requestType, sources.ToEquatableArray(), expression, ttl);
    }

    // x-amazon-apigateway-authorizer {type: jwt, identitySource, jwtConfiguration: {issuer, audience}}: keys from
    // the issuer's discovery document, as API Gateway finds them.
    private JwtAuthorizerModel? AmazonJwt(string scheme, JsonObject authorizer, string pointer)
    {
        var configurationPointer = JsonPointer.Append(pointer, "jwtConfiguration");
        var configuration = authorizer["jwtConfiguration"] as JsonObject;
        IntegrationParser.ReportUnknownKeys(authorizer, pointer, ExtensionNames.AmazonJwtAuthorizerKeys, "a jwt " + ExtensionNames.Authorizer, _context);
        if (configuration is null)
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, "a jwt authorizer needs jwtConfiguration with issuer and audience");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(configuration, configurationPointer, ExtensionNames.JwtConfigurationKeys, "jwtConfiguration", _context);

        var issuer = Issuer(configuration["issuer"], JsonPointer.Append(configurationPointer, "issuer"), scheme, required: true);
        var audiences = Audiences(configuration["audience"], JsonPointer.Append(configurationPointer, "audience"), configurationPointer, scheme);
        var header = IdentityHeader(authorizer["identitySource"], JsonPointer.Append(pointer, "identitySource"), scheme);
        return issuer is null || audiences is null || header is null
            ? null
            : new JwtAuthorizerModel(scheme, issuer, audiences.Value, WellKnown(issuer), null, header);
    }

    // x-gatewaygen-jwt {issuer, audience, jwksUri} on an http bearer, oauth2 or openIdConnect scheme.
    private JwtAuthorizerModel? GatewayGenJwt(string scheme, string type, JsonObject declaration, JsonNode node, string pointer)
    {
        if (node is not JsonObject jwt)
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, $"{ExtensionNames.Jwt} must be an object with issuer and audience");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(jwt, pointer, ExtensionNames.JwtKeys, ExtensionNames.Jwt, _context);
        var discovery = type == "openIdConnect" ? JsonNodes.GetString(declaration["openIdConnectUrl"]) : null;
        var issuer = Issuer(jwt["issuer"], JsonPointer.Append(pointer, "issuer"), scheme, required: discovery is null);
        var audiences = Audiences(jwt["audience"], JsonPointer.Append(pointer, "audience"), pointer, scheme);
        string? jwksUri = null;
        if (jwt["jwksUri"] is { } jwksNode)
        {
            jwksUri = Url(jwksNode, JsonPointer.Append(pointer, "jwksUri"), scheme, "jwksUri");
            if (jwksUri is null)
            {
                return null;
            }
        }

        if (discovery is not null && Url(declaration["openIdConnectUrl"], JsonPointer.Append(JsonPointer.Append(_schemesPointer, scheme), "openIdConnectUrl"), scheme, "openIdConnectUrl") is null)
        {
            return null;
        }

        if ((issuer is null && discovery is null) || audiences is null)
        {
            return null;
        }

        return new JwtAuthorizerModel(scheme, issuer, audiences.Value, jwksUri is null ? discovery ?? WellKnown(issuer!) : null, jwksUri, "Authorization");
    }

    private string? Issuer(JsonNode? node, string pointer, string scheme, bool required)
    {
        if (node is null && !required)
        {
            return null;
        }

        return Url(node, pointer, scheme, "issuer");
    }

    // HTTPS, or plain HTTP to this machine (an identity provider on loopback): keys fetched over anything else could be swapped.
    private string? Url(JsonNode? node, string pointer, string scheme, string what)
    {
        var text = JsonNodes.GetString(node);
        if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, $"{what} must be an absolute https URL");
            return null;
        }

        if (uri.Scheme == "http" && !(uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip))))
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, $"{what} '{text}' is plain HTTP: keys are fetched over HTTPS only (plain HTTP only from loopback)");
            return null;
        }

        return text;
    }

    // Without an audience any token of the issuer, meant for any application, would pass: a build error.
    private EquatableArray<string>? Audiences(JsonNode? node, string pointer, string ownerPointer, string scheme)
    {
        var audiences = node switch
        {
            JsonArray list => list.Select(JsonNodes.GetString).ToList(),
            null => new List<string?>(),
            _ => new List<string?> { JsonNodes.GetString(node) },
        };
        if (audiences.Count == 0 || audiences.Any(a => a is not { Length: > 0 }))
        {
            _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, node is null ? ownerPointer : pointer, scheme, "it needs audience: the token audiences (aud, or client_id) to accept; without one, tokens issued to any application would pass");
            return null;
        }

        return audiences.Select(a => a!).ToEquatableArray();
    }

    // "$request.header.Authorization" (HTTP APIs) or "method.request.header.Authorization" (REST APIs): a header only.
    private string? IdentityHeader(JsonNode? node, string pointer, string scheme)
    {
        var source = node is JsonArray { Count: 1 } single ? JsonNodes.GetString(single[0]) : JsonNodes.GetString(node);
        if (node is null)
        {
            return "Authorization";
        }

        foreach (var prefix in new[] { "$request.header.", "method.request.header." })
        {
            if (source is not null && source.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && source.Length > prefix.Length)
            {
                return source.Substring(prefix.Length);
            }
        }

        _context.Report(DiagnosticDescriptors.InvalidJwtAuthorizer, pointer, scheme, "identitySource must name one header, as $request.header.NAME");
        return null;
    }

    private static string WellKnown(string issuer) => issuer.TrimEnd('/') + "/.well-known/openid-configuration";
}
