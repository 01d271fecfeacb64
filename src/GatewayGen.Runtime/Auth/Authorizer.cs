using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// A security scheme the gateway verifies with an authorizer (a JWT authorizer; a C# authorizer), generated
/// once per scheme. <see cref="GatewayAuthorizers"/> runs it; <see cref="GatewayAccess"/> decides what its
/// outcome means for the operation.
/// </summary>
public abstract class Authorizer
{
    private protected Authorizer(string api, string scheme)
    {
        Api = api;
        Scheme = scheme;
    }

    /// <summary>The API whose document declares the scheme.</summary>
    public string Api { get; }

    /// <summary>The security scheme's name, as the document's security requirements name it.</summary>
    public string Scheme { get; }

    internal abstract ValueTask<AuthorizerOutcome> AuthorizeAsync(HttpContext context, AuthorizerRequirement requirement, GatewayAuthorizers services);
}

/// <summary>One scheme of a security requirement: the authorizer and the scopes the operation asks of it (all of them).</summary>
/// <param name="Authorizer">The scheme's authorizer.</param>
/// <param name="Scopes">Scopes the token must carry, every one; empty for none.</param>
public sealed record AuthorizerRequirement(Authorizer Authorizer, params string[] Scopes);

/// <summary>
/// One alternative of an operation's security (OpenAPI's security requirement object): every authorizer in it,
/// then the API key if it names one. Alternatives are tried in order; the first that passes admits the request.
/// </summary>
/// <param name="KeyLocation">Where its API key travels, or None.</param>
/// <param name="KeyName">The header or query parameter of the key.</param>
/// <param name="Authorizers">Its authorizers, all of which must pass.</param>
public sealed record SecurityAlternative(ApiKeyLocation KeyLocation, string? KeyName, params AuthorizerRequirement[] Authorizers)
{
    /// <summary>An alternative that asks only for an API key.</summary>
    public static SecurityAlternative ApiKey(ApiKeyLocation location, string name) => new(location, name, Array.Empty<AuthorizerRequirement>());
}

/// <summary>What an authorizer decided: a principal, or the answer that turns the request away.</summary>
internal readonly struct AuthorizerOutcome
{
    private AuthorizerOutcome(GatewayPrincipal? principal, GatewayResponseType? type, string? message, string? challenge, bool presented)
    {
        Principal = principal;
        FailureType = type;
        Message = message;
        Challenge = challenge;
        Presented = presented;
    }

    public GatewayPrincipal? Principal { get; }

    public GatewayResponseType? FailureType { get; }

    public string? Message { get; }

    /// <summary>The WWW-Authenticate value to send with the failure, if any.</summary>
    public string? Challenge { get; }

    /// <summary>Whether the client presented the credential at all (a failure with one explains more than one without).</summary>
    public bool Presented { get; }

    public bool Passed => Principal is not null;

    public static AuthorizerOutcome Allow(GatewayPrincipal principal) => new(principal, null, null, null, true);

    public static AuthorizerOutcome Fail(GatewayResponseType type, string message, string? challenge, bool presented) => new(null, type, message, challenge, presented);
}
