using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads x-amazon-apigateway-gateway-responses: { TYPE: { statusCode, responseParameters, responseTemplates } }.
/// Templates are split here into literal text and values, so nothing is interpreted per request. What the gateway
/// could not apply as written is an error (GG0042, GG0043): a customisation never silently falls back.
/// </summary>
internal static class GatewayResponseParser
{
    private const string HeaderPrefix = "gatewayresponse.header.";

    /// <summary>$context variables a gateway response can use, and the runtime's ContextVariable member for each.</summary>
    private static readonly Dictionary<string, string> ContextVariables = new(StringComparer.Ordinal)
    {
        ["error.message"] = "ErrorMessage",
        ["error.messageString"] = "ErrorMessageString",
        ["error.responseType"] = "ErrorResponseType",
        ["error.validationErrorString"] = "ErrorValidationErrorString",
        ["requestId"] = "RequestId",
        ["extendedRequestId"] = "ExtendedRequestId",
        ["httpMethod"] = "HttpMethod",
        ["resourcePath"] = "ResourcePath",
        ["path"] = "Path",
        ["protocol"] = "Protocol",
        ["stage"] = "Stage",
        ["deploymentId"] = "DeploymentId",
        ["apiId"] = "ApiId",
        ["domainName"] = "DomainName",
        ["domainPrefix"] = "DomainPrefix",
        ["identity.sourceIp"] = "IdentitySourceIp",
        ["identity.userAgent"] = "IdentityUserAgent",
        ["identity.apiKeyId"] = "IdentityApiKeyId",
        ["authorizer.principalId"] = "AuthorizerPrincipalId",
        ["requestTime"] = "RequestTime",
        ["requestTimeEpoch"] = "RequestTimeEpoch",
    };

    /// <summary>$context variables API Gateway documents that describe what a self-hosted gateway has not (GG0044), with why.</summary>
    private static readonly (string Prefix, string Why)[] UnavailableVariables =
    {
        ("identity.apiKey", "the gateway never echoes an API key; identity.apiKeyId names it"),
        ("accountId", "there is no AWS account"),
        ("identity.accountId", "there is no AWS account"),
        ("identity.caller", "IAM identities are not verified"),
        ("identity.user", "IAM identities are not verified"),
        ("identity.userArn", "IAM identities are not verified"),
        ("identity.principalOrgId", "IAM identities are not verified"),
        ("identity.cognitoAuthenticationProvider", "Cognito identities are not verified"),
        ("identity.cognitoAuthenticationType", "Cognito identities are not verified"),
        ("identity.cognitoIdentityId", "Cognito identities are not verified"),
        ("identity.cognitoIdentityPoolId", "Cognito identities are not verified"),
        ("identity.clientCert.", "client certificates are checked at the TLS handshake, not exposed"),
        ("identity.vpceId", "there is no VPC endpoint"),
        ("awsEndpointRequestId", "there is no AWS endpoint"),
        ("resourceId", "resources have no API Gateway id"),
        ("wafResponseCode", "there is no WAF"),
        ("webaclArn", "there is no WAF"),
        ("xrayTraceId", "there is no X-Ray"),
        ("requestOverride.", "gateway responses have no integration request"),
        ("responseOverride.", "gateway responses have no integration response"),
        ("integrationLatency", "a gateway response is made before or instead of the integration's answer"),
        ("integration.", "a gateway response is made before or instead of the integration's answer"),
        ("status", "the status is what the response sets"),
        ("responseLatency", "the answer is still being made"),
        ("responseLength", "the answer is still being made"),
        ("authorizer.integrationLatency", "authorizer timings are not kept"),
        ("authorizer.latency", "authorizer timings are not kept"),
        ("authorizer.status", "authorizer timings are not kept"),
        ("authorizer.requestId", "authorizers run in process"),
        ("authorizer.error", "authorizers run in process"),
        ("authenticate.", "authorizers run in process"),
        ("authorize.", "authorizers run in process"),
        ("customDomain.", "there are no custom domain mappings"),
        ("isCanaryRequest", "there are no canary deployments"),
    };

    private static readonly string[] ReservedHeaders =
    {
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection",
        "content-encoding", "x-amzn-requestid",
    };

    /// <summary>
    /// Headers a value from the request must never set: it would redirect the client (Location, Refresh), plant a
    /// cookie, name a download, turn off sniffing protection or grant CORS access. A literal or a stage variable (fixed
    /// at build time) may; Access-Control-* as literals for the gateway's own answers, as API Gateway REST APIs do.
    /// </summary>
    private static readonly string[] FixedValueHeaders =
    {
        "location", "refresh", "set-cookie", "content-disposition", "x-content-type-options",
    };

    /// <summary>Request headers that carry credentials in any API; the API's own key and authorizer sources are added.</summary>
    private static readonly string[] CredentialHeaders = { "authorization", "proxy-authorization", "cookie", "x-api-key" };

    public static EquatableArray<GatewayResponseModel> Parse(ParseContext context)
    {
        const string pointer = "/" + ExtensionNames.GatewayResponses;
        var node = context.Root?[ExtensionNames.GatewayResponses];
        if (node is null)
        {
            return EquatableArray<GatewayResponseModel>.Empty;
        }

        if (node is not JsonObject responses)
        {
            context.Report(DiagnosticDescriptors.InvalidGatewayResponse, pointer, ExtensionNames.GatewayResponses, "it must map response types to their customisation");
            return EquatableArray<GatewayResponseModel>.Empty;
        }

        var credentials = CredentialSources(context);
        var result = new List<GatewayResponseModel>();
        foreach (var entry in responses)
        {
            var typePointer = JsonPointer.Append(pointer, entry.Key);
            if (GatewayResponseTypes.FieldOf(entry.Key) is null)
            {
                context.Report(DiagnosticDescriptors.InvalidGatewayResponse, typePointer, entry.Key, "it is not an API Gateway response type (" + AllTypes() + ")");
                continue;
            }

            if (entry.Value is not JsonObject settings)
            {
                context.Report(DiagnosticDescriptors.InvalidGatewayResponse, typePointer, entry.Key, "it must be an object with statusCode, responseParameters or responseTemplates");
                continue;
            }

            if (ParseResponse(entry.Key, settings, typePointer, context, credentials) is { } response)
            {
                result.Add(response);
            }
        }

        return result.ToEquatableArray();
    }

    private static GatewayResponseModel? ParseResponse(string type, JsonObject settings, string pointer, ParseContext context, HashSet<string> credentials)
    {
        IntegrationParser.ReportUnknownKeys(settings, pointer, ExtensionNames.GatewayResponseKeys, "a gateway response", context);
        var valid = true;
        int? statusCode = null;
        if (settings["statusCode"] is { } statusNode)
        {
            if (JsonNodes.TryGetInt32(statusNode, out var status) && status is >= 200 and <= 599 && status is not (204 or 205 or 304))
            {
                statusCode = status;
                if (status < 400)
                {
                    // Every type is a failure (4xx or 5xx); a success or redirect status hides it from clients and metrics.
                    context.Report(DiagnosticDescriptors.GatewayResponseHidesFailure, JsonPointer.Append(pointer, "statusCode"), type, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                context.Report(DiagnosticDescriptors.InvalidGatewayResponse, JsonPointer.Append(pointer, "statusCode"), type,
                    $"statusCode '{JsonNodes.GetScalarText(statusNode) ?? JsonNodes.ToJson(statusNode)}' is not a status from 200 to 599 that carries a body (204, 205 and 304 do not)");
                valid = false;
            }
        }

        var headers = new List<ResponseHeaderModel>();
        if (settings["responseParameters"] is { } parametersNode)
        {
            valid &= ParseHeaders(type, parametersNode, JsonPointer.Append(pointer, "responseParameters"), context, headers, credentials);
        }

        var templates = new List<ResponseTemplateModel>();
        if (settings["responseTemplates"] is { } templatesNode)
        {
            valid &= ParseTemplates(type, templatesNode, JsonPointer.Append(pointer, "responseTemplates"), context, templates);
        }

        return valid ? new GatewayResponseModel(type, statusCode, headers.ToEquatableArray(), templates.ToEquatableArray()) : null;
    }

    private static bool ParseHeaders(string type, JsonNode node, string pointer, ParseContext context, List<ResponseHeaderModel> headers, HashSet<string> credentials)
    {
        if (node is not JsonObject parameters)
        {
            context.Report(DiagnosticDescriptors.InvalidGatewayResponse, pointer, type, "responseParameters must map gatewayresponse.header.NAME to a value");
            return false;
        }

        var valid = true;
        foreach (var parameter in parameters)
        {
            var at = JsonPointer.Append(pointer, parameter.Key);
            var problem = HeaderProblem(parameter.Key);
            var source = JsonNodes.GetString(parameter.Value);
            if (problem is null && source is null)
            {
                problem = $"the value of '{parameter.Key}' must be a string ('a literal', method.request.header.X, method.request.querystring.X, method.request.path.X, context.X or stageVariables.X)";
            }

            var value = problem is null ? HeaderValue(type, source!.Trim(), at, context, out problem) : null;
            if (value is not null && SourceProblem(parameter.Key.Substring(HeaderPrefix.Length), value, credentials) is { } refused)
            {
                problem = refused;
                value = null;
            }

            if (value is null)
            {
                if (problem is not null)
                {
                    context.Report(DiagnosticDescriptors.InvalidGatewayResponse, at, type, problem);
                }

                valid = false;
                continue;
            }

            headers.Add(new ResponseHeaderModel(parameter.Key.Substring(HeaderPrefix.Length), value));
        }

        return valid;
    }

    private static string? HeaderProblem(string key)
    {
        if (!key.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            return $"'{key}' is not a response header mapping; gateway responses set headers only (gatewayresponse.header.NAME)";
        }

        var name = key.Substring(HeaderPrefix.Length);
        return !StageResolver.IsToken(name) ? $"'{name}' is not a header name"
            : Array.IndexOf(ReservedHeaders, name.ToLowerInvariant()) >= 0 ? $"header '{name}' is the gateway's own (it frames the answer or carries the request id) and cannot be mapped"
            : name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ? $"header '{name}' is the body's media type and cannot be mapped: a responseTemplates entry sets it with the body it describes"
            : null;
    }

    /// <summary>Why <paramref name="value"/> may not set header <paramref name="name"/>, or null when it may.</summary>
    private static string? SourceProblem(string name, ResponseValueModel value, HashSet<string> credentials)
    {
        var fixedAtBuild = value.Kind is ResponseValueKind.Constant or ResponseValueKind.StageVariable;
        var lower = name.ToLowerInvariant();
        if (!fixedAtBuild && (Array.IndexOf(FixedValueHeaders, lower) >= 0 || lower.StartsWith("access-control-", StringComparison.Ordinal)))
        {
            var why = lower.StartsWith("access-control-", StringComparison.Ordinal)
                ? "a request's value would grant any site CORS access; x-amazon-apigateway-cors sets these headers on the gateway's answers"
                : "a request's value there would let anyone who sends a link redirect, set a cookie or shape the answer for its victim";
            return $"header '{name}' takes only a literal or a stage variable: {why}";
        }

        var credential = value.Kind switch
        {
            ResponseValueKind.Header => "header." + value.Name.ToLowerInvariant(),
            ResponseValueKind.QueryString => "query." + value.Name.ToLowerInvariant(),
            _ => null,
        };
        return credential is not null && credentials.Contains(credential)
            ? $"'{value.Name}' carries a credential (an API key, a token or a cookie) and is never echoed in an answer"
            : null;
    }

    /// <summary>
    /// "header.NAME" / "query.NAME" (lower-case) of every request value that carries a credential: Authorization, Cookie,
    /// Proxy-Authorization, x-api-key, and what the API's security schemes name (apiKey names, authorizers' identitySource).
    /// </summary>
    private static HashSet<string> CredentialSources(ParseContext context)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in CredentialHeaders)
        {
            sources.Add("header." + header);
        }

        var root = context.Root as JsonObject;
        var schemes = JsonPointer.Resolve(root, root?["swagger"] is not null ? "/securityDefinitions" : "/components/securitySchemes") as JsonObject;
        foreach (var scheme in schemes ?? new JsonObject())
        {
            if (scheme.Value is not JsonObject declaration)
            {
                continue;
            }

            if (JsonNodes.GetString(declaration["type"]) == "apiKey" && JsonNodes.GetString(declaration["name"]) is { Length: > 0 } keyName)
            {
                var location = JsonNodes.GetString(declaration["in"]);
                sources.Add((location == "query" ? "query." : "header.") + keyName.ToLowerInvariant());
            }

            if (JsonNodes.GetString((declaration[ExtensionNames.Authorizer] as JsonObject)?["identitySource"]) is { } identitySource)
            {
                foreach (var part in identitySource.Split(','))
                {
                    var source = part.Trim();
                    if (source.StartsWith("method.request.header.", StringComparison.Ordinal))
                    {
                        sources.Add("header." + source.Substring("method.request.header.".Length).ToLowerInvariant());
                    }
                    else if (source.StartsWith("method.request.querystring.", StringComparison.Ordinal))
                    {
                        sources.Add("query." + source.Substring("method.request.querystring.".Length).ToLowerInvariant());
                    }
                }
            }
        }

        return sources;
    }

    /// <summary>A header's value: a quoted literal, a request parameter, context.X or stageVariables.X. Null with a problem (or an already reported variable).</summary>
    private static ResponseValueModel? HeaderValue(string type, string source, string pointer, ParseContext context, out string? problem)
    {
        problem = null;
        if (source.Length >= 2 && source[0] == '\'' && source[source.Length - 1] == '\'')
        {
            var literal = source.Substring(1, source.Length - 2);
            if (!StageResolver.IsFieldValue(literal))
            {
                problem = "the literal holds a character a header cannot carry (a control character or a non-ASCII one)";
                return null;
            }

            return new ResponseValueModel(ResponseValueKind.Constant, literal, "", null);
        }

        foreach (var (prefix, kind) in new[] { ("method.request.header.", ResponseValueKind.Header), ("method.request.querystring.", ResponseValueKind.QueryString), ("method.request.path.", ResponseValueKind.Path) })
        {
            if (source.StartsWith(prefix, StringComparison.Ordinal) && source.Length > prefix.Length)
            {
                return new ResponseValueModel(kind, source.Substring(prefix.Length), "", null);
            }
        }

        if (source.StartsWith("stageVariables.", StringComparison.Ordinal) && IsName(source, "stageVariables.".Length))
        {
            return new ResponseValueModel(ResponseValueKind.StageVariable, source.Substring("stageVariables.".Length), "", context.Locate(pointer));
        }

        if (source.StartsWith("context.", StringComparison.Ordinal))
        {
            return Context(type, source.Substring("context.".Length), pointer, context);
        }

        problem = $"'{source}' is not a value a gateway response header can take ('a literal', method.request.header.X, method.request.querystring.X, method.request.path.X, context.X or stageVariables.X)";
        return null;
    }

    private static bool ParseTemplates(string type, JsonNode node, string pointer, ParseContext context, List<ResponseTemplateModel> templates)
    {
        if (node is not JsonObject declared)
        {
            context.Report(DiagnosticDescriptors.InvalidGatewayResponse, pointer, type, "responseTemplates must map media types to templates");
            return false;
        }

        var valid = true;
        foreach (var template in declared)
        {
            var at = JsonPointer.Append(pointer, template.Key);
            if (!IsMediaType(template.Key))
            {
                context.Report(DiagnosticDescriptors.InvalidGatewayResponse, at, type, $"'{template.Key}' is not a media type (type/subtype, such as application/json)");
                valid = false;
                continue;
            }

            if (JsonNodes.GetString(template.Value) is not { } text)
            {
                context.Report(DiagnosticDescriptors.InvalidGatewayResponse, at, type, $"the template for {template.Key} must be a string");
                valid = false;
                continue;
            }

            if (SplitTemplate(type, text, at, context) is { } parts)
            {
                templates.Add(new ResponseTemplateModel(template.Key, parts));
            }
            else
            {
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>Literal text and $context / $stageVariables values, in order; null when a variable is unknown (reported).</summary>
    private static EquatableArray<TemplatePartModel>? SplitTemplate(string type, string text, string pointer, ParseContext context)
    {
        var parts = new List<TemplatePartModel>();
        var literal = new StringBuilder();
        var valid = true;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$' || i + 1 >= text.Length || !char.IsLetter(text[i + 1]))
            {
                literal.Append(text[i++]);
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '.' or '_'))
            {
                end++;
            }

            var reference = text.Substring(i + 1, end - i - 1).TrimEnd('.');
            var root = reference.Split('.')[0];
            ResponseValueModel? value = null;
            if (root == "context" && reference.Length > "context.".Length)
            {
                value = Context(type, reference.Substring("context.".Length), pointer, context);
                valid &= value is not null;
            }
            else if (root == "stageVariables" && IsName(reference, "stageVariables.".Length))
            {
                value = new ResponseValueModel(ResponseValueKind.StageVariable, reference.Substring("stageVariables.".Length), "", context.Locate(pointer));
            }
            else if (root is "context" or "stageVariables" or "input" or "util" or "method")
            {
                context.Report(DiagnosticDescriptors.UnknownResponseVariable, pointer, "$" + reference, type);
                valid = false;
            }
            else
            {
                literal.Append(text, i, end - i);
                i = end;
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(new TemplatePartModel(literal.ToString(), null));
                literal.Clear();
            }

            if (value is not null)
            {
                parts.Add(new TemplatePartModel(null, value));
            }

            i += 1 + reference.Length;
        }

        if (literal.Length > 0)
        {
            parts.Add(new TemplatePartModel(literal.ToString(), null));
        }

        return valid ? parts.ToEquatableArray() : null;
    }

    /// <summary>context.X (without "context."): a variable the runtime fills, or one it cannot (GG0044, empty), or an unknown one (GG0043, null).</summary>
    private static ResponseValueModel? Context(string type, string name, string pointer, ParseContext context)
    {
        if (ContextVariables.TryGetValue(name, out var member))
        {
            return new ResponseValueModel(ResponseValueKind.Context, member, "", null);
        }

        foreach (var (prefix, why) in UnavailableVariables)
        {
            // An entry ending in '.' names a family (requestOverride.header.X, ...); the others one variable.
            if (prefix.EndsWith(".", StringComparison.Ordinal) ? name.StartsWith(prefix, StringComparison.Ordinal) : name == prefix)
            {
                context.Report(DiagnosticDescriptors.UnavailableResponseVariable, pointer, "$context." + name, type, why);
                return new ResponseValueModel(ResponseValueKind.Constant, "", "", null);
            }
        }

        const string Claims = "authorizer.claims.";
        if (name.StartsWith(Claims, StringComparison.Ordinal) && IsName(name, Claims.Length))
        {
            return new ResponseValueModel(ResponseValueKind.Context, "AuthorizerClaim", name.Substring(Claims.Length), null);
        }

        const string Authorizer = "authorizer.";
        if (name.StartsWith(Authorizer, StringComparison.Ordinal) && IsName(name, Authorizer.Length) && name != "authorizer.claims")
        {
            return new ResponseValueModel(ResponseValueKind.Context, "AuthorizerProperty", name.Substring(Authorizer.Length), null);
        }

        context.Report(DiagnosticDescriptors.UnknownResponseVariable, pointer, "$context." + name, type);
        return null;
    }

    // One more name segment after the prefix: letters, digits and '_' (no further dots).
    private static bool IsName(string text, int start)
    {
        if (start >= text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (!(char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMediaType(string key)
    {
        var slash = key.IndexOf('/');
        return slash > 0 && slash < key.Length - 1 && key.IndexOf('*') < 0 &&
            StageResolver.IsToken(key.Substring(0, slash)) && StageResolver.IsToken(key.Substring(slash + 1));
    }

    private static string AllTypes()
    {
        var names = new List<string>();
        foreach (var (name, _) in GatewayResponseTypes.All)
        {
            names.Add(name);
        }

        return string.Join(", ", names);
    }
}
