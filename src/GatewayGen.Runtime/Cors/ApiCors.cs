using Microsoft.AspNetCore.Cors.Infrastructure;

namespace GatewayGen.Runtime;

/// <summary>
/// An API's x-amazon-apigateway-cors, as <see cref="ApiSettings.Cors"/>: its presence means the gateway answers the
/// API's CORS preflights itself (<see cref="GatewayCors"/>).
/// </summary>
public sealed class ApiCors
{
    /// <summary>The CORS of an API whose document declares <paramref name="document"/> (null when only operations declare their own).</summary>
    public ApiCors(CorsPolicy? document) => Document = document;

    /// <summary>The document's policy, for every answer of the API whose operation has none of its own; null when it has none.</summary>
    public CorsPolicy? Document { get; }
}
