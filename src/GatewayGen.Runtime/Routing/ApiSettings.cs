using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime;

/// <summary>
/// What one API's document declares for all of its answers (CORS, gateway responses, compression, binary media
/// types), compiled into one object per API. It is attached as metadata to each of the API's endpoints, its 405s
/// and, when the gateway serves one API, the 404; code answering a request finds it with <see cref="Of"/>.
/// </summary>
public sealed class ApiSettings
{
    /// <summary>Creates the settings of API <paramref name="name"/>.</summary>
    public ApiSettings(string name) => Name = name;

    /// <summary>The API's name (its document's file name, as an identifier).</summary>
    public string Name { get; }

    /// <summary>x-amazon-apigateway-gateway-responses: how the gateway's own answers look in this API; null when the document customises none.</summary>
    public GatewayResponses? GatewayResponses { get; init; }

    /// <summary>Its x-amazon-apigateway-cors, when the document or one of its operations declares one.</summary>
    public ApiCors? Cors { get; init; }

    /// <summary>x-amazon-apigateway-minimum-compression-size: which answers are compressed; null compresses none.</summary>
    public CompressionSettings? Compression { get; init; }

    /// <summary>x-amazon-apigateway-binary-media-types: which payloads are binary; null when the document lists none.</summary>
    public BinaryMediaTypes? BinaryMediaTypes { get; init; }

    /// <summary>
    /// The settings of the API answering <paramref name="context"/>: its endpoint's, or, before routing has chosen
    /// one (the edge's answers), the gateway's only API's. Null when neither says, and always on the admin listener:
    /// no API's CORS, responses or compression shape its answers.
    /// </summary>
    public static ApiSettings? Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ApiSettings>()
        ?? (context.Features.Get<AdminListenerRequest>() is null ? context.RequestServices?.GetService<GatewayRuntime>()?.SingleApi : null);

    /// <summary>Marks a request that arrived on the admin listener (set by the edge).</summary>
    internal static void MarkAdminListener(HttpContext context) => context.Features.Set(AdminListenerRequest.Instance);

    private sealed class AdminListenerRequest
    {
        public static readonly AdminListenerRequest Instance = new();
    }
}
