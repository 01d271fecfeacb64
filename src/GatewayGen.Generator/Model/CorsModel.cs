namespace GatewayGen.Generator.Model;

/// <summary>
/// x-amazon-apigateway-cors as the runtime needs it: which origins may read the answers, and what a preflight is told.
/// </summary>
/// <param name="AllowOrigins">"*", scheme wildcards ("https://*") and exact origins, as written.</param>
/// <param name="AllowMethods">Upper-case methods, or "*".</param>
/// <param name="AllowHeaders">Request header names a preflight may ask for, or "*".</param>
/// <param name="ExposeHeaders">Response header names scripts may read, or "*".</param>
/// <param name="MaxAgeSeconds">How long a browser may cache a preflight's answer; null leaves it to the browser.</param>
internal sealed record CorsModel(
    EquatableArray<string> AllowOrigins,
    EquatableArray<string> AllowMethods,
    EquatableArray<string> AllowHeaders,
    EquatableArray<string> ExposeHeaders,
    int? MaxAgeSeconds,
    bool AllowCredentials);
