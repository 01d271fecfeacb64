using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads an operation's request body from the document's JSON: OpenAPI 3 requestBody (content by media type)
/// or Swagger 2.0 "in: body" or "in: formData" parameters with consumes. The JSON and form media types' schema is
/// compiled for validation.
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
        var contents = new List<BodyContentModel>();
        if (body["content"] is JsonObject content)
        {
            foreach (var member in content)
            {
                mediaTypes.Add(member.Key);
                var mediaPointer = JsonPointer.Append(JsonPointer.Append(pointer, "content"), member.Key);
                var range = MediaRange(member.Key);
                var kind = KindOf(range);
                var schema = kind != BodyContentKind.Other && member.Value is JsonObject media && media["schema"] is not null
                    ? schemas.Compile(JsonPointer.Append(mediaPointer, "schema"))
                    : null;
                var encoding = kind is BodyContentKind.UrlEncoded or BodyContentKind.Multipart && schema is { } root
                    ? Encoding(context, schemas, mediaPointer, kind, root)
                    : EquatableArray<FormEncodingModel>.Empty;
                var wildcard = kind == BodyContentKind.Wildcard && schema is { } any ? Classify(schemas, any) : WildcardSchema.None;
                if (wildcard == WildcardSchema.Scalar)
                {
                    context.Report(DiagnosticDescriptors.WildcardBodyPartlyValidated, mediaPointer, member.Key);
                }

                contents.Add(new BodyContentModel(range, kind, schema, encoding) { ReadsEveryBody = wildcard == WildcardSchema.Object });
            }
        }

        return new RequestBodyModel(required, mediaTypes.ToEquatableArray(), contents.ToEquatableArray());
    }

    private static RequestBodyModel? ParseSwagger2(ParseContext context, SchemaCompiler schemas, JsonObject operation, string operationPointer, string pathPointer)
    {
        string? bodyPointer = null;
        var formFields = new List<(string Name, string Pointer)>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listPointer in new[] { JsonPointer.Append(operationPointer, "parameters"), JsonPointer.Append(pathPointer, "parameters") })
        {
            if (JsonPointer.Resolve(context.Root, listPointer) is not JsonArray list)
            {
                continue;
            }

            for (var i = 0; i < list.Count; i++)
            {
                var pointer = Dereference(context, JsonPointer.Append(listPointer, i));
                var parameter = JsonPointer.Resolve(context.Root, pointer) as JsonObject;
                var location = JsonNodes.GetString(parameter?["in"]);
                bodyPointer ??= location == "body" ? pointer : null;

                // The operation's parameters come first and override the path item's of the same name (Swagger 2.0).
                if (location == "formData" && JsonNodes.GetString(parameter?["name"]) is { } name && named.Add(name))
                {
                    formFields.Add((name, pointer));
                }
            }
        }

        if (bodyPointer is null && formFields.Count == 0)
        {
            return null;
        }

        var consumesPointer = operation["consumes"] is JsonArray { Count: > 0 } ? JsonPointer.Append(operationPointer, "consumes") : "/consumes";
        var consumes = Strings(operation["consumes"]) ?? Strings(context.Root?["consumes"]) ??
            new List<string> { bodyPointer is null ? "application/x-www-form-urlencoded" : "application/json" };
        var displayName = DisplayName(operationPointer);
        if (bodyPointer is null)
        {
            return FormParameters(context, schemas, operationPointer, formFields, consumes, consumesPointer, displayName);
        }

        if (formFields.Count > 0)
        {
            context.Report(DiagnosticDescriptors.FormParametersNotEnforced, JsonPointer.Append(formFields[0].Pointer, "in"), displayName,
                "the operation has an 'in: body' parameter too, and Swagger 2.0 allows a body or form fields, not both; the body's schema is what is validated");
        }

        var required = JsonNodes.IsTrue(JsonPointer.Resolve(context.Root, JsonPointer.Append(bodyPointer, "required")));
        var schema = consumes.Exists(IsJson) ? schemas.Compile(JsonPointer.Append(bodyPointer, "schema")) : null;
        return new RequestBodyModel(required, consumes.ToEquatableArray(),
            consumes.Select(c => IsJson(c) ? new BodyContentModel(MediaRange(c), BodyContentKind.Json, schema, EquatableArray<FormEncodingModel>.Empty)
                : new BodyContentModel(MediaRange(c), BodyContentKind.Other, null, EquatableArray<FormEncodingModel>.Empty)).ToEquatableArray());
    }

    /// <summary>
    /// Swagger 2.0 form fields as the OpenAPI 3 form body they describe, validated like one: an object schema with a property
    /// per formData parameter (what Microsoft.OpenApi converts them to, with the path item's ones, which its conversion drops,
    /// and the collectionFormat it drops as each array's encoding), for each form media type the operation consumes. The body
    /// is required when a field is.
    /// </summary>
    private static RequestBodyModel FormParameters(ParseContext context, SchemaCompiler schemas, string operationPointer, List<(string Name, string Pointer)> fields,
        List<string> consumes, string consumesPointer, string displayName)
    {
        var required = fields.Where(f => JsonNodes.IsTrue((JsonPointer.Resolve(context.Root, f.Pointer) as JsonObject)?["required"])).Select(f => f.Name).ToList();
        var schema = schemas.CompileFormParameters(JsonPointer.Append(operationPointer, "parameters"), fields, required);
        var encoding = CollectionFormats(context, fields, displayName);
        var contents = new List<BodyContentModel>();
        for (var i = 0; i < consumes.Count; i++)
        {
            var range = MediaRange(consumes[i]);
            var kind = KindOf(range);
            if (kind is BodyContentKind.UrlEncoded or BodyContentKind.Multipart)
            {
                contents.Add(new BodyContentModel(range, kind, schema, encoding));
                continue;
            }

            context.Report(DiagnosticDescriptors.FormParametersNotEnforced, JsonPointer.Append(consumesPointer, i), displayName,
                $"formData parameters describe application/x-www-form-urlencoded and multipart/form-data bodies; a body of '{consumes[i]}' is passed on unchecked");
            contents.Add(new BodyContentModel(range, BodyContentKind.Other, null, EquatableArray<FormEncodingModel>.Empty));
        }

        return new RequestBodyModel(required.Count > 0, consumes.ToEquatableArray(), contents.ToEquatableArray());
    }

    /// <summary>
    /// An array field's collectionFormat (csv when absent) as the Encoding Object OpenAPI 3 would write: csv is style form
    /// without explode, ssv spaceDelimited, pipes pipeDelimited, multi form with explode (the field repeated); tsv, which
    /// OpenAPI 3 dropped, splits on tabs.
    /// </summary>
    private static EquatableArray<FormEncodingModel> CollectionFormats(ParseContext context, List<(string Name, string Pointer)> fields, string displayName)
    {
        var encoding = new List<FormEncodingModel>();
        foreach (var (name, pointer) in fields)
        {
            if (JsonPointer.Resolve(context.Root, pointer) is not JsonObject parameter || JsonNodes.GetString(parameter["type"]) != "array")
            {
                continue;
            }

            var format = parameter["collectionFormat"] is { } given ? JsonNodes.GetString(given) ?? "" : "csv";
            var (style, explode) = format switch
            {
                "csv" => ("form", false),
                "ssv" => ("spaceDelimited", false),
                "tsv" => ("tabDelimited", false),
                "pipes" => ("pipeDelimited", false),
                "multi" => ("form", true),
                _ => ("", false),
            };
            if (style.Length == 0)
            {
                context.Report(DiagnosticDescriptors.FormParametersNotEnforced, JsonPointer.Append(pointer, "collectionFormat"), displayName,
                    $"field '{name}' has collectionFormat '{format}', which is not csv, ssv, tsv, pipes or multi; it is read as csv");
                style = "form";
            }

            var items = JsonPointer.Append(pointer, "items");
            if (JsonPointer.Resolve(context.Root, items) is JsonObject inner && JsonNodes.GetString(inner["type"]) == "array")
            {
                context.Report(DiagnosticDescriptors.FormParametersNotEnforced, inner["collectionFormat"] is not null ? JsonPointer.Append(items, "collectionFormat") : items, displayName,
                    $"field '{name}' is an array of arrays, whose items are not split again; an item its schema wants as an array is refused");
            }

            encoding.Add(new FormEncodingModel(name, style, explode, EquatableArray<string>.Empty));
        }

        return encoding.ToEquatableArray();
    }

    // "POST /pets" for /paths/~1pets/post.
    private static string DisplayName(string operationPointer)
    {
        var segments = JsonPointer.Split(operationPointer);
        var method = segments[segments.Count - 1];
        return (method == ExtensionNames.AnyMethod ? "ANY" : method.ToUpperInvariant()) + " " + segments[segments.Count - 2];
    }

    /// <summary>The media range a content key matches requests by: its type/subtype, parameters left out.</summary>
    public static string MediaRange(string key) => key.Split(';')[0].Trim().ToLowerInvariant();

    private static BodyContentKind KindOf(string range) => range switch
    {
        "application/x-www-form-urlencoded" => BodyContentKind.UrlEncoded,
        "multipart/form-data" => BodyContentKind.Multipart,
        _ when IsJson(range) => BodyContentKind.Json,
        _ when range.EndsWith("/*", StringComparison.Ordinal) => BodyContentKind.Wildcard,
        _ => BodyContentKind.Other,
    };

    // The media type's encoding map (OpenAPI 3.1's reading, which 3.0 documents follow too): style, explode or
    // allowReserved make a field RFC 6570-style like a query parameter; without them its contentType applies.
    private static EquatableArray<FormEncodingModel> Encoding(ParseContext context, SchemaCompiler schemas, string mediaPointer, BodyContentKind kind, int schema)
    {
        if (JsonPointer.Resolve(context.Root, JsonPointer.Append(mediaPointer, "encoding")) is not JsonObject encoding)
        {
            return EquatableArray<FormEncodingModel>.Empty;
        }

        var properties = PropertyNames(schemas, schema);
        var fields = new List<FormEncodingModel>();
        foreach (var member in encoding)
        {
            var pointer = JsonPointer.Append(JsonPointer.Append(mediaPointer, "encoding"), member.Key);
            if (member.Value is not JsonObject entry)
            {
                continue;
            }

            if (properties is not null && !properties.Contains(member.Key))
            {
                context.Report(DiagnosticDescriptors.EncodingOfUnknownProperty, pointer, member.Key);
            }

            var styled = entry["style"] is not null || entry["explode"] is not null || entry["allowReserved"] is not null;
            var style = styled ? JsonNodes.GetString(entry["style"]) ?? "form" : "content";
            if (style is not ("content" or "form" or "spaceDelimited" or "pipeDelimited" or "deepObject"))
            {
                context.Report(DiagnosticDescriptors.FormEncodingNotEnforced, JsonPointer.Append(pointer, "style"), member.Key,
                    $"style '{style}' is not a style for form fields (form, spaceDelimited, pipeDelimited or deepObject); the field is read as form");
                style = "form";
            }

            var explode = entry["explode"] is { } value ? JsonNodes.IsTrue(value) : style == "form";
            if (style == "form" && explode && IsObjectOnly(schemas, schema, member.Key))
            {
                context.Report(DiagnosticDescriptors.FormEncodingNotEnforced, pointer, member.Key,
                    "style form with explode sends an object's properties as fields of their own, which cannot be told apart from the body's fields; the gateway reads the field itself, so such a body is refused");
            }

            if (kind == BodyContentKind.Multipart && entry["headers"] is JsonObject { Count: > 0 })
            {
                context.Report(DiagnosticDescriptors.FormEncodingNotEnforced, JsonPointer.Append(pointer, "headers"), member.Key,
                    "a part's headers are not checked against encoding.headers (its Content-Type is, against contentType)");
            }

            var contentTypes = JsonNodes.GetString(entry["contentType"]) is { } types
                ? types.Split(',').Select(t => MediaRange(t)).Where(t => t.Length > 0).ToEquatableArray()
                : EquatableArray<string>.Empty;
            fields.Add(new FormEncodingModel(member.Key, style, explode, contentTypes));
        }

        return fields.ToEquatableArray();
    }

    // The properties a schema names, through $ref and allOf/anyOf/oneOf; null when any of them may have more (no properties at all).
    private static HashSet<string>? PropertyNames(SchemaCompiler schemas, int schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Closure(schemas, schema))
        {
            foreach (var property in node.Properties)
            {
                names.Add(property.Name);
            }
        }

        return names.Count == 0 ? null : names;
    }

    private static bool IsObjectOnly(SchemaCompiler schemas, int schema, string property)
    {
        var types = SchemaTypes.None;
        foreach (var node in Closure(schemas, schema))
        {
            foreach (var named in node.Properties)
            {
                if (named.Name == property)
                {
                    foreach (var inner in Closure(schemas, named.Schema))
                    {
                        types |= inner.Types;
                    }
                }
            }
        }

        return types == SchemaTypes.Object;
    }

    // What a wildcard range's schema is, over $ref and allOf: a file (streamed unread); an object or untyped (every body
    // under it is read: forms as forms, JSON-parsable bytes as JSON); or a scalar (only JSON-typed bodies: GG0062).
    private static WildcardSchema Classify(SchemaCompiler schemas, int schema)
    {
        var types = SchemaTypes.None;
        var seen = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(schema);
        while (pending.Count > 0 && seen.Count < 1000)
        {
            var id = pending.Pop();
            if (!seen.Add(id))
            {
                continue;
            }

            var node = schemas.Node(id);
            if (node.Format == "binary" || SchemaNode.IsFileMediaType(node.ContentMediaType))
            {
                return WildcardSchema.File;
            }

            types |= node.Types;
            foreach (var next in node.AllOf.Concat(node.Ref is { } target ? new[] { target } : Array.Empty<int>()))
            {
                pending.Push(next);
            }
        }

        return types == SchemaTypes.None || (types & SchemaTypes.Object) != 0 ? WildcardSchema.Object : WildcardSchema.Scalar;
    }

    private enum WildcardSchema
    {
        None,
        File,
        Object,
        Scalar,
    }

    private static List<SchemaNode> Closure(SchemaCompiler schemas, int schema)
    {
        var seen = new HashSet<int>();
        var nodes = new List<SchemaNode>();
        var pending = new Stack<int>();
        pending.Push(schema);
        while (pending.Count > 0 && nodes.Count < 1000)
        {
            var id = pending.Pop();
            if (!seen.Add(id))
            {
                continue;
            }

            var node = schemas.Node(id);
            nodes.Add(node);
            foreach (var next in node.AllOf.Concat(node.AnyOf).Concat(node.OneOf))
            {
                pending.Push(next);
            }

            if (node.Ref is { } target)
            {
                pending.Push(target);
            }
        }

        return nodes;
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
