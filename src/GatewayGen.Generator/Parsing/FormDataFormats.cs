using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Holds back the collectionFormat of Swagger 2.0 "in: formData" parameters while Microsoft.OpenApi reads a document:
/// it throws on tsv (OpenAPI 3 has no such style) and on values it does not know, and the request body it makes of
/// formData parameters keeps no collectionFormat anyway. RequestBodyParser reads those parameters from the JSON itself,
/// after the keys are back; disposing puts them back.
/// </summary>
internal sealed class FormDataFormats : IDisposable
{
    private readonly List<(JsonObject Owner, JsonNode? Value)> _heldBack = new();

    private FormDataFormats()
    {
    }

    /// <summary>Holds back the keys in <paramref name="node"/>: a whole Swagger 2.0 document, or one operation object.</summary>
    public static FormDataFormats HoldBack(JsonNode? node, bool isOperation)
    {
        var held = new FormDataFormats();
        if (node is not JsonObject root)
        {
            return held;
        }

        if (isOperation)
        {
            held.FromList(root["parameters"]);
            return held;
        }

        if (root["swagger"] is null)
        {
            return held;
        }

        if (root["parameters"] is JsonObject shared)
        {
            foreach (var member in shared)
            {
                held.FromParameter(member.Value);
            }
        }

        if (root["paths"] is JsonObject paths)
        {
            foreach (var path in paths)
            {
                if (path.Value is not JsonObject item)
                {
                    continue;
                }

                held.FromList(item["parameters"]);
                foreach (var member in item)
                {
                    if (member.Value is JsonObject operation && member.Key != "parameters")
                    {
                        held.FromList(operation["parameters"]);
                    }
                }
            }
        }

        return held;
    }

    public void Dispose()
    {
        foreach (var (owner, value) in _heldBack)
        {
            if (!owner.ContainsKey("collectionFormat"))
            {
                owner["collectionFormat"] = value;
            }
        }

        _heldBack.Clear();
    }

    private void FromList(JsonNode? list)
    {
        if (list is JsonArray parameters)
        {
            foreach (var parameter in parameters)
            {
                FromParameter(parameter);
            }
        }
    }

    private void FromParameter(JsonNode? node)
    {
        if (node is not JsonObject parameter || JsonNodes.GetString(parameter["in"]) != "formData")
        {
            return;
        }

        // The parameter's own collectionFormat and those of its items (arrays of arrays), however deep.
        JsonObject? owner = parameter;
        for (var depth = 0; owner is not null && depth < SchemaCompiler.MaxDepth; depth++)
        {
            if (owner.TryGetPropertyValue("collectionFormat", out var value))
            {
                owner.Remove("collectionFormat");
                _heldBack.Add((owner, value));
            }

            owner = owner["items"] as JsonObject;
        }
    }
}
