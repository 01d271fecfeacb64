using System.Collections.Generic;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes one API's files: {Api}.Routes.g.cs (endpoint mapping), {Api}.Integrations.g.cs (one handler per
/// operation) and, when it has function integrations, {Api}.Functions.g.cs (the partial methods to implement).
/// </summary>
internal static class ApiEmitter
{
    public const string GeneratedNamespace = "GatewayGen.Generated";

    public static IEnumerable<(string HintName, string Source)> Emit(ApiModel api, string rootNamespace)
    {
        yield return ($"{api.Name}.Routes.g.cs", EmitRoutes(api));
        yield return ($"{api.Name}.Integrations.g.cs", EmitIntegrations(api, rootNamespace));
        if (ValidatorEmitter.HasValidators(api))
        {
            yield return ($"{api.Name}.Validators.g.cs", ValidatorEmitter.Emit(api));
        }
        if (HasFunctions(api))
        {
            yield return ($"{api.Name}.Functions.g.cs", FunctionsEmitter.Emit(api, rootNamespace));
        }
    }

    public static string RoutesClass(string apiName) => apiName + "Routes";

    /// <summary>The expression for an API's <c>ApiSettings</c> (a static field of its routes class).</summary>
    public static string SettingsField(string apiName) => $"global::{GeneratedNamespace}.{RoutesClass(apiName)}.Settings";

    public static string FunctionsClass(ApiModel api, string rootNamespace) =>
        "global::" + (rootNamespace.Length > 0 ? rootNamespace + "." : "") + api.Name + "Functions";

    private static bool HasFunctions(ApiModel api)
    {
        if (api.FunctionAuthorizers.Count > 0)
        {
            return true;
        }

        foreach (var operation in api.Operations)
        {
            if (operation.Integration is FunctionIntegrationModel)
            {
                return true;
            }
        }

        return false;
    }

    private static string EmitRoutes(ApiModel api)
    {
        var writer = GeneratedCode.NewFile();
        writer.Line($"namespace {GeneratedNamespace}");
        using (writer.Braces())
        {
            writer.Line($"/// <summary>The routes of API '{Xml(api.Title)}' ({Xml(System.IO.Path.GetFileName(api.FilePath))}).</summary>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line($"internal static class {RoutesClass(api.Name)}");
            using (writer.Braces())
            {
                // Each concern's document-level settings, as one property initializer each.
                var initializers = new List<string>();
                if (CorsEmitter.SettingsInitializer(api) is { } cors)
                {
                    initializers.Add(cors);
                }

                if (GatewayResponseEmitter.SettingsInitializer(api) is { } responses)
                {
                    initializers.Add(responses);
                }

                initializers.AddRange(ContentInitializers(api));

                writer.Line("/// <summary>What the document declares for all of the API's answers.</summary>");
                writer.Line($"internal static readonly global::GatewayGen.Runtime.ApiSettings Settings = new({Literals.String(api.Name)}){(initializers.Count > 0 ? " { " + string.Join(", ", initializers) + " }" : "")};");
                writer.Line();
                CorsEmitter.EmitFields(writer, api);
                writer.Line("public static void Map(global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)");
                using (writer.Braces())
                {
                    writer.Line($"var integrations = new {api.Name}Integrations(global::GatewayGen.Runtime.GatewayRuntime.From(endpoints));");
                    foreach (var operation in api.Operations)
                    {
                        var methods = operation.IsAnyMethod ? "null" : Literals.StringArray(operation.Methods);
                        var display = operation.DisplayName + (operation.OperationId is { } id ? $" ({id})" : "");
                        var dimensions = $"new global::GatewayGen.Runtime.OperationMetrics({Literals.String(api.Name)}, {Literals.String(operation.IsAnyMethod ? "ANY" : operation.Methods[0])}, {Literals.String(operation.Path)})";
                        writer.Line(CorsEmitter.MapStatement(operation, $"global::GatewayGen.Runtime.GatewayEndpoints.MapOperation(endpoints, {Literals.String(operation.Route.Template)}, {methods}, integrations.{operation.Name}, {Literals.String(display)}, {dimensions}, Settings)"));
                    }
                }

                GatewayResponseEmitter.EmitFactory(writer, api);
            }
        }

        return writer.ToString();
    }

    // Only what the document declares, so an API without these keys keeps the plain `new("Api")`.
    // Compression and binary media types, as ApiSettings property initializers.
    private static List<string> ContentInitializers(ApiModel api)
    {
        var members = new List<string>();
        if (api.MinimumCompressionSize is { } size)
        {
            members.Add($"Compression = new global::GatewayGen.Runtime.CompressionSettings({Literals.Int(size)})");
        }

        if (api.BinaryMediaTypes.Count > 0)
        {
            members.Add($"BinaryMediaTypes = new global::GatewayGen.Runtime.BinaryMediaTypes({Literals.StringArray(api.BinaryMediaTypes)})");
        }

        return members;
    }

    private static string EmitIntegrations(ApiModel api, string rootNamespace)
    {
        var functionsClass = FunctionsClass(api, rootNamespace);
        var handlers = new SourceWriter();
        var enumFields = new Dictionary<string, string>();
        var schemas = new ParameterSchemaContext(api.Schemas, ValidatorEmitter.ClassName(api));
        FormShapePlan? formShapes = null;
        foreach (var operation in api.Operations)
        {
            var checksBody = BodyEmitter.ChecksBody(operation);
            // Fields first, so the summary documents the handler itself.
            AccessEmitter.EmitField(handlers, operation, api);
            BodyEmitter.EmitFields(handlers, api, operation, ref formShapes);
            IntegrationEmitter.EmitFields(handlers, operation, api.Name);
            handlers.Line($"/// <summary>{Xml(operation.DisplayName)}: {Xml(Describe(operation.Integration))}.</summary>");
            // Every handler, even one that can only answer 500, asks the policy, security and throttles first: what an
            // operation is (or lacks) is told only to callers it admits.
            {
                handlers.Line($"public async global::System.Threading.Tasks.Task {operation.Name}(global::Microsoft.AspNetCore.Http.HttpContext context)");
                using (handlers.Braces())
                {
                    AccessEmitter.EmitCheck(handlers, operation);

                    // Functions need typed values even when parameter validation is off; proxies then pass text through.
                    var parse = operation.Validation.Parameters || operation.Integration is FunctionIntegrationModel;
                    if (parse && operation.Parameters.Count > 0)
                    {
                        handlers.Line($"global::GatewayGen.Runtime.ValidationErrors? {ParameterEmitter.ErrorsLocal} = null;");
                        handlers.Line();
                    }

                    foreach (var parameter in operation.Parameters)
                    {
                        ParameterEmitter.Emit(handlers, parameter, operation, enumFields, schemas, parse, operation.Validation.Parameters);
                    }

                    if (parse && operation.Parameters.Count > 0)
                    {
                        handlers.Line($"if ({ParameterEmitter.ErrorsLocal} is not null)");
                        using (handlers.Braces())
                        {
                            handlers.Line($"await global::GatewayGen.Runtime.GatewayErrors.ValidationFailedAsync(context, global::GatewayGen.Runtime.GatewayResponseType.BadRequestParameters, {ParameterEmitter.ErrorsLocal});");
                            handlers.Line("return;");
                        }

                        handlers.Line();
                    }

                    if (checksBody)
                    {
                        BodyEmitter.Emit(handlers, api, operation, enumFields);
                    }

                    IntegrationEmitter.EmitBody(handlers, operation, functionsClass);
                }
            }

            handlers.Line();
        }

        var writer = GeneratedCode.NewFile();
        writer.Line($"namespace {GeneratedNamespace}");
        using (writer.Braces())
        {
            writer.Line($"/// <summary>The handlers of API '{Xml(api.Title)}': parameters parsed, then the integration.</summary>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line($"internal sealed class {api.Name}Integrations");
            using (writer.Braces())
            {
                foreach (var field in enumFields)
                {
                    writer.Line($"private static readonly string[] {field.Value} = {Literals.StringArray(field.Key.Split('\u0001'))};");
                }

                foreach (var field in schemas.StyledFields)
                {
                    writer.Line(field);
                }

                if (enumFields.Count > 0 || schemas.StyledFields.Count > 0)
                {
                    writer.Line();
                }

                AccessEmitter.EmitApiField(writer, api, FunctionsClass(api, rootNamespace));
                writer.Line();
                writer.Line("private readonly global::GatewayGen.Runtime.GatewayRuntime _runtime;");
                writer.Line();
                writer.Line($"public {api.Name}Integrations(global::GatewayGen.Runtime.GatewayRuntime runtime) => _runtime = runtime;");
                writer.Line();
                writer.Block(handlers.ToString().TrimEnd('\n'));
            }
        }

        return writer.ToString();
    }

    private static string Describe(IntegrationModel integration) => integration switch
    {
        HttpIntegrationModel { IsProxy: true } http => "http_proxy to " + http.Uri,
        HttpIntegrationModel http => "http to " + http.HttpMethod + " " + http.Uri,
        MockIntegrationModel mock => "mock answering " + mock.StatusCode,
        FunctionIntegrationModel function => "function " + function.Target,
        NotImplementedIntegrationModel notImplemented => "not implemented, " + notImplemented.Reason,
        _ => "",
    };

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
