using Microsoft.AspNetCore.Cors.Infrastructure;

namespace GatewayGen.Runtime;

/// <summary>
/// An API's x-amazon-apigateway-cors, as <see cref="ApiSettings.Cors"/>: its presence means the gateway answers the
/// API's CORS preflights itself (<see cref="GatewayCors"/>).
/// </summary>
public sealed class ApiCors
{
    /// <summary>The CORS of an API whose document declares <paramref name="document"/> (null when only operations declare their own).</summary>
    /// <param name="document">The document's policy, or null.</param>
    /// <param name="resourcePolicy">The API's x-amazon-apigateway-policy, which admits preflights too; null when it has none.</param>
    public ApiCors(CorsPolicy? document, ResourcePolicy? resourcePolicy = null)
    {
        Document = document;
        ResourcePolicy = resourcePolicy;
    }

    /// <summary>The document's policy, for every answer of the API whose operation has none of its own; null when it has none.</summary>
    public CorsPolicy? Document { get; }

    /// <summary>The API's resource policy: a preflight is admitted as the request it announces would be.</summary>
    public ResourcePolicy? ResourcePolicy { get; }
}
