using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads an operation's request body from the document's JSON: OpenAPI 3 requestBody (content by media type)
/// or Swagger 2.0 "in: body" parameters with consumes. The JSON media types' schema is compiled for validation.
/// </summary>
internal static class RequestBodyParser
{
    public static RequestBodyModel? Parse(ParseContext context, SchemaCompiler schemas, string operationPointer, string pathPointer)
    {
        if (JsonPointer.Resolve(context.Root, operationPointer) is not JsonObject operation)
        {
            return null;
        }

        return operation["requestBody"] is not null
            ? ParseOpenApi3(context, schemas, operationPointer)
            : ParseSwagger2(context, schemas, operation, operationPointer, pathPointer);
    }

    private static RequestBodyModel? ParseOpenApi3(ParseContext context, SchemaCompiler schemas, string operationPointer)
    {
        var pointer = Dereference(context, JsonPointer.Append(operationPointer, "requestBody"));
        if (JsonPointer.Resolve(context.Root, pointer) is not JsonObject body)
        {
            return null;
        }

        var required = JsonNodes.IsTrue(body["required"]);
        var mediaTypes = new List<string>();
        var jsonMediaTypes = new List<string>();
        string? schemaPointer = null;
        if (body["content"] is JsonObject content)
        {
            foreach (var member in content)
            {
                mediaTypes.Add(member.Key);
                if (IsJson(member.Key) && member.Value is JsonObject media && media["schema"] is not null)
                {
                    jsonMediaTypes.Add(member.Key);
                    var candidate = JsonPointer.Append(JsonPointer.Append(JsonPointer.Append(pointer, "content"), member.Key), "schema");
                    schemaPointer = schemaPointer is null || member.Key.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? candidate : schemaPointer;
                }
            }
        }

        var schema = schemaPointer is null ? null : schemas.Compile(schemaPointer);
        return new RequestBodyModel(required, mediaTypes.ToEquatableArray(), jsonMediaTypes.ToEquatableArray(), schema);
    }

    private static RequestBodyModel? ParseSwagger2(ParseContext context, SchemaCompiler schemas, JsonObject operation, string operationPointer, string pathPointer)
    {
        string? bodyPointer = null;
        var hasForm = false;
        foreach (var listPointer in new[] { JsonPointer.Append(operationPointer, "parameters"), JsonPointer.Append(pathPointer, "parameters") })
        {
            if (JsonPointer.Resolve(context.Root, listPointer) is not JsonArray list)
            {
                continue;
            }

            for (var i = 0; i < list.Count; i++)
            {
                var pointer = Dereference(context, JsonPointer.Append(listPointer, i));
                var location = JsonNodes.GetString(JsonPointer.Resolve(context.Root, JsonPointer.Append(pointer, "in")));
                bodyPointer ??= location == "body" ? pointer : null;
                hasForm |= location == "formData";
            }
        }

        if (bodyPointer is null && !hasForm)
        {
            return null;
        }

        var consumes = Strings(operation["consumes"]) ?? Strings(context.Root?["consumes"]) ??
            new List<string> { hasForm ? "application/x-www-form-urlencoded" : "application/json" };
        if (bodyPointer is null)
        {
            return new RequestBodyModel(false, consumes.ToEquatableArray(), EquatableArray<string>.Empty, null);
        }

        var required = JsonNodes.IsTrue(JsonPointer.Resolve(context.Root, JsonPointer.Append(bodyPointer, "required")));
        var json = consumes.FindAll(IsJson);
        var schema = json.Count > 0 ? schemas.Compile(JsonPointer.Append(bodyPointer, "schema")) : null;
        return new RequestBodyModel(required, consumes.ToEquatableArray(), json.ToEquatableArray(), schema);
    }

    /// <summary>Follows a local "$ref" (to components/requestBodies or parameters) to the object it names.</summary>
    public static string Dereference(ParseContext context, string pointer)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var reference = JsonNodes.GetString(JsonPointer.Resolve(context.Root, pointer) is JsonObject obj ? obj["$ref"] : null);
            if (reference is null || !reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return pointer;
            }

            pointer = "";
            foreach (var segment in JsonPointer.Split(reference))
            {
                pointer = JsonPointer.Append(pointer, segment);
            }
        }

        return pointer;
    }

    /// <summary>application/json, text/json and any "+json" structured syntax (application/problem+json).</summary>
    public static bool IsJson(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            type.Equals("text/json", StringComparison.OrdinalIgnoreCase) ||
            type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static List<string>? Strings(JsonNode? node)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in array)
        {
            if (JsonNodes.GetString(item) is { } text)
            {
                list.Add(text);
            }
        }

        return list;
    }
}
