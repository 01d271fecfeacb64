using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatewayGen.Runtime;

/// <summary>
/// Routing maps operations on ASP.NET Core endpoint routing (its DFA matcher does the per-request work):
/// one endpoint per operation, a 405 endpoint per path that lists what the path allows, and a 404 for
/// everything else. Orders keep them apart: operations 0, 405s 1, the 404 last.
/// </summary>
public static class GatewayEndpoints
{
    private const int MethodNotAllowedOrder = 1;

    /// <summary>Maps one operation. A null <paramref name="methods"/> accepts every method (x-amazon-apigateway-any-method); a path's specific methods still win over it.</summary>
    public static IEndpointConventionBuilder MapOperation(IEndpointRouteBuilder endpoints, string template, string[]? methods, RequestDelegate handler, string displayName)
    {
        var builder = methods is null ? endpoints.Map(template, handler) : endpoints.MapMethods(template, methods, handler);
        return builder.WithDisplayName(displayName);
    }

    /// <summary>Maps the 405 answer for a path: every method the path does not offer, with <c>Allow</c>.</summary>
    public static IEndpointConventionBuilder MapMethodNotAllowed(IEndpointRouteBuilder endpoints, string template, string allow) =>
        endpoints.Map(template, context => GatewayErrors.MethodNotAllowedAsync(context, allow))
            .WithOrder(MethodNotAllowedOrder)
            .WithDisplayName("405 " + template);

    /// <summary>Maps the 404 answer for every path no operation has.</summary>
    public static IEndpointConventionBuilder MapNotFound(IEndpointRouteBuilder endpoints) =>
        endpoints.Map("/{**path}", GatewayErrors.NotFoundAsync)
            .WithOrder(int.MaxValue)
            .WithDisplayName("404");
}
