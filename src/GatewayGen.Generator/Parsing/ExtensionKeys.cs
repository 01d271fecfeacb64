using System;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// One walk over the whole document for the keys of GatewayGen's and API Gateway's extensions. Every
/// x-amazon-apigateway-* / x-gatewaygen-* key, wherever it stands (the root, path items, operations, parameters,
/// request bodies, responses, media types, headers, schemas, components, security schemes, servers, tags), must be
/// one GatewayGen reads there: anything else is GG0008 at the key (GG0019 when recognised but not implemented). The
/// extension objects no parser reads key by key (request validators) have their keys checked here too; the objects a
/// parser reads (integration, stages, cors, ...) check their own keys (ReportUnknownKeys; PolicyParser refuses a policy
/// statement with a key it does not evaluate, GG0035).
/// </summary>
internal static class ExtensionKeys
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace", "query" };

    /// <summary>Schema keywords that hold one subschema, an array of them, or a map of them.</summary>
    private static readonly string[] SubschemaKeywords = { "items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties" };

    private static readonly string[] SubschemaListKeywords = { "allOf", "anyOf", "oneOf", "prefixItems", "items" };

    private static readonly string[] SubschemaMapKeywords = { "properties", "patternProperties", "dependentSchemas", "$defs", "definitions" };

    public static void Check(ParseContext context)
    {
        if (context.Root is not JsonObject root)
        {
            return;
        }

        foreach (var member in root)
        {
            var pointer = "/" + member.Key;
            if (IsOurs(member.Key))
            {
                if (!ExtensionNames.Contains(ExtensionNames.ReadAtRoot, member.Key) && !ExtensionNames.Contains(ExtensionNames.IgnoredAtRoot, member.Key))
                {
                    Report(context, pointer, member.Key, ExtensionNames.NotYetSupportedAtRoot, "GatewayGen");
                }

                continue;
            }

            switch (member.Key)
            {
                case "paths" or "webhooks" when member.Value is JsonObject paths:
                    Keys(context, paths, pointer, Array.Empty<string>(), "the paths object");
                    ForEach(paths, pointer, (item, at) => PathItem(context, item, at));
                    break;
                case "components" when member.Value is JsonObject components:
                    Components(context, components, pointer);
                    break;
                case "definitions" when member.Value is JsonObject definitions:
                    ForEach(definitions, pointer, (schema, at) => Schema(context, schema, at));
                    break;
                case "parameters" when member.Value is JsonObject parameters:
                    ForEach(parameters, pointer, (parameter, at) => Parameter(context, parameter, at));
                    break;
                case "responses" when member.Value is JsonObject responses:
                    ForEach(responses, pointer, (response, at) => Response(context, response, at));
                    break;
                case "securityDefinitions" when member.Value is JsonObject schemes:
                    ForEach(schemes, pointer, (scheme, at) => Keys(context, scheme, at, ExtensionNames.ReadOnSecurityScheme, "a security scheme"));
                    break;
                case "servers" when member.Value is JsonArray servers:
                    ForEachItem(servers, pointer, (server, at) => Keys(context, server, at, Array.Empty<string>(), "a server", ExtensionNames.NotYetSupportedOnServer));
                    break;
                case "tags" when member.Value is JsonArray tags:
                    ForEachItem(tags, pointer, (tag, at) => Keys(context, tag, at, Array.Empty<string>(), "a tag", ExtensionNames.NotYetSupportedOnTag));
                    break;
                case "info" when member.Value is JsonObject info:
                    Keys(context, info, pointer, Array.Empty<string>(), "the info object");
                    break;
            }
        }

        // Inside the extension objects that no parser reads key by key.
        if (root[ExtensionNames.RequestValidators] is JsonObject validators)
        {
            ForEach(validators, "/" + ExtensionNames.RequestValidators, (validator, at) => Fields(context, validator, at, ExtensionNames.RequestValidatorKeys, "a request validator"));
        }
    }

    private static void Components(ParseContext context, JsonObject components, string pointer)
    {
        Keys(context, components, pointer, ExtensionNames.ReadInComponents, "the components object");
        foreach (var section in components)
        {
            if (section.Value is not JsonObject entries || IsExtension(section.Key))
            {
                continue;
            }

            var at = JsonPointer.Append(pointer, section.Key);
            switch (section.Key)
            {
                case "schemas":
                    ForEach(entries, at, (schema, entry) => Schema(context, schema, entry));
                    break;
                case "parameters":
                    ForEach(entries, at, (parameter, entry) => Parameter(context, parameter, entry));
                    break;
                case "requestBodies":
                    ForEach(entries, at, (body, entry) => Content(context, body, entry, "a request body"));
                    break;
                case "responses":
                    ForEach(entries, at, (response, entry) => Response(context, response, entry));
                    break;
                case "headers":
                    ForEach(entries, at, (header, entry) => Content(context, header, entry, "a header"));
                    break;
                case "securitySchemes":
                    ForEach(entries, at, (scheme, entry) => Keys(context, scheme, entry, ExtensionNames.ReadOnSecurityScheme, "a security scheme"));
                    break;
                case "pathItems":
                    ForEach(entries, at, (item, entry) => PathItem(context, item, entry));
                    break;
            }
        }
    }

    private static void PathItem(ParseContext context, JsonObject item, string pointer)
    {
        Keys(context, item, pointer, ExtensionNames.ReadOnPathItem, "a path item");
        foreach (var member in item)
        {
            var at = JsonPointer.Append(pointer, member.Key);
            if ((Array.IndexOf(Methods, member.Key) >= 0 || member.Key == ExtensionNames.AnyMethod) && member.Value is JsonObject operation)
            {
                Operation(context, operation, at);
            }
            else if (member.Key == "parameters" && member.Value is JsonArray parameters)
            {
                ForEachItem(parameters, at, (parameter, entry) => Parameter(context, parameter, entry));
            }
        }
    }

    private static void Operation(ParseContext context, JsonObject operation, string pointer)
    {
        Keys(context, operation, pointer, ExtensionNames.ReadOnOperation, "an operation", ExtensionNames.NotYetSupportedOnOperation);
        foreach (var member in operation)
        {
            var at = JsonPointer.Append(pointer, member.Key);
            switch (member.Key)
            {
                case "parameters" when member.Value is JsonArray parameters:
                    ForEachItem(parameters, at, (parameter, entry) => Parameter(context, parameter, entry));
                    break;
                case "requestBody" when member.Value is JsonObject body:
                    Content(context, body, at, "a request body");
                    break;
                case "responses" when member.Value is JsonObject responses:
                    Keys(context, responses, at, Array.Empty<string>(), "a responses object");
                    ForEach(responses, at, (response, entry) => Response(context, response, entry));
                    break;
                case "callbacks" when member.Value is JsonObject callbacks:
                    ForEach(callbacks, at, (callback, entry) => ForEach(callback, entry, (item, expression) => PathItem(context, item, expression)));
                    break;
            }
        }
    }

    private static void Parameter(ParseContext context, JsonObject parameter, string pointer)
    {
        Content(context, parameter, pointer, "a parameter");
        if (parameter["items"] is JsonObject items)
        {
            Schema(context, items, JsonPointer.Append(pointer, "items")); // Swagger 2.0: the parameter is its own schema
        }
    }

    private static void Response(ParseContext context, JsonObject response, string pointer)
    {
        Content(context, response, pointer, "a response");
        if (response["headers"] is JsonObject headers)
        {
            ForEach(headers, JsonPointer.Append(pointer, "headers"), (header, at) => Content(context, header, at, "a header"));
        }
    }

    /// <summary>An object with a schema and/or content (parameter, request body, response, header).</summary>
    private static void Content(ParseContext context, JsonObject owner, string pointer, string what)
    {
        Keys(context, owner, pointer, Array.Empty<string>(), what);
        if (owner["schema"] is JsonObject schema)
        {
            Schema(context, schema, JsonPointer.Append(pointer, "schema"));
        }

        if (owner["content"] is JsonObject content)
        {
            ForEach(content, JsonPointer.Append(pointer, "content"), (mediaType, at) =>
            {
                Keys(context, mediaType, at, Array.Empty<string>(), "a media type");
                if (mediaType["schema"] is JsonObject mediaSchema)
                {
                    Schema(context, mediaSchema, JsonPointer.Append(at, "schema"));
                }
            });
        }
    }

    private static void Schema(ParseContext context, JsonObject schema, string pointer)
    {
        Keys(context, schema, pointer, Array.Empty<string>(), "a schema");
        foreach (var member in schema)
        {
            var at = JsonPointer.Append(pointer, member.Key);
            if (member.Value is JsonObject single && Array.IndexOf(SubschemaKeywords, member.Key) >= 0)
            {
                Schema(context, single, at);
            }
            else if (member.Value is JsonArray list && Array.IndexOf(SubschemaListKeywords, member.Key) >= 0)
            {
                ForEachItem(list, at, (item, entry) => Schema(context, item, entry));
            }
            else if (member.Value is JsonObject map && Array.IndexOf(SubschemaMapKeywords, member.Key) >= 0)
            {
                // Property names are the API's own names, never extensions: only their schemas are looked into.
                foreach (var entry in map)
                {
                    if (entry.Value is JsonObject subschema)
                    {
                        Schema(context, subschema, JsonPointer.Append(at, entry.Key));
                    }
                }
            }
        }
    }

    /// <summary>The extension keys of one OpenAPI object: each must be one GatewayGen reads there.</summary>
    private static void Keys(ParseContext context, JsonObject owner, string pointer, string[] read, string what, string[]? notYetSupported = null)
    {
        foreach (var member in owner)
        {
            if (IsOurs(member.Key) && !ExtensionNames.Contains(read, member.Key))
            {
                Report(context, JsonPointer.Append(pointer, member.Key), member.Key, notYetSupported ?? Array.Empty<string>(), what);
            }
        }
    }

    /// <summary>Every key of an extension object GatewayGen reads: each must be one of <paramref name="known"/>.</summary>
    private static void Fields(ParseContext context, JsonObject owner, string pointer, string[] known, string what) =>
        IntegrationParser.ReportUnknownKeys(owner, pointer, known, what, context);

    private static void Report(ParseContext context, string pointer, string key, string[] notYetSupported, string what)
    {
        if (ExtensionNames.Contains(notYetSupported, key))
        {
            context.Report(DiagnosticDescriptors.UnsupportedExtension, pointer, key);
        }
        else
        {
            context.Report(DiagnosticDescriptors.UnknownExtensionKey, pointer, key, what);
        }
    }

    /// <summary>The objects of a map (components, paths, properties), skipping the map's own extensions.</summary>
    private static void ForEach(JsonObject map, string pointer, Action<JsonObject, string> visit)
    {
        foreach (var member in map)
        {
            if (member.Value is JsonObject value && !IsExtension(member.Key))
            {
                visit(value, JsonPointer.Append(pointer, member.Key));
            }
        }
    }

    private static void ForEachItem(JsonArray list, string pointer, Action<JsonObject, string> visit)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject value)
            {
                visit(value, JsonPointer.Append(pointer, i));
            }
        }
    }

    private static bool IsExtension(string key) => key.StartsWith("x-", StringComparison.Ordinal);

    public static bool IsOurs(string key) =>
        key.StartsWith(ExtensionNames.AmazonPrefix, StringComparison.Ordinal) || key.StartsWith(ExtensionNames.GatewayGenPrefix, StringComparison.Ordinal);
}
