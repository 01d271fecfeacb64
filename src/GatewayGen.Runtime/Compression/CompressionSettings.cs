using System;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// x-amazon-apigateway-minimum-compression-size: an API's answers of at least <see cref="MinimumSize"/> bytes are
/// compressed for clients that accept it. An API without the key has none of these settings and compresses nothing.
/// </summary>
public sealed class CompressionSettings
{
    /// <summary>The smallest answer compressed, in bytes (API Gateway allows 0 to 10485760).</summary>
    public const int MaximumMinimumSize = 10_485_760;

    /// <summary>Answers of at least <paramref name="minimumSize"/> bytes are compressed.</summary>
    public CompressionSettings(int minimumSize) => MinimumSize = minimumSize;

    /// <summary>The smallest answer compressed, in bytes.</summary>
    public int MinimumSize { get; }

    /// <summary>
    /// Whether an answer may be compressed: it is not encoded already (a backend's compressed answer passes as it is)
    /// nor a range nor server-sent events (each event must reach the client as it is written), and its length is unknown (a streamed answer) or at least <see cref="MinimumSize"/>.
    /// </summary>
    public bool Applies(HttpResponse response)
    {
        var headers = response.Headers;
        if (headers.ContentEncoding.Count > 0 || headers.ContentRange.Count > 0 || IsEventStream(response.ContentType))
        {
            return false;
        }

        return response.ContentLength is not { } length || length >= MinimumSize;
    }

    private static bool IsEventStream(string? contentType) =>
        contentType is not null && contentType.AsSpan().TrimStart().StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
}
