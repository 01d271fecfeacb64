using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes an API's x-amazon-apigateway-gateway-responses as a factory of <c>GatewayResponses</c> in its routes class,
/// which its <c>ApiSettings</c> holds: templates arrive already split into text and values.
/// </summary>
internal static class GatewayResponseEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";
    private const string FactoryName = "CreateGatewayResponses";

    /// <summary>The ApiSettings initializer's part, or "" when the document customises nothing.</summary>
    public static string? SettingsInitializer(ApiModel api) =>
        api.GatewayResponses.Count == 0 ? null : $"GatewayResponses = {FactoryName}()";

    public static void EmitFactory(SourceWriter writer, ApiModel api)
    {
        if (api.GatewayResponses.Count == 0)
        {
            return;
        }

        writer.Line();
        writer.Line("/// <summary>x-amazon-apigateway-gateway-responses.</summary>");
        writer.Line($"private static {Runtime}GatewayResponses {FactoryName}() => new(");
        for (var i = 0; i < api.GatewayResponses.Count; i++)
        {
            var response = api.GatewayResponses[i];
            var last = i == api.GatewayResponses.Count - 1;
            writer.Line($"    new {Runtime}GatewayResponse(");
            writer.Line($"        {Runtime}GatewayResponseType.{GatewayResponseTypes.FieldOf(response.Type)},");
            writer.Line($"        statusCode: {(response.StatusCode is { } status ? Literals.Int(status) : "null")},");
            writer.Line($"        headers: new {Runtime}ResponseHeader[]");
            writer.Line("        {");
            foreach (var header in response.Headers)
            {
                writer.Line($"            new({Literals.String(header.Name)}, {Value(header.Value)}),");
            }

            writer.Line("        },");
            writer.Line($"        templates: new {Runtime}ResponseTemplate[]");
            writer.Line("        {");
            foreach (var template in response.Templates)
            {
                writer.Line($"            new({Literals.String(template.MediaType)}{(template.Parts.Count == 0 ? "" : ",")}");
                for (var p = 0; p < template.Parts.Count; p++)
                {
                    var part = template.Parts[p];
                    var text = part.Value is { } value ? $"{Runtime}TemplatePart.Of({Value(value)})" : $"{Runtime}TemplatePart.Literal({Literals.String(part.Text)})";
                    writer.Line($"                {text}{(p == template.Parts.Count - 1 ? "" : ",")}");
                }

                writer.Line("            ),");
            }

            writer.Line($"        }}){(last ? ");" : ",")}");
        }
    }

    private static string Value(ResponseValueModel value) => value.Kind switch
    {
        ResponseValueKind.Header => $"{Runtime}ResponseValue.RequestHeader({Literals.String(value.Name)})",
        ResponseValueKind.QueryString => $"{Runtime}ResponseValue.QueryString({Literals.String(value.Name)})",
        ResponseValueKind.Path => $"{Runtime}ResponseValue.PathParameter({Literals.String(value.Name)})",
        ResponseValueKind.Context => value.Argument.Length == 0
            ? $"{Runtime}ResponseValue.Context({Runtime}ContextVariable.{value.Name})"
            : $"{Runtime}ResponseValue.Context({Runtime}ContextVariable.{value.Name}, {Literals.String(value.Argument)})",
        _ => $"{Runtime}ResponseValue.Constant({Literals.String(value.Name)})", // stage variables are constants once resolved
    };
}
