using System.Collections.Generic;
using System.Text;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>Writes what a handler does once its parameters are parsed: forward, mock, call a function, or 500.</summary>
internal static class IntegrationEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    /// <summary>Static fields the handler uses (integration settings, mock answers), written once per operation.</summary>
    public static void EmitFields(SourceWriter writer, OperationModel operation, string apiName)
    {
        if (IsCached(operation) && operation.Cache is { } cache)
        {
            var key = new StringBuilder();
            foreach (var parameter in cache.KeyParameters)
            {
                key.Append(key.Length == 0 ? "" : ", ").Append($"new({Runtime}CacheKeyLocation.{parameter.Location}, {Literals.String(parameter.Name)})");
            }

            var keyArray = cache.KeyParameters.Count == 0 ? $"global::System.Array.Empty<{Runtime}CacheKeyParameter>()" : $"new {Runtime}CacheKeyParameter[] {{ {key} }}";
            var invalidation = cache.Invalidation == CacheInvalidationModel.Default
                ? $"{Runtime}CacheInvalidation.Default"
                : $"new({(cache.Invalidation.RequireAuthorization ? "true" : "false")}, {Runtime}UnauthorizedCacheControl.{cache.Invalidation.Unauthorized})";
            writer.Line($"private static readonly {Runtime}OperationCache {operation.Name}Cache = new({Literals.String(apiName)}, {Literals.String(operation.IsAnyMethod ? "ANY" : operation.Methods[0])}, {Literals.String(operation.Path)}, {Literals.Int(cache.TtlSeconds)}, {keyArray}, {invalidation});");
        }

        switch (operation.Integration)
        {
            case HttpIntegrationModel http:
                var method = http.HttpMethod == "ANY" ? "null" : Literals.String(http.HttpMethod);
                var isProxy = http.IsProxy ? "true" : "false";
                var requestHandling = http.ContentHandling == ContentHandlingModel.Passthrough ? "" : ", contentHandling: " + ContentHandling(http.ContentHandling);
                if (http.Responses.Count == 0)
                {
                    writer.Line($"private static readonly {Runtime}HttpIntegration {operation.Name}Integration = new({method}, {Literals.Int(http.TimeoutMilliseconds)}, isProxy: {isProxy}{requestHandling});");
                    break;
                }

                writer.Line($"private static readonly {Runtime}HttpIntegration {operation.Name}Integration = new({method}, {Literals.Int(http.TimeoutMilliseconds)}, isProxy: {isProxy},");
                writer.Line($"    new {Runtime}IntegrationResponses(Select{operation.Name}Response, new {Runtime}IntegrationResponse[]");
                writer.Line("    {");
                foreach (var response in http.Responses)
                {
                    var responseHandling = response.ContentHandling == ContentHandlingModel.Passthrough ? "" : ", " + ContentHandling(response.ContentHandling);
                    writer.Line($"        new({Literals.Int(response.StatusCode)}, {ResponseHeaders(response.Headers)}, {Literals.String(response.StaticBody)}, {Literals.String(response.StaticBodyContentType)}{responseHandling}),");
                }

                writer.Line($"    }}){requestHandling});");
                writer.Line();
                writer.Line($"private static int Select{operation.Name}Response(int status) => status switch");
                writer.OpenBrace();
                foreach (var range in http.ResponseSelection)
                {
                    var condition = range.From == range.To ? Literals.Int(range.From) : $">= {Literals.Int(range.From)} and <= {Literals.Int(range.To)}";
                    writer.Line($"{condition} => {Literals.Int(range.ResponseIndex)},");
                }

                writer.Line("_ => -1,");
                writer.CloseBrace(";");
                break;
            case MockIntegrationModel mock:
                var headers = new StringBuilder();
                if (mock.Headers.Count == 0)
                {
                    headers.Append("global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, string>>()");
                }
                else
                {
                    headers.Append("new global::System.Collections.Generic.KeyValuePair<string, string>[] { ");
                    foreach (var header in mock.Headers)
                    {
                        headers.Append($"new({Literals.String(header.Name)}, {Literals.String(header.Value)}), ");
                    }

                    headers.Append('}');
                }

                var mockHandling = mock.ContentHandling == ContentHandlingModel.Passthrough ? "" : ", " + ContentHandling(mock.ContentHandling);
                writer.Line($"private static readonly {Runtime}MockResponse {operation.Name}Mock = new({Literals.Int(mock.StatusCode)}, {Literals.String(mock.ContentType)}, {Literals.String(mock.Body)}, {headers}{mockHandling});");
                break;
            default:
                return;
        }

        writer.Line();
    }

    /// <summary>The statements after parameter parsing (inside an async handler).</summary>
    public static void EmitBody(SourceWriter writer, OperationModel operation, string functionsClass)
    {
        var cached = IsCached(operation);
        if (cached)
        {
            // After access and parameter checks: a cached answer is only ever served to a request that passed them.
            writer.Line($"var cached = await _runtime.Cache.LookupAsync(context, {operation.Name}Cache);");
            writer.Line("if (cached.Answered)");
            using (writer.Braces())
            {
                writer.Line("return;");
            }

            writer.Line();
        }

        EmitIntegration(writer, operation, functionsClass);
        if (cached)
        {
            writer.Line("await cached.StoreAsync(context);");
        }
    }

    // An operation the stage caches, whose integration can answer (a 501 is not worth keeping).
    private static bool IsCached(OperationModel operation) => operation.Cache is not null && operation.Integration is not NotImplementedIntegrationModel;

    private static void EmitIntegration(SourceWriter writer, OperationModel operation, string functionsClass)
    {
        switch (operation.Integration)
        {
            case HttpIntegrationModel http:
                EmitHttp(writer, operation, http);
                break;
            case MockIntegrationModel:
                writer.Line($"await {operation.Name}Mock.WriteAsync(context);");
                break;
            case FunctionIntegrationModel function:
                var requestType = $"{functionsClass}.{operation.Name}Request";
                if (operation.Parameters.Count == 0)
                {
                    writer.Line($"var request = new {requestType}(context);");
                }
                else
                {
                    writer.Line($"var request = new {requestType}(context)");
                    writer.OpenBrace();
                    foreach (var parameter in operation.Parameters)
                    {
                        writer.Line($"{parameter.Identifier} = {ParameterEmitter.ArgLocal(parameter)},");
                    }

                    writer.CloseBrace(";");
                }

                // A lambda, not a method group: a missing implementation then stays one error (CS8795), not two.
                writer.Line($"await {Runtime}GatewayFunctions.InvokeAsync(context, request, static r => {functionsClass}.{function.Target}(r), {Literals.String(operation.DisplayName)});");
                break;
            case NotImplementedIntegrationModel notImplemented:
                writer.Line($"await {NotImplemented(operation, notImplemented)};");
                break;
        }
    }

    public static string NotImplemented(OperationModel operation, NotImplementedIntegrationModel model) =>
        $"{Runtime}GatewayErrors.NotImplementedAsync(context, {Literals.String($"{operation.DisplayName} is not implemented: {model.Reason}.")})";

    private static void EmitHttp(SourceWriter writer, OperationModel operation, HttpIntegrationModel http)
    {
        writer.Line($"var target = {TargetExpression(operation, http)};");
        if (http.IsProxy)
        {
            writer.Line($"target = {Runtime}TargetUri.AppendQuery(target, context.Request.QueryString);");
        }

        var headers = new List<ParameterMappingModel>();
        foreach (var mapping in http.RequestParameters)
        {
            switch (mapping.TargetKind)
            {
                case "querystring":
                case "multivaluequerystring":
                    writer.Line($"target = {Runtime}TargetUri.AppendQueryParameter(target, {Literals.String(mapping.TargetName)}, {SourceExpression(operation, mapping.Source)});");
                    break;
                case "header":
                case "multivalueheader":
                    headers.Add(mapping);
                    break;
            }
        }

        if (headers.Count == 0)
        {
            writer.Line($"await _runtime.Forwarder.SendAsync(context, target, {operation.Name}Integration);");
            return;
        }

        writer.Line($"var headers = new {Runtime}MappedHeader[]");
        writer.OpenBrace();
        foreach (var header in headers)
        {
            var source = SourceName(header.Source);
            writer.Line($"new({Literals.String(header.TargetName)}, {SourceExpression(operation, header.Source)}{(source is null ? "" : ", " + Literals.String(source))}),");
        }

        writer.CloseBrace(";");
        writer.Line($"await _runtime.Forwarder.SendAsync(context, target, {operation.Name}Integration, headers);");
    }

    /// <summary>
    /// An interpolated string of the URL's literal parts and placeholder values (a plain literal when it has none):
    /// a path parameter as the client wrote it, any other value escaped into its segment or query value.
    /// </summary>
    private static string TargetExpression(OperationModel operation, HttpIntegrationModel http)
    {
        if (http.UriParts.Count == 1 && http.UriParts[0].Source is null)
        {
            return Literals.String(UriLiterals.Escape(http.UriParts[0].Text));
        }

        var builder = new StringBuilder("$\"");
        var inQuery = false;
        foreach (var part in http.UriParts)
        {
            if (part.Source is null)
            {
                var literal = Literals.String(UriLiterals.Escape(part.Text));
                builder.Append(literal.Substring(1, literal.Length - 2).Replace("{", "{{").Replace("}", "}}"));
                inQuery |= part.Text.IndexOf('?') >= 0;
                continue;
            }

            // Parenthesised: in an interpolation hole, the "::" of global:: would start a format specifier.
            builder.Append("{(").Append(PlaceholderExpression(operation, part.Source, inQuery)).Append(")}");
        }

        return builder.Append('"').ToString();
    }

    private static string PlaceholderExpression(OperationModel operation, MappingSourceModel source, bool inQuery)
    {
        var value = SourceExpression(operation, source);
        if (inQuery)
        {
            return $"{Runtime}TargetUri.QueryValue({value})";
        }

        if (source.Kind == MappingSourceKind.Path)
        {
            foreach (var parameter in operation.Route.Parameters)
            {
                if (parameter.Name == source.Name)
                {
                    var segment = Literals.Int(parameter.Segment);
                    return parameter.Name == operation.Route.GreedyParameter ? $"{Runtime}TargetUri.GreedyPathValue(context, {value}, {segment})"
                        : parameter.WholeSegment ? $"{Runtime}TargetUri.PathValue(context, {value}, {segment})"
                        : $"{Runtime}TargetUri.PathPartValue(context, {value}, {segment})";
                }
            }
        }

        return $"{Runtime}TargetUri.Segment({value}, {Literals.String(SourceName(source) ?? "integration.request.path")})";
    }

    /// <summary>How a 400 names where a client value came from ("query.q"); null for the document's own values.</summary>
    private static string? SourceName(MappingSourceModel source) => source.Kind switch
    {
        MappingSourceKind.Path => "path." + source.Name,
        MappingSourceKind.Query or MappingSourceKind.MultiValueQuery => "query." + source.Name,
        MappingSourceKind.Header or MappingSourceKind.MultiValueHeader => "header." + source.Name,
        MappingSourceKind.Context => "context." + source.Name,
        _ => null,
    };

    /// <summary>The C# expression that reads a mapping source in a handler; a declared single-valued parameter's raw local when there is one.</summary>
    private static string SourceExpression(OperationModel operation, MappingSourceModel source)
    {
        var declaredIn = source.Kind switch
        {
            MappingSourceKind.Path => ParameterLocation.Path,
            MappingSourceKind.Query => ParameterLocation.Query,
            MappingSourceKind.Header => ParameterLocation.Header,
            _ => (ParameterLocation?)null,
        };
        foreach (var parameter in operation.Parameters)
        {
            if (parameter.In == declaredIn && parameter.Shape is not (ParameterShape.Array or ParameterShape.Object or ParameterShape.Json) &&
                string.Equals(parameter.Name, source.Name, declaredIn == ParameterLocation.Header ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal))
            {
                return ParameterEmitter.RawLocal(parameter);
            }
        }

        switch (source.Kind)
        {
            case MappingSourceKind.Literal:
                return Literals.String(source.Name);
            case MappingSourceKind.Path:
                foreach (var parameter in operation.Parameters)
                {
                    if (parameter.In == ParameterLocation.Path && parameter.Name == source.Name)
                    {
                        return $"{Runtime}RequestValues.Path(context, {Literals.String(parameter.RouteName ?? parameter.Name)})";
                    }
                }

                return "null";
            case MappingSourceKind.Query:
                return $"{Runtime}RequestValues.Query(context, {Literals.String(source.Name)})";
            case MappingSourceKind.MultiValueQuery:
                return $"{Runtime}RequestValues.QueryValues(context, {Literals.String(source.Name)}).ToString()";
            case MappingSourceKind.Header:
                return $"{Runtime}RequestValues.Header(context, {Literals.String(source.Name)})";
            case MappingSourceKind.MultiValueHeader:
                return $"{Runtime}RequestValues.HeaderValues(context, {Literals.String(source.Name)}).ToString()";
            case MappingSourceKind.Context:
                return source.Name switch
                {
                    "requestId" => "context.TraceIdentifier",
                    "httpMethod" => "context.Request.Method",
                    "identity.sourceIp" => "context.Connection.RemoteIpAddress?.ToString()",
                    "path" => "context.Request.Path.Value",
                    "protocol" => "context.Request.Protocol",
                    "requestTimeEpoch" => "global::System.DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
                    "identity.clientCert.subjectDN" => "context.Connection.ClientCertificate?.Subject",
                    "identity.clientCert.issuerDN" => "context.Connection.ClientCertificate?.Issuer",
                    "identity.clientCert.serialNumber" => "context.Connection.ClientCertificate?.SerialNumber",
                    "identity.clientCert.validity.notBefore" => $"{Runtime}RequestValues.ClientCertificateTime(context, notAfter: false)",
                    "identity.clientCert.validity.notAfter" => $"{Runtime}RequestValues.ClientCertificateTime(context, notAfter: true)",
                    var name when name.StartsWith("authorizer.", System.StringComparison.Ordinal) => $"{Runtime}GatewayPrincipal.Value(context, {Literals.String(name.Substring("authorizer.".Length))})",
                    _ => "null",
                };
            default:
                return "null";
        }
    }

    private static string ContentHandling(ContentHandlingModel handling) =>
        $"{Runtime}ContentHandling.{(handling == ContentHandlingModel.ConvertToText ? "ConvertToText" : "ConvertToBinary")}";

    private static string ResponseHeaders(EquatableArray<ParameterMappingModel> headers)
    {
        if (headers.Count == 0)
        {
            return $"global::System.Array.Empty<{Runtime}ResponseHeaderMapping>()";
        }

        var builder = new StringBuilder($"new {Runtime}ResponseHeaderMapping[] {{ ");
        foreach (var header in headers)
        {
            var fromBackend = header.Source.Kind == MappingSourceKind.IntegrationResponseHeader;
            builder.Append($"new({Literals.String(header.TargetName)}, {(fromBackend ? "null" : Literals.String(header.Source.Name))}, {(fromBackend ? Literals.String(header.Source.Name) : "null")}), ");
        }

        return builder.Append('}').ToString();
    }
}
