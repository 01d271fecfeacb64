using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace GatewayGen.Runtime;

/// <summary>
/// What a conversion between OpenAPI versions lost, found by comparing the converted document with its source:
/// an extension (any x- key with its value), an operation, or a security scheme that did not come through
/// (Microsoft.OpenApi writes an http bearer scheme, which Swagger 2.0 cannot express, as an empty object).
/// </summary>
internal static class ConversionCheck
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    public static List<string> Lost(JsonNode? source, JsonNode? converted)
    {
        var lost = new List<string>();
        var kept = new List<(string Key, JsonNode? Value)>();
        Extensions(converted, "", (key, value, _) => kept.Add((key, value)));
        Extensions(source, "", (key, value, pointer) =>
        {
            var match = kept.FindIndex(k => k.Key == key && JsonNode.DeepEquals(k.Value, value));
            if (match < 0)
            {
                lost.Add(pointer);
            }
            else
            {
                kept.RemoveAt(match);
            }
        });

        var operations = Operations(converted);
        lost.AddRange(Operations(source).Where(operation => !operations.Contains(operation)));
        var schemes = Schemes(converted);
        lost.AddRange(Schemes(source).Where(scheme => !schemes.Contains(scheme)).Select(scheme => "security scheme " + scheme));
        return lost;
    }

    private static void Extensions(JsonNode? node, string pointer, Action<string, JsonNode?, string> found)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var (key, value) in fields)
                {
                    var at = pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    if (key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        found(key, value, at);
                    }
                    else
                    {
                        Extensions(value, at, found);
                    }
                }

                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Extensions(items[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), found);
                }

                break;
        }
    }

    private static HashSet<string> Operations(JsonNode? document)
    {
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document?["paths"] as JsonObject ?? new JsonObject())
        {
            foreach (var method in Methods.Where(m => item is JsonObject fields && fields[m] is JsonObject))
            {
                operations.Add(method.ToUpperInvariant() + " " + path);
            }
        }

        return operations;
    }

    // Security schemes that say what they are (a type); an empty one was lost.
    private static HashSet<string> Schemes(JsonNode? document)
    {
        var schemes = document?["components"]?["securitySchemes"] as JsonObject ?? document?["securityDefinitions"] as JsonObject;
        return schemes?.Where(scheme => scheme.Value?["type"] is not null).Select(scheme => scheme.Key).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
    }
}
