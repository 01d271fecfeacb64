using System;
using System.Linq;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads x-amazon-apigateway-integration (http_proxy, http, mock, aws_proxy) and x-gatewaygen-integration
/// (function) as AWS documents them. Stage variables stay unresolved here; <see cref="StageResolver"/> fills them.
/// </summary>
internal static class IntegrationParser
{
    public static IntegrationModel ParseAmazon(JsonNode? node, string pointer, OperationSource operation, ParseContext context)
    {
        if (node is not JsonObject integration)
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, pointer, operation.DisplayName, "it must be an object");
            return new NotImplementedIntegrationModel("its integration is invalid");
        }

        if (JsonNodes.GetString(integration["$ref"]) is { } reference)
        {
            // API Gateway lets operations share integrations declared under components/x-amazon-apigateway-integrations.
            var target = reference.StartsWith("#/", StringComparison.Ordinal) ? JsonPointer.Resolve(context.Root, reference) : null;
            if (target is not JsonObject resolved)
            {
                context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, "$ref"), operation.DisplayName, $"'{reference}' does not resolve to an integration");
                return new NotImplementedIntegrationModel("its integration is invalid");
            }

            integration = resolved;
            pointer = reference.TrimStart('#');
        }

        ReportUnknownKeys(integration, pointer, ExtensionNames.IntegrationKeys, ExtensionNames.Integration, context);
        var type = (JsonNodes.GetString(integration["type"]) ?? "").ToLowerInvariant();
        switch (type)
        {
            case "http_proxy":
            case "http":
                return ParseHttp(integration, pointer, operation, isProxy: type == "http_proxy", context);
            case "mock":
                return ParseMock(integration, pointer, operation, context);
            case "aws_proxy":
                if (integration["uri"] is JsonObject intrinsic)
                {
                    // SAM and CloudFormation templates write the uri as Fn::Sub / Fn::Join, resolved by AWS at deploy time.
                    var function = string.Join(", ", intrinsic.Select(p => p.Key));
                    context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, "uri"), operation.DisplayName,
                        $"its uri is a CloudFormation intrinsic ({function}), which only AWS resolves; write the Lambda ARN (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations), with ${{stageVariables.x}} for what varies by stage");
                    return new NotImplementedIntegrationModel("its integration is invalid");
                }

                var uri = JsonNodes.GetString(integration["uri"]);
                if (uri is null || uri.IndexOf(":lambda:path/", StringComparison.Ordinal) < 0)
                {
                    context.Report(DiagnosticDescriptors.UnsupportedIntegration, JsonPointer.Append(pointer, "uri"), "aws_proxy to " + (uri ?? "(no uri)"), operation.DisplayName);
                    return new NotImplementedIntegrationModel("aws_proxy is supported for Lambda functions only");
                }

                // YAML reads an unquoted 2.0 as a number: its text is what the document says.
                var payloadFormatVersion = JsonNodes.GetScalarText(integration["payloadFormatVersion"]) switch
                {
                    null or "1" or "1.0" => "1.0",
                    "2" or "2.0" => "2.0",
                    var other => other,
                };
                if (payloadFormatVersion is not ("1.0" or "2.0"))
                {
                    context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, "payloadFormatVersion"), operation.DisplayName, $"payloadFormatVersion is '1.0' or '2.0', not '{payloadFormatVersion}'");
                    return new NotImplementedIntegrationModel("its integration is invalid");
                }

                return new FunctionIntegrationModel(uri, FromLambdaUri: true, context.Locate(JsonPointer.Append(pointer, "uri"))) { PayloadFormatVersion = payloadFormatVersion };
            case "":
                context.Report(DiagnosticDescriptors.InvalidIntegration, pointer, operation.DisplayName, "'type' is required");
                return new NotImplementedIntegrationModel("its integration is invalid");
            default:
                context.Report(DiagnosticDescriptors.UnsupportedIntegration, JsonPointer.Append(pointer, "type"), type, operation.DisplayName);
                return new NotImplementedIntegrationModel($"integration type '{type}' is not supported");
        }
    }

    public static IntegrationModel ParseGatewayGen(JsonNode? node, string pointer, OperationSource operation, ParseContext context)
    {
        if (node is not JsonObject integration)
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, pointer, operation.DisplayName, "it must be an object");
            return new NotImplementedIntegrationModel("its integration is invalid");
        }

        ReportUnknownKeys(integration, pointer, ExtensionNames.GatewayGenIntegrationKeys, ExtensionNames.GatewayGenIntegration, context);
        var type = JsonNodes.GetString(integration["type"]);
        if (type != "function")
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, "type"), operation.DisplayName, $"type must be 'function', not '{type}'");
            return new NotImplementedIntegrationModel("its integration is invalid");
        }

        var namePointer = JsonPointer.Append(pointer, "name");
        var name = JsonNodes.GetString(integration["name"]);
        if (name is null)
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, pointer, operation.DisplayName, "a function integration needs a 'name'");
            return new NotImplementedIntegrationModel("its integration is invalid");
        }

        return new FunctionIntegrationModel(name, FromLambdaUri: false, context.Locate(namePointer));
    }

    private static IntegrationModel ParseHttp(JsonObject integration, string pointer, OperationSource operation, bool isProxy, ParseContext context)
    {
        var uriPointer = JsonPointer.Append(pointer, "uri");
        var uri = JsonNodes.GetString(integration["uri"]);
        if (uri is null)
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, pointer, operation.DisplayName, "'uri' is required for http and http_proxy");
            return new NotImplementedIntegrationModel("its integration is invalid");
        }

        var method = (JsonNodes.GetString(integration["httpMethod"]) ?? operation.Method).ToUpperInvariant();
        var timeout = HttpIntegrationModel.DefaultTimeoutMilliseconds;
        if (integration["timeoutInMillis"] is { } timeoutNode && (!JsonNodes.TryGetInt32(timeoutNode, out timeout) || timeout <= 0))
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, "timeoutInMillis"), operation.DisplayName, "timeoutInMillis must be a positive whole number");
            timeout = HttpIntegrationModel.DefaultTimeoutMilliseconds;
        }

        if (integration["tlsConfig"] is not null)
        {
            context.Report(DiagnosticDescriptors.UnsupportedExtension, JsonPointer.Append(pointer, "tlsConfig"), "tlsConfig");
        }

        if (string.Equals(JsonNodes.GetString(integration["connectionType"]), "VPC_LINK", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(DiagnosticDescriptors.UnsupportedExtension, JsonPointer.Append(pointer, "connectionType"), "connectionType VPC_LINK (the uri is called directly)");
        }

        if (!isProxy && integration["requestTemplates"] is JsonObject { Count: > 0 })
        {
            context.Report(DiagnosticDescriptors.UnsupportedMappingTemplate, JsonPointer.Append(pointer, "requestTemplates"), operation.DisplayName, "the request body is passed through unchanged");
        }

        // A proxy passes bytes untouched: its contentHandling is checked but has no effect.
        var contentHandling = ContentParser.ContentHandling(integration, pointer, context);
        var requestParameters = ParseMappings(integration["requestParameters"], JsonPointer.Append(pointer, "requestParameters"), "integration.request.", RequestSources, context);
        var responses = isProxy
            ? new List<IntegrationResponseModel>()
            : ParseResponses(integration["responses"], JsonPointer.Append(pointer, "responses"), operation, context);
        var selection = isProxy
            ? EquatableArray<StatusRangeModel>.Empty
            : SelectionTable(integration["responses"] as JsonObject, JsonPointer.Append(pointer, "responses"), operation, context);

        return new HttpIntegrationModel(
            isProxy,
            uri,
            method,
            timeout,
            requestParameters.ToEquatableArray(),
            responses.ToEquatableArray(),
            selection,
            EquatableArray<UriPartModel>.Empty,
            context.Locate(uriPointer))
        {
            ContentHandling = isProxy ? ContentHandlingModel.Passthrough : contentHandling,
        };
    }

    private static IntegrationModel ParseMock(JsonObject integration, string pointer, OperationSource operation, ParseContext context)
    {
        // API Gateway picks a mock's status from its request template ({"statusCode": 200}), then answers
        // with the integration response that status selects.
        int? requestedStatus = null;
        if (integration["requestTemplates"] is JsonObject templates)
        {
            foreach (var template in templates)
            {
                if (JsonNodes.GetString(template.Value) is { } text && TryFindStatusCode(text, out var status))
                {
                    requestedStatus = status;
                    break;
                }
            }
        }

        var responsesPointer = JsonPointer.Append(pointer, "responses");
        var responses = ParseResponses(integration["responses"], responsesPointer, operation, context);
        IntegrationResponseModel? chosen = null;
        if (responses.Count > 0)
        {
            var selection = SelectionTable(integration["responses"] as JsonObject, responsesPointer, operation, context);
            var index = requestedStatus is { } requested ? Select(selection, requested) : -1;
            chosen = index >= 0 ? responses[index] : responses.Find(r => r.Pattern == "default") ?? responses[0];
        }

        var statusCode = chosen?.StatusCode ?? requestedStatus ?? operation.FirstSuccessStatus ?? 200;
        var headers = new List<HeaderValueModel>();
        foreach (var header in chosen?.Headers ?? EquatableArray<ParameterMappingModel>.Empty)
        {
            if (header.Source.Kind == MappingSourceKind.Literal)
            {
                headers.Add(new HeaderValueModel(header.TargetName, header.Source.Name));
            }
            else
            {
                context.Report(DiagnosticDescriptors.UnsupportedParameterMapping, pointer, header.Target, "a mock can only return static header values");
            }
        }

        var body = chosen?.StaticBody;
        var contentType = chosen?.StaticBodyContentType;
        if (body is null && operation.ExampleFor(statusCode) is { } example)
        {
            body = example.Body;
            contentType = example.ContentType;
        }

        var contentHandling = chosen?.ContentHandling ?? ContentHandlingModel.Passthrough;
        if (contentHandling == ContentHandlingModel.ConvertToBinary && body is not null && !ContentParser.IsBase64(body))
        {
            context.Report(DiagnosticDescriptors.InvalidContentHandling, JsonPointer.Append(JsonPointer.Append(responsesPointer, chosen!.Pattern), "contentHandling"),
                "CONVERT_TO_BINARY", "the mock's body is not base64 text, so it has no bytes to convert to");
            contentHandling = ContentHandlingModel.Passthrough;
        }

        return new MockIntegrationModel(statusCode, contentType, body, headers.ToEquatableArray()) { ContentHandling = contentHandling };
    }

    private static List<IntegrationResponseModel> ParseResponses(JsonNode? node, string pointer, OperationSource operation, ParseContext context)
    {
        var responses = new List<IntegrationResponseModel>();
        if (node is not JsonObject entries)
        {
            return responses;
        }

        foreach (var entry in entries)
        {
            var entryPointer = JsonPointer.Append(pointer, entry.Key);
            if (entry.Value is not JsonObject response)
            {
                context.Report(DiagnosticDescriptors.InvalidIntegration, entryPointer, operation.DisplayName, $"response '{entry.Key}' must be an object");
                continue;
            }

            ReportUnknownKeys(response, entryPointer, ExtensionNames.IntegrationResponseKeys, "an integration response", context);
            if (!JsonNodes.TryGetInt32(response["statusCode"], out var statusCode) || statusCode is < 100 or > 599)
            {
                context.Report(DiagnosticDescriptors.InvalidIntegration, entryPointer, operation.DisplayName, $"response '{entry.Key}' needs a statusCode between 100 and 599");
                continue;
            }

            var headers = ParseMappings(response["responseParameters"], JsonPointer.Append(entryPointer, "responseParameters"), "method.response.", ResponseSources, context);
            string? staticBody = null;
            string? staticContentType = null;
            if (response["responseTemplates"] is JsonObject templates)
            {
                foreach (var template in templates)
                {
                    var text = JsonNodes.GetString(template.Value);
                    if (string.IsNullOrEmpty(text))
                    {
                        continue;
                    }

                    if (text!.IndexOf('$') >= 0 || text.IndexOf('#') >= 0)
                    {
                        context.Report(DiagnosticDescriptors.UnsupportedMappingTemplate, JsonPointer.Append(JsonPointer.Append(entryPointer, "responseTemplates"), template.Key), operation.DisplayName, "the backend body is passed through unchanged");
                    }
                    else
                    {
                        staticBody = text;
                        staticContentType = template.Key;
                    }

                    break;
                }
            }

            var contentHandling = ContentParser.ContentHandling(response, entryPointer, context);
            if (contentHandling == ContentHandlingModel.ConvertToBinary && staticBody is not null && !ContentParser.IsBase64(staticBody))
            {
                context.Report(DiagnosticDescriptors.InvalidContentHandling, JsonPointer.Append(entryPointer, "contentHandling"), "CONVERT_TO_BINARY", "the response template is not base64 text, so it has no bytes to convert to");
                contentHandling = ContentHandlingModel.Passthrough;
            }

            responses.Add(new IntegrationResponseModel(entry.Key, statusCode, headers.ToEquatableArray(), staticBody, staticContentType) { ContentHandling = contentHandling });
        }

        return responses;
    }

    /// <summary>
    /// Evaluates every selection pattern (a regular expression over the backend status; "default" otherwise)
    /// against 100..599 at build time, so the running gateway looks the response up in a table.
    /// </summary>
    private static EquatableArray<StatusRangeModel> SelectionTable(JsonObject? entries, string pointer, OperationSource operation, ParseContext context)
    {
        if (entries is null)
        {
            return EquatableArray<StatusRangeModel>.Empty;
        }

        var patterns = new List<(Regex? Pattern, int Index)>();
        var defaultIndex = -1;
        var index = 0;
        foreach (var entry in entries)
        {
            if (entry.Value is not JsonObject response || !JsonNodes.TryGetInt32(response["statusCode"], out var code) || code is < 100 or > 599)
            {
                continue; // reported by ParseResponses, and not in its list either
            }

            if (entry.Key == "default")
            {
                defaultIndex = index;
            }
            else
            {
                try
                {
                    patterns.Add((new Regex("^(?:" + entry.Key + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), index));
                }
                catch (ArgumentException)
                {
                    context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, entry.Key), operation.DisplayName, $"'{entry.Key}' is not a valid selection pattern");
                }
            }

            index++;
        }

        var ranges = new List<StatusRangeModel>();
        for (var status = 100; status <= 599; status++)
        {
            var selected = defaultIndex;
            var text = status.ToString(CultureInfo.InvariantCulture);
            foreach (var (pattern, patternIndex) in patterns)
            {
                if (pattern!.IsMatch(text))
                {
                    selected = patternIndex;
                    break;
                }
            }

            if (selected < 0)
            {
                continue;
            }

            if (ranges.Count > 0 && ranges[ranges.Count - 1] is { } last && last.ResponseIndex == selected && last.To == status - 1)
            {
                ranges[ranges.Count - 1] = last with { To = status };
            }
            else
            {
                ranges.Add(new StatusRangeModel(status, status, selected));
            }
        }

        return ranges.ToEquatableArray();
    }

    private static int Select(EquatableArray<StatusRangeModel> ranges, int status)
    {
        foreach (var range in ranges)
        {
            if (status >= range.From && status <= range.To)
            {
                return range.ResponseIndex;
            }
        }

        return -1;
    }

    private delegate MappingSourceModel? SourceReader(string source, out string? unsupportedReason);

    private static List<ParameterMappingModel> ParseMappings(JsonNode? node, string pointer, string targetPrefix, SourceReader readSource, ParseContext context)
    {
        var mappings = new List<ParameterMappingModel>();
        if (node is not JsonObject entries)
        {
            return mappings;
        }

        foreach (var entry in entries)
        {
            var entryPointer = JsonPointer.Append(pointer, entry.Key);
            if (!TrySplitTarget(entry.Key, targetPrefix, out var targetKind, out var targetName))
            {
                context.Report(DiagnosticDescriptors.UnsupportedParameterMapping, entryPointer, entry.Key, $"the target must be {targetPrefix}{{path|querystring|header}}.NAME");
                continue;
            }

            var sourceText = JsonNodes.GetScalarText(entry.Value) ?? "";
            var source = readSource(sourceText, out var reason);
            if (source is null)
            {
                context.Report(DiagnosticDescriptors.UnsupportedParameterMapping, entryPointer, entry.Key + " <- " + sourceText, reason ?? "unknown source");
                continue;
            }

            mappings.Add(new ParameterMappingModel(entry.Key, targetKind, targetName, source, context.Locate(entryPointer)));
        }

        return mappings;
    }

    private static bool TrySplitTarget(string target, string prefix, out string kind, out string name)
    {
        kind = name = "";
        if (!target.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = target.Substring(prefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        kind = rest.Substring(0, dot);
        name = rest.Substring(dot + 1);
        return prefix == "method.response."
            ? kind == "header"
            : kind is "path" or "querystring" or "multivaluequerystring" or "header" or "multivalueheader";
    }

    private static readonly string[] ContextVariables =
    {
        "requestId", "httpMethod", "resourcePath", "stage", "identity.sourceIp", "path", "protocol", "requestTimeEpoch",
        "identity.clientCert.subjectDN", "identity.clientCert.issuerDN", "identity.clientCert.serialNumber",
        "identity.clientCert.validity.notBefore", "identity.clientCert.validity.notAfter",
    };

    // context.authorizer.principalId, .claims.NAME (a JWT's), or .KEY (a C# authorizer's context map).
    private static bool IsAuthorizerVariable(string name) =>
        name.StartsWith("authorizer.", StringComparison.Ordinal) && name.Length > "authorizer.".Length && !name.EndsWith(".", StringComparison.Ordinal) &&
        (!name.StartsWith("authorizer.claims.", StringComparison.Ordinal) ? name != "authorizer.claims" : name.Length > "authorizer.claims.".Length);

    private static MappingSourceModel? RequestSources(string source, out string? unsupportedReason)
    {
        unsupportedReason = null;
        if (TryCommonSource(source, out var common))
        {
            return common;
        }

        foreach (var (prefix, kind) in new[]
        {
            ("method.request.path.", MappingSourceKind.Path),
            ("method.request.querystring.", MappingSourceKind.Query),
            ("method.request.multivaluequerystring.", MappingSourceKind.MultiValueQuery),
            ("method.request.header.", MappingSourceKind.Header),
            ("method.request.multivalueheader.", MappingSourceKind.MultiValueHeader),
        })
        {
            if (source.StartsWith(prefix, StringComparison.Ordinal) && source.Length > prefix.Length)
            {
                return new MappingSourceModel(kind, source.Substring(prefix.Length));
            }
        }

        unsupportedReason = source.StartsWith("method.request.body", StringComparison.Ordinal)
            ? "body mappings are not supported yet"
            : "the source must be method.request.{path|querystring|header}.NAME, 'static', stageVariables.NAME or context.NAME";
        return null;
    }

    private static MappingSourceModel? ResponseSources(string source, out string? unsupportedReason)
    {
        unsupportedReason = null;
        if (TryCommonSource(source, out var common))
        {
            if (common!.Kind == MappingSourceKind.Context && common.Name is not ("stage" or "resourcePath"))
            {
                unsupportedReason = "only context.stage and context.resourcePath can set a response header";
                return null;
            }

            return common;
        }

        const string prefix = "integration.response.header.";
        if (source.StartsWith(prefix, StringComparison.Ordinal) && source.Length > prefix.Length)
        {
            return new MappingSourceModel(MappingSourceKind.IntegrationResponseHeader, source.Substring(prefix.Length));
        }

        unsupportedReason = source.StartsWith("integration.response.body", StringComparison.Ordinal)
            ? "body mappings are not supported yet"
            : "the source must be integration.response.header.NAME, 'static', stageVariables.NAME or context.NAME";
        return null;
    }

    private static bool TryCommonSource(string source, out MappingSourceModel? model)
    {
        model = null;
        if (source.Length >= 2 && source[0] == '\'' && source[source.Length - 1] == '\'')
        {
            model = new MappingSourceModel(MappingSourceKind.Literal, source.Substring(1, source.Length - 2));
        }
        else if (source.StartsWith("stageVariables.", StringComparison.Ordinal))
        {
            model = new MappingSourceModel(MappingSourceKind.StageVariable, source.Substring("stageVariables.".Length));
        }
        else if (source.StartsWith("context.", StringComparison.Ordinal) &&
            (ExtensionNames.Contains(ContextVariables, source.Substring("context.".Length)) || IsAuthorizerVariable(source.Substring("context.".Length))))
        {
            model = new MappingSourceModel(MappingSourceKind.Context, source.Substring("context.".Length));
        }

        return model is not null;
    }

    private static bool TryFindStatusCode(string template, out int status)
    {
        status = 0;
        var key = template.IndexOf("\"statusCode\"", StringComparison.Ordinal);
        if (key < 0)
        {
            return false;
        }

        var i = template.IndexOf(':', key);
        if (i < 0)
        {
            return false;
        }

        i++;
        while (i < template.Length && char.IsWhiteSpace(template[i]))
        {
            i++;
        }

        var start = i;
        while (i < template.Length && char.IsDigit(template[i]))
        {
            i++;
        }

        return i > start && int.TryParse(template.Substring(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out status) && status is >= 100 and <= 599;
    }

    internal static void ReportUnknownKeys(JsonObject obj, string pointer, string[] knownKeys, string owner, ParseContext context)
    {
        foreach (var member in obj)
        {
            if (!ExtensionNames.Contains(knownKeys, member.Key))
            {
                context.Report(DiagnosticDescriptors.UnknownExtensionKey, JsonPointer.Append(pointer, member.Key), member.Key, owner);
            }
        }
    }

}
