using System;
using System.Globalization;
using Microsoft.OpenApi;

namespace GatewayGen.Generator.Parsing;

/// <summary>The parser's view of one operation while its integration is read: names for messages, and its responses' examples.</summary>
internal sealed class OperationSource
{
    private readonly OpenApiOperation? _operation;

    public OperationSource(string method, string path, OpenApiOperation? operation)
    {
        Method = method;
        Path = path;
        _operation = operation;
    }

    /// <summary>Upper case, or "ANY".</summary>
    public string Method { get; }

    public string Path { get; }

    public string DisplayName => Method + " " + Path;

    /// <summary>The lowest 2xx status the operation documents.</summary>
    public int? FirstSuccessStatus
    {
        get
        {
            int? best = null;
            foreach (var response in _operation?.Responses ?? new OpenApiResponses())
            {
                if (int.TryParse(response.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 200 and < 300 && (best is null || status < best))
                {
                    best = status;
                }
            }

            return best;
        }
    }

    /// <summary>The example the operation documents for a status: a media type's example, its first named example, or its schema's example.</summary>
    public (string Body, string ContentType)? ExampleFor(int statusCode)
    {
        var responses = _operation?.Responses;
        if (responses is null ||
            (!responses.TryGetValue(statusCode.ToString(CultureInfo.InvariantCulture), out var response) &&
             !responses.TryGetValue(statusCode / 100 + "XX", out response) &&
             !responses.TryGetValue("default", out response)) ||
            response?.Content is null)
        {
            return null;
        }

        foreach (var media in response.Content)
        {
            var example = media.Value.Example;
            if (example is null && media.Value.Examples is { Count: > 0 } examples)
            {
                foreach (var named in examples)
                {
                    example = named.Value.Value;
                    break;
                }
            }

            example ??= SchemaExample(media.Value.Schema);
            if (example is null)
            {
                continue;
            }

            var isJson = media.Key.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
            var text = !isJson && JsonNodes.GetString(example) is { } plain ? plain : JsonNodes.ToJson(example);
            return (text, media.Key);
        }

        return null;
    }

    private static System.Text.Json.Nodes.JsonNode? SchemaExample(IOpenApiSchema? schema)
    {
        if (schema?.Examples is { Count: > 0 } examples)
        {
            return examples[0];
        }

#pragma warning disable CS0618 // OpenAPI 3.0 documents carry a single schema 'example', which Microsoft.OpenApi keeps here
        return schema?.Example;
#pragma warning restore CS0618
    }
}
