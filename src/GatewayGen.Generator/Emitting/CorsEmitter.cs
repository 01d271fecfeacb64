using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes an API's x-amazon-apigateway-cors into its routes class: the document's policy in its ApiSettings, an
/// operation's own as a field attached to that operation's endpoint (GatewayCors in the runtime does the rest).
/// </summary>
internal static class CorsEmitter
{
    /// <summary>The ApiSettings initializer for the API's CORS ("Cors = ..."), or null when nothing in it declares CORS.</summary>
    public static string? SettingsInitializer(ApiModel api) =>
        api.Cors is null && !api.Operations.Any(o => o.Cors is not null)
            ? null
            : $"Cors = new global::GatewayGen.Runtime.ApiCors({(api.Cors is { } cors ? Policy(cors) : "null")}" +
              (api.Policy is { } resourcePolicy ? ", resourcePolicy: " + AccessEmitter.PolicyExpression(resourcePolicy) : "") + ")";

    /// <summary>One field per operation with its own configuration.</summary>
    public static void EmitFields(SourceWriter writer, ApiModel api)
    {
        foreach (var operation in api.Operations)
        {
            if (operation.Cors is { } cors)
            {
                writer.Line($"/// <summary>The CORS of {ApiEmitter.Xml(operation.DisplayName)}, in place of the document's.</summary>");
                writer.Line($"private static readonly global::Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy {FieldName(operation)} = {Policy(cors)};");
                writer.Line();
            }
        }
    }

    /// <summary>The statement that maps <paramref name="operation"/>: <paramref name="map"/>, with its own CORS attached if it has one.</summary>
    public static string MapStatement(OperationModel operation, string map) =>
        operation.Cors is null ? map + ";" : $"global::GatewayGen.Runtime.GatewayCors.ForOperation({map}, {FieldName(operation)});";

    private static string FieldName(OperationModel operation) => operation.Name + "Cors";

    private static string Policy(CorsModel cors) =>
        "global::GatewayGen.Runtime.GatewayCors.Policy(" +
        $"allowOrigins: {Literals.StringArray(cors.AllowOrigins)}, allowMethods: {Literals.StringArray(cors.AllowMethods)}, " +
        $"allowHeaders: {Literals.StringArray(cors.AllowHeaders)}, exposeHeaders: {Literals.StringArray(cors.ExposeHeaders)}, " +
        $"maxAgeSeconds: {(cors.MaxAgeSeconds is { } maxAge ? Literals.Int(maxAge) : "null")}, allowCredentials: {(cors.AllowCredentials ? "true" : "false")})";
}
