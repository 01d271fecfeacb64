using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>Where an operation's security scheme says the API key travels.</summary>
public enum ApiKeyLocation
{
    /// <summary>The operation needs no key.</summary>
    None,

    /// <summary>In a request header (x-api-key by default).</summary>
    Header,

    /// <summary>In a query parameter.</summary>
    Query,

    /// <summary>Named by the alternative's C# authorizer (usageIdentifierKey; x-amazon-apigateway-api-key-source AUTHORIZER).</summary>
    Authorizer,
}

/// <summary>One API's access rules shared by its operations: the throttle of the stage being served.</summary>
/// <param name="Name">The API's name.</param>
/// <param name="StageThrottle">x-gatewaygen-stages NAME.throttle for the stage this binary serves, if set.</param>
/// <param name="Policy">Its resource policy (x-amazon-apigateway-policy), if it has one.</param>
public sealed record ApiAccess(string Name, ThrottleSettings? StageThrottle, ResourcePolicy? Policy = null);

/// <summary>
/// What one operation asks of a request before it runs: its security (alternatives of authorizers and an API key,
/// OpenAPI's security requirements) and its own throttle (x-gatewaygen-throttle). Generated once per operation.
/// </summary>
public sealed class OperationAccess
{
    /// <summary>Describes an operation's access rules.</summary>
    /// <param name="route">"GET /pets/{petId}": how usage plans' methodThrottle names it.</param>
    /// <param name="security">Its security alternatives, the first that passes admitting the request; empty for none.</param>
    /// <param name="throttle">The operation's own throttle, shared by all callers.</param>
    /// <param name="api">The API it belongs to.</param>
    /// <param name="refusedBecause">Why every request is refused (401), when its security names nothing the gateway verifies.</param>
    public OperationAccess(string route, SecurityAlternative[] security, ThrottleSettings? throttle, ApiAccess api, string? refusedBecause = null)
    {
        RefusedBecause = refusedBecause;
        Api = api;
        Route = route;
        var space = route.IndexOf(' ');
        Method = space > 0 && !route.StartsWith("ANY ", System.StringComparison.Ordinal) ? route.Substring(0, space) : null;
        Security = security;
        Throttle = throttle;
        foreach (var alternative in security)
        {
            UsesAuthorizers |= alternative.Authorizers.Length > 0;
        }
    }

    /// <summary>The API it belongs to.</summary>
    public ApiAccess Api { get; }

    /// <summary>Why every request is refused, or null.</summary>
    public string? RefusedBecause { get; }

    /// <summary>"GET /pets/{petId}".</summary>
    public string Route { get; }

    /// <summary>The declared method ("GET"), or null for an ANY operation.</summary>
    public string? Method { get; }

    /// <summary>The security alternatives; empty when the operation is open.</summary>
    public SecurityAlternative[] Security { get; }

    /// <summary>Whether any alternative runs an authorizer (the admission is then asynchronous).</summary>
    public bool UsesAuthorizers { get; }

    /// <summary>The operation's own throttle.</summary>
    public ThrottleSettings? Throttle { get; }

    /// <summary>The key a request presents for <paramref name="alternative"/>, or null.</summary>
    public static string? PresentedKey(HttpContext context, SecurityAlternative alternative, GatewayPrincipal? principal = null)
    {
        if (alternative.KeyLocation == ApiKeyLocation.Authorizer)
        {
            return principal?.UsageIdentifierKey is { Length: > 0 } fromAuthorizer ? fromAuthorizer : null;
        }

        var name = alternative.KeyName ?? "x-api-key";
        var value = alternative.KeyLocation == ApiKeyLocation.Query ? context.Request.Query[name] : context.Request.Headers[name];
        return value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
    }
}
