using System.Collections.Generic;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes the request body checks of a handler: read the body once into a pooled buffer, answer 400 when a
/// required body is missing, 415 for a media type the operation does not declare, and 400 with every schema
/// error for JSON that does not match. The buffer then replays as the request body, byte for byte.
/// </summary>
internal static class BodyEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    public static bool ChecksBody(OperationModel operation) =>
        operation.Validation.Body && operation.Body is { } body && (body.Required || body.MediaTypes.Count > 0);

    public static void Emit(SourceWriter writer, ApiModel api, OperationModel operation, Dictionary<string, string> fields)
    {
        var body = operation.Body!;
        writer.Line($"// request body{(body.Required ? ", required" : "")}: {string.Join(", ", body.MediaTypes)}");
        writer.Line($"var bodyPresent = {Runtime}RequestBody.IsPresent(context);");
        if (body.Required)
        {
            writer.Line("if (!bodyPresent)");
            MissingBody(writer);
            writer.Line();
        }

        if (body.MediaTypes.Count > 0)
        {
            writer.Line($"if (bodyPresent && !{Runtime}RequestBody.HasMediaType(context, {ParameterEmitter.StringsField(body.MediaTypes, fields)}))");
            using (writer.Braces())
            {
                writer.Line($"await {Runtime}GatewayErrors.UnsupportedMediaTypeAsync(context, {Literals.String(string.Join(", ", body.MediaTypes))});");
                writer.Line("return;");
            }

            writer.Line();
        }

        if (body.JsonSchema is not { } schema)
        {
            return;
        }

        // Only JSON with a schema is buffered; every other body streams through untouched.
        // When every declared media type is JSON, the 415 check above already proved the body is JSON.
        var isJson = body.JsonMediaTypes == body.MediaTypes ? "bodyPresent" : $"bodyPresent && {Runtime}RequestBody.HasMediaType(context, {ParameterEmitter.StringsField(body.JsonMediaTypes, fields)})";
        writer.Line($"using var body = {isJson} ? await {Runtime}RequestBody.ReadAsync(context) : null;");
        if (body.Required)
        {
            writer.Line("if (body is { IsEmpty: true })");
            MissingBody(writer);
        }

        writer.Line($"var bodyErrors = body is {{ IsEmpty: false }} ? {Runtime}JsonBodyValidator.Validate(body.Span, {ValidatorEmitter.ClassName(api)}.{ValidatorEmitter.MethodName(api.Schemas.ValidatorOf(schema))}) : null;");
        writer.Line("if (bodyErrors is not null)");
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.ValidationFailedAsync(context, {Runtime}GatewayResponseType.BadRequestBody, bodyErrors);");
            writer.Line("return;");
        }

        writer.Line();
    }

    private static void MissingBody(SourceWriter writer)
    {
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.MissingBodyAsync(context);");
            writer.Line("return;");
        }
    }
}
