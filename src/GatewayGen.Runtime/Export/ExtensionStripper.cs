using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace GatewayGen.Runtime;

/// <summary>
/// extensions=none: removes the gateway's vendor extensions (x-amazon-apigateway-*, x-gatewaygen-*) wherever the
/// document has OpenAPI or JSON Schema objects, and nowhere else: a schema property, a component or a security scheme
/// whose name starts so is the user's name, and example values, enums, defaults and other extensions are data.
/// </summary>
internal static class ExtensionStripper
{
    // Fields whose value is a map from the user's names to objects (the names are not extensions, the objects may have some).
    private static readonly HashSet<string> NamedMaps = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "schemas", "parameters", "responses",
        "requestBodies", "headers", "securitySchemes", "securityDefinitions", "examples", "links", "callbacks", "pathItems",
        "webhooks", "encoding", "content", "variables",
    };

    // Fields whose value is data, never OpenAPI objects.
    private static readonly HashSet<string> Data = new(StringComparer.Ordinal)
    {
        "example", "enum", "default", "const", "value", "scopes", "mapping", "required", "security",
    };

    public static bool IsGatewayExtension(string key) =>
        key.StartsWith("x-amazon-apigateway-", StringComparison.OrdinalIgnoreCase) || key.StartsWith("x-gatewaygen-", StringComparison.OrdinalIgnoreCase);

    public static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray items:
                foreach (var item in items)
                {
                    Strip(item);
                }

                break;
            case JsonObject fields:
                foreach (var key in fields.Select(field => field.Key).Where(IsGatewayExtension).ToList())
                {
                    fields.Remove(key);
                }

                foreach (var (key, value) in fields)
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal) || Data.Contains(key))
                    {
                        continue;
                    }

                    if (NamedMaps.Contains(key) && value is JsonObject named)
                    {
                        // The map's keys are names, never stripped; its values are objects again.
                        foreach (var entry in named)
                        {
                            Strip(entry.Value);
                        }
                    }
                    else
                    {
                        Strip(value);
                    }
                }

                break;
        }
    }
}
