using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes the request body checks of a handler: answer 400 when a required body is missing, 415 for a media type
/// the operation does not declare (the most specific declared range is the one that applies: text/plain over
/// text/* over */*), and 400 with every schema error for a JSON or form body that does not match. Only a body
/// that is validated is read, once, into a pooled buffer, which then replays as the request body, byte for byte.
/// </summary>
internal static class BodyEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    public static bool ChecksBody(OperationModel operation) =>
        operation.Validation.Body && operation.Body is { } body && (body.Required || body.MediaTypes.Count > 0);

    private static string FormField(OperationModel operation, int content) => operation.Name + "Form" + content.ToString(CultureInfo.InvariantCulture);

    private static bool IsForm(BodyContentModel content) => content.Kind is BodyContentKind.UrlEncoded or BodyContentKind.Multipart;

    /// <summary>The handlers class's fields for the operation's form media types (their schema, shape and encoding).</summary>
    public static void EmitFields(SourceWriter writer, ApiModel api, OperationModel operation, ref FormShapePlan? plan)
    {
        if (!ChecksBody(operation))
        {
            return;
        }

        var contents = operation.Body!.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (!(IsForm(contents[i]) || contents[i].ReadsEveryBody) || contents[i].Schema is not { } schema)
            {
                continue;
            }

            plan ??= new FormShapePlan(api);
            var fields = string.Concat(contents[i].Encoding.Select(e => ", " + Field(e)));
            writer.Line($"private static readonly {Runtime}FormSchema {FormField(operation, i)} = new({Validator(api, schema)}, {FormShapeEmitter.ShapeOf(api, plan, schema)}{fields});");
        }
    }

    private static string Field(FormEncodingModel encoding)
    {
        var style = encoding.Style switch
        {
            "form" => "Form",
            "spaceDelimited" => "SpaceDelimited",
            "pipeDelimited" => "PipeDelimited",
            "deepObject" => "DeepObject",
            "tabDelimited" => "TabDelimited",
            _ => "Content",
        };
        var types = encoding.ContentTypes.Count > 0 ? ", " + Literals.StringArray(encoding.ContentTypes) : "";
        return $"new {Runtime}FormField({Literals.String(encoding.Name)}, {Runtime}FormStyle.{style}, {(encoding.Explode ? "true" : "false")}{types})";
    }

    private static string Validator(ApiModel api, int schema) => $"{ValidatorEmitter.ClassName(api)}.{ValidatorEmitter.MethodName(api.Schemas.ValidatorOf(schema))}";

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

        if (body.MediaTypes.Count == 0)
        {
            return;
        }

        var ranges = ParameterEmitter.StringsField(body.Contents.Select(c => c.MediaRange), fields);
        var validated = Enumerable.Range(0, body.Contents.Count).Where(i => body.Contents[i].Schema is not null).ToList();
        writer.Line($"var mediaType = bodyPresent ? {Runtime}RequestBody.MediaTypeIndex(context, {ranges}) : -1;");
        writer.Line("if (bodyPresent && mediaType < 0)");
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.UnsupportedMediaTypeAsync(context, {Literals.String(string.Join(", ", body.MediaTypes))});");
            writer.Line("return;");
        }

        writer.Line();
        if (validated.Count == 0)
        {
            return;
        }

        // Only a body that is validated is buffered; every other body streams through untouched. A wildcard range
        // with a schema validates the body when it is JSON; one whose schema may be an object reads every body.
        bool JsonOnly(int i) => body.Contents[i].Kind == BodyContentKind.Wildcard && !body.Contents[i].ReadsEveryBody;
        var conditions = validated.Select(i => JsonOnly(i)
            ? $"mediaType == {Index(i)} && {Runtime}RequestBody.IsJson(context)"
            : $"mediaType == {Index(i)}").ToList();
        var reads = validated.Count == body.Contents.Count && !validated.Any(JsonOnly)
            ? "bodyPresent"
            : "bodyPresent && (" + string.Join(" || ", conditions.Select(c => c.Contains("&&") ? "(" + c + ")" : c)) + ")";
        writer.Line($"using var body = {reads} ? await {Runtime}RequestBody.ReadAsync(context) : null;");
        if (body.Required)
        {
            writer.Line("if (body is { IsEmpty: true })");
            MissingBody(writer);
        }

        string Check(int i) => IsForm(body.Contents[i])
            ? $"{Runtime}FormBodyValidator.Validate(body, context.Request.ContentType, {FormField(operation, i)})"
            : body.Contents[i].ReadsEveryBody
            ? $"{Runtime}FormBodyValidator.ValidateUnderWildcard(body, context.Request.ContentType, {FormField(operation, i)})"
            : $"{Runtime}JsonBodyValidator.Validate(body.Span, {Validator(api, body.Contents[i].Schema!.Value)})";

        if (validated.Count == 1)
        {
            writer.Line($"var bodyErrors = body is {{ IsEmpty: false }} ? {Check(validated[0])} : null;");
        }
        else
        {
            writer.Line("var bodyErrors = body is not { IsEmpty: false } ? null : mediaType switch");
            writer.OpenBrace();
            foreach (var i in validated)
            {
                writer.Line($"{Index(i)} => {Check(i)},");
            }

            writer.Line("_ => null,");
            writer.CloseBrace(";");
        }

        writer.Line("if (bodyErrors is not null)");
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.ValidationFailedAsync(context, {Runtime}GatewayResponseType.BadRequestBody, bodyErrors);");
            writer.Line("return;");
        }

        writer.Line();
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static void MissingBody(SourceWriter writer)
    {
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.MissingBodyAsync(context);");
            writer.Line("return;");
        }
    }
}
