using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes {Api}Functions: a typed request per function operation (for a Lambda function also its Lambda proxy
/// event) and the partial method the user implements. A missing one is GG0064 at the integration (StageResolver).
/// </summary>
internal static class FunctionsEmitter
{
    private const string HttpContext = "global::Microsoft.AspNetCore.Http.HttpContext";
    private const string Lambda = "global::GatewayGen.Runtime.Lambda.";

    public static string Emit(ApiModel api, string rootNamespace)
    {
        var writer = GeneratedCode.NewFile();
        var hasNamespace = rootNamespace.Length > 0;
        if (hasNamespace)
        {
            writer.Line($"namespace {rootNamespace}");
            writer.OpenBrace();
        }

        writer.Line($"/// <summary>The C# functions behind API '{ApiEmitter.Xml(api.Title)}'. Implement each partial method in <c>public static partial class {api.Name}Functions</c>.</summary>");
        writer.Line(GeneratedCode.Attribute);
        writer.Line($"public static partial class {api.Name}Functions");
        using (writer.Braces())
        {
            var first = true;
            if (api.Operations.Any(o => o.Integration is FunctionIntegrationModel { LambdaName: not null }))
            {
                EmitStageVariables(writer, api);
                first = false;
            }

            var declared = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            foreach (var authorizer in api.FunctionAuthorizers)
            {
                if (!declared.Add(authorizer.Function))
                {
                    continue; // two schemes naming one function share its method
                }

                if (!first)
                {
                    writer.Line();
                }

                first = false;
                EmitAuthorizer(writer, authorizer);
            }

            foreach (var operation in api.Operations)
            {
                if (operation.Integration is not FunctionIntegrationModel function)
                {
                    continue;
                }

                if (!first)
                {
                    writer.Line();
                }

                first = false;
                EmitRequestType(writer, operation, function);
                writer.Line();
                writer.Line($"/// <summary>Implements {ApiEmitter.Xml(operation.DisplayName)}{(operation.OperationId is { } id ? $" ({ApiEmitter.Xml(id)})" : "")}. Return a result such as <c>TypedResults.Ok(...)</c>.</summary>");
                writer.Line($"public static partial global::System.Threading.Tasks.ValueTask<global::Microsoft.AspNetCore.Http.IResult> {function.Target}({operation.Name}Request request);");
            }
        }

        if (hasNamespace)
        {
            writer.CloseBrace();
        }

        return writer.ToString();
    }

    private static void EmitAuthorizer(SourceWriter writer, FunctionAuthorizerModel authorizer)
    {
        var scheme = ApiEmitter.Xml(authorizer.Scheme);
        writer.Line($"/// <summary>What the C# authorizer of security scheme '{scheme}' decides on{(authorizer.IsToken ? ": its Token is the value of " + ApiEmitter.Xml(authorizer.IdentitySources[0]) : "")}.</summary>");
        writer.Line(GeneratedCode.Attribute);
        writer.Line($"public sealed class {authorizer.RequestType} : global::GatewayGen.Runtime.AuthorizerRequest");
        using (writer.Braces())
        {
            writer.Line($"public {authorizer.RequestType}({HttpContext} httpContext, string? token, string methodArn)");
            writer.Line("    : base(httpContext, token, methodArn)");
            writer.Line("{");
            writer.Line("}");
        }

        writer.Line();
        writer.Line($"/// <summary>Authorizes requests for security scheme '{scheme}' (type {(authorizer.IsToken ? "token" : "request")}). Return <c>AuthorizerResult.Allow(principalId)</c>, <c>Deny(principalId)</c> or <c>Unauthorized()</c>.</summary>");
        writer.Line($"public static partial global::System.Threading.Tasks.ValueTask<global::GatewayGen.Runtime.AuthorizerResult> {authorizer.Function}({authorizer.RequestType} request);");
    }

    // A Lambda function's request also reads as the Lambda proxy event its integration's payload format describes, so
    // a ported handler keeps its input handling; the event names the operation's route and the stage's variables.
    private static void EmitLambdaEvent(SourceWriter writer, OperationModel operation, string lambda, bool httpApi)
    {
        var (type, read, format) = httpApi
            ? ("APIGatewayHttpApiV2ProxyRequest", "ReadHttpApiV2RequestAsync", "2.0")
            : ("APIGatewayProxyRequest", "ReadProxyRequestAsync", "1.0");
        var routeKey = (operation.IsAnyMethod ? "ANY" : operation.Methods[0]) + " " + operation.Path;
        writer.Line();
        writer.Line($"private static readonly {Lambda}LambdaRoute LambdaRoute = new({Literals.String(operation.Path)}, {Literals.String(routeKey)}, LambdaStageVariables);");
        writer.Line();
        writer.Line($"/// <summary>The request as the Lambda proxy event (payload format {format}) API Gateway would pass the Lambda function '{ApiEmitter.Xml(lambda)}'; answer with <c>LambdaResults.From(response)</c>.</summary>");
        writer.Line($"public global::System.Threading.Tasks.ValueTask<{Lambda}{type}> ReadEventAsync() => {Lambda}LambdaEvents.{read}(HttpContext, LambdaRoute);");
    }

    private static void EmitStageVariables(SourceWriter writer, ApiModel api)
    {
        writer.Line("/// <summary>The built stage's variables, as Lambda proxy events carry them.</summary>");
        if (api.StageVariables.Count == 0)
        {
            writer.Line("private static readonly global::System.Collections.Generic.IDictionary<string, string>? LambdaStageVariables = null;");
            return;
        }

        writer.Line("private static readonly global::System.Collections.Generic.IDictionary<string, string>? LambdaStageVariables = new global::System.Collections.Generic.Dictionary<string, string>(global::System.StringComparer.Ordinal)");
        writer.OpenBrace();
        foreach (var variable in api.StageVariables)
        {
            writer.Line($"[{Literals.String(variable.Name)}] = {Literals.String(variable.Value)},");
        }

        writer.CloseBrace(";");
    }

    private static void EmitRequestType(SourceWriter writer, OperationModel operation, FunctionIntegrationModel function)
    {
        writer.Line($"/// <summary>The request of {ApiEmitter.Xml(operation.DisplayName)}, its parameters parsed.</summary>");
        writer.Line(GeneratedCode.Attribute);
        writer.Line($"public sealed class {operation.Name}Request");
        using (writer.Braces())
        {
            writer.Line($"public {operation.Name}Request({HttpContext} httpContext) => HttpContext = httpContext;");
            writer.Line();
            writer.Line("/// <summary>The HTTP context, for everything the typed properties do not cover.</summary>");
            writer.Line($"public {HttpContext} HttpContext {{ get; }}");
            if (operation.Access.Security.Any(a => a.Authorizers.Count > 0))
            {
                writer.Line();
                writer.Line("/// <summary>Who the operation's authorizer says the caller is (a JWT's claims, a C# authorizer's context); null when the alternative that passed had no authorizer.</summary>");
                writer.Line("public global::GatewayGen.Runtime.GatewayPrincipal? Principal => global::GatewayGen.Runtime.GatewayPrincipal.Of(HttpContext);");
            }

            if (operation.Body is not null)
            {
                writer.Line();
                writer.Line("/// <summary>The request body, not yet read.</summary>");
                writer.Line("public global::System.IO.Stream Body => HttpContext.Request.Body;");
            }

            if (function.LambdaName is { } lambda)
            {
                EmitLambdaEvent(writer, operation, lambda, function.PayloadFormatVersion == "2.0");
            }

            foreach (var parameter in operation.Parameters)
            {
                writer.Line();
                writer.Line($"/// <summary>The {ApiEmitter.Xml(ParameterEmitter.Describe(parameter))}{(parameter.Required || parameter.Shape == ParameterShape.Raw ? "" : "; null when absent")}.</summary>");
                var required = parameter.Required && parameter.Shape != ParameterShape.Raw ? "required " : "";
                writer.Line($"public {required}{ParameterEmitter.PropertyType(parameter)} {parameter.Identifier} {{ get; init; }}");
            }
        }
    }
}
