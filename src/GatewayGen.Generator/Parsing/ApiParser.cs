using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads one OpenAPI document into an <see cref="ApiModel"/>. The only place that sees Microsoft.OpenApi
/// objects; it never throws, a problem becomes a diagnostic located in the document.
/// </summary>
internal static class ApiParser
{
    private static readonly string[] MethodOrder = { "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };

    /// <summary>What x-amazon-apigateway-any-method covers, as API Gateway defines ANY.</summary>
    internal static readonly string[] AnyMethods = { "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" };

    /// <summary>
    /// The reader's default rules, less the one that cannot read API Gateway's greedy "{proxy+}" (it wants a
    /// parameter named "proxy+"); path parameters are checked against templates by this parser instead. Nor does a
    /// discriminator property missing from required stop a document: the schema compiler warns (GG0060) and validates.
    /// </summary>
    private static readonly ValidationRuleSet ReaderRules = CreateReaderRules();

    private static ValidationRuleSet CreateReaderRules()
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove("PathParameterShouldBeInThePath");
        rules.Remove("ValidateSchemaDiscriminator");
        return rules;
    }

    /// <param name="referencedFiles">The project's other AdditionalFiles, which external $refs may lead to.</param>
    public static ApiModel Parse(SpecDocument document, EquatableArray<ReferencedFile> referencedFiles, CancellationToken cancellationToken)
    {
        var problems = new List<DiagnosticInfo>();
        var map = DocumentLoader.Load(document, problems, out var syntaxError);
        var context = new ParseContext(document, map);
        foreach (var problem in problems)
        {
            context.Add(problem);
        }

        if (syntaxError is not null)
        {
            context.Add(syntaxError);
            return Empty(document, context);
        }

        try
        {
            ExternalReferences.Resolve(context, referencedFiles);
            return ParseDocument(document, context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(document.Path), exception.GetType().Name + ": " + exception.Message));
            return Empty(document, context);
        }
    }

    private static ApiModel ParseDocument(SpecDocument document, ParseContext context, CancellationToken cancellationToken)
    {
        if (!CheckVersion(context))
        {
            return Empty(document, context);
        }

        ReferenceChains.Cut(context);
        var settings = new OpenApiReaderSettings { RuleSet = ReaderRules };
        var location = new Uri("file:///" + System.IO.Path.GetFileName(document.Path));
        ReadResult? result = null;
        using var formats = FormDataFormats.HoldBack(context.Root, isOperation: false);
        for (var skipped = 0; result is null; skipped++)
        {
            try
            {
                result = new OpenApiJsonReader().Read(context.Root!, location, settings);
            }
            catch (OpenApiException exception)
            {
                context.Report(DiagnosticDescriptors.OpenApiReaderError, exception.Pointer ?? JsonPointer.Root, exception.Message);
                return Empty(document, context);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Microsoft.OpenApi throws on some malformed documents (a null schema, "required: tru") instead of
                // reporting them; the document is what is wrong, so it is the document's error, at the element that
                // throws. That element is left out and the rest read again, so one broken operation costs only itself.
                cancellationToken.ThrowIfCancellationRequested();
                var culprit = skipped < MaxUnreadableElements ? UnreadableElements.Find((JsonObject)context.Root!, () => Reads(context.Root!, location, settings)) : null;
                var pointer = culprit?.Pointer ?? JsonPointer.Root;
                var owner = pointer.Length > 0 ? JsonPointer.Resolve(context.Root, pointer.Substring(0, pointer.LastIndexOf('/'))) as JsonObject : null;
                if (culprit is not { } found || owner is null)
                {
                    context.Report(DiagnosticDescriptors.OpenApiReaderError, JsonPointer.Root, $"The OpenAPI reader could not read this document: {exception.Message}");
                    return Empty(document, context);
                }

                context.Report(DiagnosticDescriptors.OpenApiReaderError, found.Pointer, $"The OpenAPI reader could not read this {found.What}, so it is left out: {exception.Message}");
                var segments = JsonPointer.Split(pointer);
                owner.Remove(segments[segments.Count - 1]);
            }
        }

        foreach (var error in result.Diagnostic?.Errors ?? Array.Empty<OpenApiError>())
        {
            var pointer = ReaderPointer(error);
            if (IsOptionalResponses(error, pointer, context))
            {
                continue;
            }

            if (IsDocumentationOnly(error))
            {
                context.Report(DiagnosticDescriptors.OpenApiReaderWarning, pointer, error.Message);
            }
            else if (!IsJsonSchemaKeyword(error, pointer) && !IsSwagger2ParameterField(error, pointer, context))
            {
                context.Report(DiagnosticDescriptors.OpenApiReaderError, pointer, error.Message);
            }
        }

        foreach (var warning in result.Diagnostic?.Warnings ?? Array.Empty<OpenApiError>())
        {
            context.Report(DiagnosticDescriptors.OpenApiReaderWarning, ReaderPointer(warning), warning.Message);
        }

        formats.Dispose(); // the body parser reads them

        var openApi = result.Document;
        if (openApi is null)
        {
            return Empty(document, context);
        }

        ExtensionKeys.Check(context);

        var operations = new List<OperationModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var shared = new OperationParsing(context, new SchemaCompiler(context), new RequestValidatorParser(context), new AccessParser(context), names);
        var stages = StageParser.Parse(context.Root?[ExtensionNames.Stages], "/" + ExtensionNames.Stages, context, shared.Access);
        shared.AnyStageCache = System.Linq.Enumerable.Any(stages, stage => stage.Cache is { Enabled: true });
        foreach (var path in openApi.Paths ?? new OpenApiPaths())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                ParsePath(path.Key, path.Value, shared, operations);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ReportFailure(context, JsonPointer.Append("/paths", path.Key), "path", exception);
            }
        }

        var cors = ((JsonObject)context.Root!).TryGetPropertyValue(ExtensionNames.Cors, out var corsNode)
            ? CorsParser.Parse(corsNode, "/" + ExtensionNames.Cors, context)
            : null;
        foreach (var operation in operations)
        {
            if (!operation.IsAnyMethod && operation.Methods[0] == "OPTIONS" && (operation.Cors ?? cors) is not null)
            {
                context.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionsOperationUnderCors, operation.Location, operation.DisplayName));
            }
        }

        var policy = PolicyParser.Parse(context); // before the diagnostics are collected
        var gatewayResponses = GatewayResponseParser.Parse(context);
        var minimumCompressionSize = ContentParser.MinimumCompressionSize(context);
        var binaryMediaTypes = ContentParser.BinaryMediaTypes(context);
        return new ApiModel(
            document.ApiName,
            document.Path,
            openApi.Info?.Title ?? document.ApiName,
            openApi.Info?.Version ?? "",
            stages,
            stages.Count > 0 ? context.Locate("/" + ExtensionNames.Stages) : null,
            operations.ToEquatableArray(),
            shared.Schemas.ToModel(),
            shared.Access.UsagePlans(operations),
            context.Diagnostics.ToEquatableArray())
        {
            Cors = cors,
            Policy = policy,
            MinimumCompressionSize = minimumCompressionSize,
            BinaryMediaTypes = binaryMediaTypes,
            Authorizers = shared.Access.Authorizers(),
            FunctionAuthorizers = shared.Access.FunctionAuthorizers(),
            RequiredImplementations = shared.Access.RequiredImplementations(document.ApiName),
            GatewayResponses = gatewayResponses,
        };
    }

    /// <summary>How many elements the reader throws on are left out before the document as a whole is refused.</summary>
    private const int MaxUnreadableElements = 16;

    private static bool Reads(JsonNode root, Uri location, OpenApiReaderSettings settings)
    {
        try
        {
            new OpenApiJsonReader().Read(root, location, settings);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What parsing each operation shares within one document.</summary>
    private sealed record OperationParsing(ParseContext Context, SchemaCompiler Schemas, RequestValidatorParser Validators, AccessParser Access, HashSet<string> Names)
    {
        /// <summary>Whether any stage of the document enables its cache (an operation asking for caching otherwise gets GG0049).</summary>
        public bool AnyStageCache { get; set; }
    }

    /// <summary>
    /// Where a reader error points. Some errors carry no pointer and name the place in the message instead:
    /// "pets is not a valid property at #/paths" points at /paths/pets.
    /// </summary>
    private static string ReaderPointer(OpenApiError error)
    {
        if (error.Pointer is { Length: > 0 } pointer)
        {
            return pointer;
        }

        var message = error.Message ?? "";
        var at = message.LastIndexOf(" at #", StringComparison.Ordinal);
        if (at < 0)
        {
            return JsonPointer.Root;
        }

        var place = message.Substring(at + " at ".Length).TrimEnd('.');
        const string NotValid = " is not a valid property";
        var key = message.IndexOf(NotValid, StringComparison.Ordinal) is var end and > 0 ? message.Substring(0, end) : null;
        return key is null ? place : JsonPointer.Append(place.TrimEnd('/'), key);
    }

    /// <summary>JSON Schema keywords OpenAPI 3.0's schema object leaves out but GatewayGen validates (SchemaCompiler).</summary>
    private static readonly string[] JsonSchemaKeywords =
    {
        "id", "$id", "$schema", "$comment", "$anchor", "$defs", "definitions", "patternProperties", "dependencies", "additionalItems",
        "const", "contains", "propertyNames", "if", "then", "else", "dependentRequired", "dependentSchemas", "prefixItems",
        "minContains", "maxContains",
    };

    // The OpenAPI 3.0 reader rejects draft-4 keywords (and tuple items, type arrays) in schemas; the schema
    // compiler reads schemas from the JSON itself and understands them, so these are not errors for GatewayGen.
    /// <summary>
    /// Rule breaks that only concern a document's responses as documentation (no response listed, a response
    /// without description): the gateway serves the operation all the same, so they are warnings (GG0018), not
    /// errors that would refuse documents API Gateway itself exports.
    /// </summary>
    private static bool IsDocumentationOnly(OpenApiError error) =>
        error.Message is "Responses must contain at least one response" or "The field 'description' in 'response' object is REQUIRED.";

    /// <summary>
    /// OpenAPI 3.1 made an operation's responses optional; the reader still asks for one on an operation that has
    /// none. An empty responses object written out stays a warning, as does a missing one in 3.0, where it is REQUIRED.
    /// </summary>
    private static bool IsOptionalResponses(OpenApiError error, string pointer, ParseContext context)
    {
        if (error.Message != "Responses must contain at least one response" || !(JsonNodes.GetScalarText(context.Root?["openapi"]) ?? "").StartsWith("3.", StringComparison.Ordinal) ||
            (JsonNodes.GetScalarText(context.Root?["openapi"]) ?? "").StartsWith("3.0", StringComparison.Ordinal))
        {
            return false;
        }

        var operation = pointer.EndsWith("/responses", StringComparison.Ordinal) ? pointer.Substring(0, pointer.Length - "/responses".Length) : pointer;
        return JsonPointer.Resolve(context.Root, operation) is JsonObject node && node["responses"] is null;
    }

    /// <summary>Fields Swagger 2.0 defines for parameters and their items that its reader calls "not a valid property".</summary>
    private static readonly string[] Swagger2ParameterFields = { "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "minItems", "maxItems", "collectionFormat" };

    // The schema compiler reads a Swagger 2.0 parameter as its own schema, from the JSON, so these fields are validated.
    private static bool IsSwagger2ParameterField(OpenApiError error, string pointer, ParseContext context)
    {
        var message = error.Message ?? "";
        var notValid = message.IndexOf(" is not a valid property", StringComparison.Ordinal);
        return context.Root?["swagger"] is not null && notValid > 0 && Array.IndexOf(Swagger2ParameterFields, message.Substring(0, notValid)) >= 0 &&
            JsonPointer.Split(pointer).Contains("parameters");
    }

    private static bool IsJsonSchemaKeyword(OpenApiError error, string pointer)
    {
        if (pointer.IndexOf("schema", StringComparison.OrdinalIgnoreCase) < 0 && pointer.IndexOf("/definitions/", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var message = error.Message ?? "";
        var notValid = message.IndexOf(" is not a valid property", StringComparison.Ordinal);
        if (notValid > 0)
        {
            return Array.IndexOf(JsonSchemaKeywords, message.Substring(0, notValid)) >= 0;
        }

        // "Schema  property foo is null.": the 3.1 reader does not take boolean subschemas (properties: { foo: true }).
        return message == "schema must be a map/object" || message == "Expected scalar value." ||
            (message.StartsWith("Schema ", StringComparison.Ordinal) && message.EndsWith(" is null.", StringComparison.Ordinal));
    }

    private static bool CheckVersion(ParseContext context)
    {
        if (context.Root is not JsonObject root)
        {
            context.Report(DiagnosticDescriptors.UnsupportedOpenApiVersion, JsonPointer.Root, "(not an object)");
            return false;
        }

        if (root["openapi"] is { } openApi)
        {
            var version = JsonNodes.GetScalarText(openApi) ?? "";
            if (version.StartsWith("3.0", StringComparison.Ordinal) || version.StartsWith("3.1", StringComparison.Ordinal) || version.StartsWith("3.2", StringComparison.Ordinal))
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.UnsupportedOpenApiVersion, "/openapi", "openapi " + version);
            return false;
        }

        if (root["swagger"] is { } swagger)
        {
            var version = JsonNodes.GetScalarText(swagger) ?? "";
            if (version == "2.0")
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.UnsupportedOpenApiVersion, "/swagger", "swagger " + version);
            return false;
        }

        context.Report(DiagnosticDescriptors.UnsupportedOpenApiVersion, JsonPointer.Root, "(no 'openapi' or 'swagger' field)");
        return false;
    }

    private static void ParsePath(string path, IOpenApiPathItem item, OperationParsing shared, List<OperationModel> operations)
    {
        var context = shared.Context;
        var pathPointer = JsonPointer.Append("/paths", path);
        var route = RouteParser.Parse(path, out var routeError);
        if (route is null)
        {
            context.Report(DiagnosticDescriptors.InvalidRouteTemplate, pathPointer, path, routeError!);
            return;
        }

        var pathParameters = item.Parameters;
        if (item.Operations is { } byMethod)
        {
            foreach (var method in MethodOrder)
            {
                foreach (var operation in byMethod)
                {
                    if (string.Equals(operation.Key.Method, method, StringComparison.OrdinalIgnoreCase))
                    {
                        var pointer = JsonPointer.Append(pathPointer, method.ToLowerInvariant());
                        TryParseOperation(new OperationSource(method, path, operation.Value), operation.Value, pointer, pathPointer, pathParameters, route, shared, operations);
                    }
                }
            }
        }

        if (item is IOpenApiExtensible extensible && extensible.Extensions is { } extensions &&
            extensions.TryGetValue(ExtensionNames.AnyMethod, out var anyMethod) && anyMethod is JsonNodeExtension { Node: JsonObject anyNode })
        {
            var pointer = JsonPointer.Append(pathPointer, ExtensionNames.AnyMethod);
            var operation = ReadAnyMethodOperation(anyNode, context);
            TryParseOperation(new OperationSource("ANY", path, operation), operation, pointer, pathPointer, pathParameters, route, shared, operations);
        }
    }

    /// <summary>One operation that cannot be read is a diagnostic at the operation; the others still generate.</summary>
    private static void TryParseOperation(
        OperationSource source,
        OpenApiOperation? operation,
        string pointer,
        string pathPointer,
        IList<IOpenApiParameter>? pathParameters,
        RouteModel route,
        OperationParsing shared,
        List<OperationModel> operations)
    {
        try
        {
            operations.Add(ParseOperation(source, operation, pointer, pathPointer, pathParameters, route, shared));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ReportFailure(shared.Context, pointer, "operation", exception);
        }
    }

    /// <summary>
    /// What Microsoft.OpenApi throws on a document it read without complaint (a $ref cycle between parameters: "Circular
    /// reference detected") is the document's error (GG0002); anything else is GatewayGen's own (GG0099). Either is
    /// located at the path, operation or parameter it stopped in.
    /// </summary>
    private static void ReportFailure(ParseContext context, string pointer, string what, Exception exception)
    {
        var diagnostic = exception.TargetSite?.DeclaringType?.Assembly == typeof(OpenApiDocument).Assembly
            ? DiagnosticInfo.Create(DiagnosticDescriptors.OpenApiReaderError, context.Locate(pointer), $"The OpenAPI reader could not read this {what}: {exception.Message}")
            : DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, context.Locate(pointer), exception.GetType().Name + ": " + exception.Message);

        // A path item's parameters are read again for each of its operations: one report is enough.
        if (!System.Linq.Enumerable.Contains(context.Diagnostics, diagnostic))
        {
            context.Add(diagnostic);
        }
    }

    // x-amazon-apigateway-any-method holds an operation object that the OpenAPI reader leaves as raw JSON.
    private static OpenApiOperation? ReadAnyMethodOperation(JsonObject node, ParseContext context)
    {
        var isSwagger2 = context.Root?["swagger"] is not null;
        var version = isSwagger2 ? OpenApiSpecVersion.OpenApi2_0 : OpenApiSpecVersion.OpenApi3_0;
        using var formats = FormDataFormats.HoldBack(isSwagger2 ? node : null, isOperation: true);
        try
        {
            return new OpenApiJsonReader().ReadFragment<OpenApiOperation>(node, version, new OpenApiDocument(), out _, new OpenApiReaderSettings());
        }
        catch (OpenApiException)
        {
            return null;
        }
    }

    private static OperationModel ParseOperation(
        OperationSource source,
        OpenApiOperation? operation,
        string pointer,
        string pathPointer,
        IList<IOpenApiParameter>? pathParameters,
        RouteModel route,
        OperationParsing shared)
    {
        var context = shared.Context;
        var parameters = new List<ParameterModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AddParameters(operation?.Parameters, JsonPointer.Append(pointer, "parameters"), route, shared, parameters, seen);
        AddParameters(pathParameters, JsonPointer.Append(pathPointer, "parameters"), route, shared, parameters, seen);
        foreach (var routeParameter in route.Parameters)
        {
            if (!seen.Contains("path:" + routeParameter.Name))
            {
                context.Report(DiagnosticDescriptors.UndeclaredPathParameter, pointer, routeParameter.Name, source.DisplayName);
                parameters.Add(ParameterParser.Undeclared(routeParameter, context.Locate(pointer)));
            }
        }

        UniquifyIdentifiers(parameters);

        var integration = ParseIntegration(source, operation, pointer, context);
        var name = UniqueName(OperationName(source, operation), shared.Names);
        var isAny = source.Method == "ANY";
        var (cacheSettings, cacheKey) = ParseCache(source, route, shared, pointer);
        return new OperationModel(
            name,
            operation?.OperationId,
            (isAny ? AnyMethods : new[] { source.Method }).ToEquatableArray(),
            isAny,
            source.Path,
            route,
            parameters.ToEquatableArray(),
            RequestBodyParser.Parse(context, shared.Schemas, pointer, pathPointer),
            shared.Validators.ForOperation(pointer),
            shared.Access.ForOperation(pointer, source.DisplayName),
            integration,
            context.Locate(pointer))
        {
            CacheSettings = cacheSettings,
            CacheKeyParameters = cacheKey,
            Cors = operation?.Extensions is { } extensions && extensions.TryGetValue(ExtensionNames.Cors, out var cors)
                ? CorsParser.Parse((cors as JsonNodeExtension)?.Node, JsonPointer.Append(pointer, ExtensionNames.Cors), context)
                : null,
        };
    }

    private static (OperationCacheSettingsModel? Settings, EquatableArray<CacheKeyParameterModel> Key) ParseCache(OperationSource source, RouteModel route, OperationParsing shared, string pointer)
    {
        var context = shared.Context;
        pointer = shared.Access.ThroughPathItemReference(pointer);
        var node = JsonPointer.Resolve(context.Root, pointer) as JsonObject;
        var cachePointer = JsonPointer.Append(pointer, ExtensionNames.Cache);
        var settings = CacheParser.Operation(node?[ExtensionNames.Cache], cachePointer, source.DisplayName, context);
        if (settings is { Enabled: true } && !shared.AnyStageCache)
        {
            context.Report(DiagnosticDescriptors.CacheWithoutStageCache, JsonPointer.Append(cachePointer, "enabled"), source.DisplayName);
        }
        else if (settings is { Enabled: true } && source.Method is not ("GET" or "HEAD"))
        {
            context.Report(DiagnosticDescriptors.CachedUnsafeMethod, JsonPointer.Append(cachePointer, "enabled"), source.DisplayName);
        }

        var integrationPointer = JsonPointer.Append(JsonPointer.Append(pointer, ExtensionNames.Integration), "cacheKeyParameters");
        var key = CacheParser.KeyParameters(route, new[]
        {
            ((node?[ExtensionNames.Integration] as JsonObject)?["cacheKeyParameters"], integrationPointer),
            ((node?[ExtensionNames.Cache] as JsonObject)?["cacheKeyParameters"], JsonPointer.Append(cachePointer, "cacheKeyParameters")),
        }, source.DisplayName, context);
        return (settings, key);
    }

    private static IntegrationModel ParseIntegration(OperationSource source, OpenApiOperation? operation, string pointer, ParseContext context)
    {
        JsonNode? amazon = null;
        JsonNode? gatewayGen = null;
        foreach (var extension in operation?.Extensions ?? new Dictionary<string, IOpenApiExtension>())
        {
            var node = (extension.Value as JsonNodeExtension)?.Node;
            switch (extension.Key)
            {
                case ExtensionNames.Integration:
                    amazon = node;
                    break;
                case ExtensionNames.GatewayGenIntegration:
                    gatewayGen = node;
                    break;
                // The other extensions of an operation are read by their own parsers, or reported by ExtensionKeys.
            }
        }

        if (gatewayGen is not null && amazon is not null)
        {
            context.Report(DiagnosticDescriptors.InvalidIntegration, JsonPointer.Append(pointer, ExtensionNames.GatewayGenIntegration), source.DisplayName, $"it has both {ExtensionNames.Integration} and {ExtensionNames.GatewayGenIntegration}; keep one");
        }

        if (gatewayGen is not null)
        {
            return IntegrationParser.ParseGatewayGen(gatewayGen, JsonPointer.Append(pointer, ExtensionNames.GatewayGenIntegration), source, context);
        }

        if (amazon is not null)
        {
            return IntegrationParser.ParseAmazon(amazon, JsonPointer.Append(pointer, ExtensionNames.Integration), source, context);
        }

        context.Report(DiagnosticDescriptors.MissingIntegration, pointer, source.DisplayName);
        return new NotImplementedIntegrationModel("it has no integration");
    }

    private static void AddParameters(IList<IOpenApiParameter>? declared, string listPointer, RouteModel route, OperationParsing shared, List<ParameterModel> parameters, HashSet<string> seen)
    {
        var context = shared.Context;
        if (declared is null)
        {
            return;
        }

        for (var i = 0; i < declared.Count; i++)
        {
            var parameter = declared[i];
            try
            {
                if (parameter?.Name is null || parameter.In is null)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ReportFailure(context, JsonPointer.Append(listPointer, i), "parameter", exception);
                continue;
            }

            // Operation parameters override path-item parameters with the same name and location.
            if (!seen.Add(parameter.In.Value.ToString().ToLowerInvariant() + ":" + parameter.Name))
            {
                continue;
            }

            var pointer = ParameterPointer(listPointer, i, parameter, context);
            var model = ParameterParser.Parse(parameter, pointer, route, context);
            if (model is not null)
            {
                // OpenAPI 3 puts the schema under "schema"; in Swagger 2.0 the parameter is its own schema.
                var declaration = RequestBodyParser.Dereference(context, pointer);
                var isSwagger2 = context.Root?["swagger"] is not null;
                var schemaPointer = isSwagger2 ? declaration : JsonPointer.Append(declaration, "schema");
                if (model.Shape == ParameterShape.Json)
                {
                    // content: {application/json: {schema}}: the one media type's schema validates the JSON value.
                    schemaPointer = null;
                    if (JsonPointer.Resolve(context.Root, declaration) is JsonObject { } item && item["content"] is JsonObject { Count: 1 } content)
                    {
                        foreach (var mediaType in content)
                        {
                            schemaPointer = JsonPointer.Append(JsonPointer.Append(JsonPointer.Append(declaration, "content"), mediaType.Key), "schema");
                        }
                    }
                }

                var schema = model.Shape == ParameterShape.Raw || schemaPointer is null || (model.Shape == ParameterShape.Json && JsonPointer.Resolve(context.Root, schemaPointer) is null)
                    ? null
                    : shared.Schemas.Compile(schemaPointer);
                parameters.Add(model with { Schema = schema });
            }
        }
    }

    // Swagger 2.0 body parameters leave the list when the reader converts them, so find the item by name.
    private static string ParameterPointer(string listPointer, int index, IOpenApiParameter parameter, ParseContext context)
    {
        if (JsonPointer.Resolve(context.Root, listPointer) is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is JsonObject item && JsonNodes.GetString(item["name"]) == parameter.Name)
                {
                    return JsonPointer.Append(listPointer, i);
                }
            }
        }

        return JsonPointer.Append(listPointer, index);
    }

    private static void UniquifyIdentifiers(List<ParameterModel> parameters)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "HttpContext", "Body" };
        for (var i = 0; i < parameters.Count; i++)
        {
            var identifier = parameters[i].Identifier;
            if (!used.Add(identifier))
            {
                identifier += Identifiers.ToPascalCase(parameters[i].InName);
                while (!used.Add(identifier))
                {
                    identifier += "_";
                }

                parameters[i] = parameters[i] with { Identifier = identifier };
            }
        }
    }

    private static string OperationName(OperationSource source, OpenApiOperation? operation)
    {
        if (operation?.OperationId is { Length: > 0 } operationId)
        {
            return Identifiers.ToPascalCase(operationId);
        }

        // "GET /pets/{petId}" -> "GetPetsByPetId"
        var name = new System.Text.StringBuilder(Identifiers.ToPascalCase(source.Method.ToLowerInvariant()));
        foreach (var segment in source.Path.Split('/'))
        {
            if (segment.Length > 0)
            {
                name.Append(segment.StartsWith("{", StringComparison.Ordinal) ? "By" : "").Append(Identifiers.ToPascalCase(segment));
            }
        }

        return Identifiers.ToPascalCase(name.ToString());
    }

    private static string UniqueName(string name, HashSet<string> names)
    {
        var candidate = name;
        for (var suffix = 2; !names.Add(candidate); suffix++)
        {
            candidate = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static ApiModel Empty(SpecDocument document, ParseContext context) => new(
        document.ApiName,
        document.Path,
        document.ApiName,
        "",
        EquatableArray<StageModel>.Empty,
        null,
        EquatableArray<OperationModel>.Empty,
        SchemaSetModel.Empty,
        EquatableArray<UsagePlanModel>.Empty,
        context.Diagnostics.ToEquatableArray());
}
