using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// Who an authorizer says the caller is: the principal id, a JWT's claims or a C# authorizer's context map. Set on
/// the request once its security passes; mappings read it as context.authorizer.*, functions as their request's
/// Principal.
/// </summary>
public sealed class GatewayPrincipal
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Describes an authorized caller.</summary>
    /// <param name="scheme">The security scheme that authorized it.</param>
    /// <param name="principalId">The principal id: a JWT's sub, or what a C# authorizer returned.</param>
    /// <param name="claims">A JWT's claims (an array claim's values joined by ","); empty otherwise.</param>
    /// <param name="context">A C# authorizer's context map; empty otherwise.</param>
    /// <param name="scopes">The scopes the token carries (scope or scp).</param>
    public GatewayPrincipal(string scheme, string principalId, IReadOnlyDictionary<string, string>? claims = null, IReadOnlyDictionary<string, string>? context = null, IReadOnlyList<string>? scopes = null)
    {
        Scheme = scheme;
        PrincipalId = principalId;
        Claims = claims ?? None;
        Context = context ?? None;
        Scopes = scopes ?? Array.Empty<string>();
    }

    /// <summary>The security scheme that authorized the caller.</summary>
    public string Scheme { get; }

    /// <summary>The principal id (context.authorizer.principalId).</summary>
    public string PrincipalId { get; }

    /// <summary>A JWT's claims (context.authorizer.claims.NAME).</summary>
    public IReadOnlyDictionary<string, string> Claims { get; }

    /// <summary>A C# authorizer's context (context.authorizer.KEY).</summary>
    public IReadOnlyDictionary<string, string> Context { get; }

    /// <summary>The API key a C# authorizer named (usageIdentifierKey), for x-amazon-apigateway-api-key-source AUTHORIZER.</summary>
    public string? UsageIdentifierKey { get; init; }

    /// <summary>A JWT's claims as an identity, for HttpContext.User.</summary>
    internal System.Security.Claims.ClaimsIdentity? Identity { get; init; }

    /// <summary>
    /// One principal for an alternative of several authorizers: the first one's id, claims and scopes, every
    /// context key (the first authorizer's value winning) and the first usageIdentifierKey given.
    /// </summary>
    internal static GatewayPrincipal Combine(GatewayPrincipal first, GatewayPrincipal next)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in next.Context)
        {
            context[pair.Key] = pair.Value;
        }

        foreach (var pair in first.Context)
        {
            context[pair.Key] = pair.Value;
        }

        return new GatewayPrincipal(first.Scheme, first.PrincipalId, first.Claims, context, first.Scopes)
        {
            Identity = first.Identity ?? next.Identity,
            UsageIdentifierKey = first.UsageIdentifierKey ?? next.UsageIdentifierKey,
        };
    }

    /// <summary>The token's scopes.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The principal of an admitted request, or null when its operation needs no authorizer.</summary>
    public static GatewayPrincipal? Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as GatewayPrincipal : null;

    internal static void Set(HttpContext context, GatewayPrincipal principal) => context.Items[ItemKey] = principal;

    /// <summary>
    /// context.authorizer.NAME for a mapping: "principalId", "claims.X", or a key of the C# authorizer's context;
    /// null when the request has no principal or no such value.
    /// </summary>
    public static string? Value(HttpContext context, string name)
    {
        if (Of(context) is not { } principal)
        {
            return null;
        }

        if (name == "principalId")
        {
            return principal.PrincipalId;
        }

        if (name.StartsWith("claims.", StringComparison.Ordinal))
        {
            return principal.Claims.TryGetValue(name.Substring("claims.".Length), out var claim) ? claim : null;
        }

        return principal.Context.TryGetValue(name, out var value) ? value : null;
    }

    private const string ItemKey = "GatewayGen.Principal";
}
