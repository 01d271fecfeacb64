using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GatewayGen.Runtime;

/// <summary>
/// A JWT authorizer (http bearer, oauth2 or openIdConnect with x-gatewaygen-jwt, or x-amazon-apigateway-authorizer
/// of type jwt), checked as API Gateway's JWT authorizer does: the signature by a key of the issuer's JWKS named by
/// the token's kid (RS/ES/PS algorithms only), iss, aud (or client_id when aud is absent), exp and nbf with a clock
/// skew, then the operation's scopes. Signature and lifetime checks are IdentityModel's.
/// </summary>
public sealed class JwtAuthorizer : Authorizer
{
    /// <summary>The algorithms a token may be signed with: asymmetric only, so a public key can never act as an HMAC secret.</summary>
    public static readonly IReadOnlyList<string> Algorithms = new[] { "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512" };

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Describes a JWT authorizer as the document declares it; configuration may replace where its keys come from.</summary>
    /// <param name="api">The API whose document declares it.</param>
    /// <param name="scheme">The security scheme's name.</param>
    /// <param name="issuer">The token issuer (iss); null when the discovery document gives it (openIdConnect).</param>
    /// <param name="audiences">Accepted audiences (aud, or client_id when aud is absent); at least one.</param>
    /// <param name="discoveryUrl">The OpenID Connect discovery document (openIdConnectUrl, or ISSUER/.well-known/openid-configuration).</param>
    /// <param name="jwksUri">The JWKS, when the document names it directly (no discovery).</param>
    /// <param name="identityHeader">The header that carries the token (Authorization unless identitySource says otherwise).</param>
    public JwtAuthorizer(string api, string scheme, string? issuer, string[] audiences, string? discoveryUrl, string? jwksUri, string identityHeader)
        : base(api, scheme)
    {
        Issuer = issuer;
        Audiences = audiences;
        DiscoveryUrl = discoveryUrl;
        JwksUri = jwksUri;
        IdentityHeader = identityHeader;
    }

    /// <summary>The issuer the document names, if any.</summary>
    public string? Issuer { get; }

    /// <summary>The accepted audiences.</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>The discovery document's URL, if any.</summary>
    public string? DiscoveryUrl { get; }

    /// <summary>The JWKS URL the document names, if any.</summary>
    public string? JwksUri { get; }

    /// <summary>The header that carries the token.</summary>
    public string IdentityHeader { get; }

    internal override async ValueTask<AuthorizerOutcome> AuthorizeAsync(HttpContext context, AuthorizerRequirement requirement, GatewayAuthorizers services)
    {
        if (!services.KeysOf(this, out var keys, out var problem))
        {
            return AuthorizerOutcome.Fail(GatewayResponseType.AuthorizerConfigurationError, $"The authorizer '{Scheme}' is not configured: {problem}", null, presented: false);
        }

        var values = context.Request.Headers[IdentityHeader];
        var token = values.Count == 1 ? TokenOf(values[0]) : null;
        if (values.Count > 1)
        {
            return Invalid($"the request carries more than one {IdentityHeader} header", presented: true);
        }

        if (string.IsNullOrEmpty(token))
        {
            return AuthorizerOutcome.Fail(GatewayResponseType.Unauthorized, $"Unauthorized: this operation requires a bearer token in the {IdentityHeader} header.", "Bearer", presented: false);
        }

        // Exactly three parts: a JWS. Encrypted tokens (five parts) and anything else are refused before parsing.
        if (token.Count(c => c == '.') != 2)
        {
            return Invalid("the token is not a signed JWT", presented: true);
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Invalid("the token is not a well-formed JWT", presented: true);
        }

        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return Invalid($"the token's algorithm is not accepted (use one of {string.Join(", ", Algorithms)})", presented: true);
        }

        // RFC 7515 4.1.11: a token whose crit names extensions the recipient does not understand must be refused; none are understood.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return Invalid("the token has critical header parameters (crit) this gateway does not understand", presented: true);
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return Invalid("the token names no signing key (kid)", presented: true);
        }

        var snapshot = await keys.ForKeyAsync(jwt.Kid, context.RequestAborted);
        if (snapshot is null)
        {
            return AuthorizerOutcome.Fail(GatewayResponseType.AuthorizerFailure, $"The signing keys of authorizer '{Scheme}' could not be fetched.", null, presented: true);
        }

        if (!snapshot.Parameters.TryGetValue(jwt.Kid, out var parameters))
        {
            return Invalid("the token's signing key (kid) is not one of the issuer's keys", presented: true);
        }

        var result = await Handler.ValidateTokenAsync(jwt, parameters);
        if (!result.IsValid)
        {
            return Invalid(Describe(result.Exception), presented: true);
        }

        var audiences = jwt.Audiences.ToList();
        var audienceMatches = audiences.Count > 0
            ? audiences.Any(a => Audiences.Contains(a, StringComparer.Ordinal))
            : jwt.TryGetPayloadValue<string>("client_id", out var clientId) && Audiences.Contains(clientId, StringComparer.Ordinal);
        if (!audienceMatches)
        {
            return Invalid(audiences.Count > 0 ? "the token's audience (aud) is not accepted" : "the token has no audience (aud) and its client_id is not accepted", presented: true);
        }

        var scopes = Scopes(jwt);
        foreach (var scope in requirement.Scopes)
        {
            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                return AuthorizerOutcome.Fail(
                    GatewayResponseType.AccessDenied,
                    $"Forbidden: the token lacks the scope '{scope}' this operation requires.",
                    $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(" ", requirement.Scopes)}\"",
                    presented: true);
            }
        }

        // HttpContext.User is set only once the whole alternative passes (GatewayAccess), never from one that fails.
        return AuthorizerOutcome.Allow(new GatewayPrincipal(Scheme, jwt.Subject ?? "", Claims(jwt), scopes: scopes) { Identity = result.ClaimsIdentity });
    }

    // API Gateway accepts the bare token and "Bearer <token>".
    private static string? TokenOf(string? value)
    {
        var text = value?.Trim();
        if (text is not null && text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring("Bearer ".Length).Trim();
        }

        return text;
    }

    private static AuthorizerOutcome Invalid(string why, bool presented) =>
        AuthorizerOutcome.Fail(GatewayResponseType.Unauthorized, $"Unauthorized: {why}.", $"Bearer error=\"invalid_token\", error_description=\"{why}\"", presented);

    // What the client is told: the check that failed, never IdentityModel's message (it may echo the token).
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "the token's lifetime (exp, nbf) is invalid",
        SecurityTokenInvalidIssuerException => "the token's issuer (iss) is not accepted",
        SecurityTokenInvalidAlgorithmException => "the token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "the token's signing key (kid) is not one of the issuer's keys",
        SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        SecurityTokenMalformedException => "the token is not a well-formed JWT",
        _ => "the token is not valid",
    };

    // scope (space-separated, RFC 8693) or scp (an array, or a space-separated string as some providers send).
    private static List<string> Scopes(JsonWebToken jwt)
    {
        var scopes = new List<string>();
        foreach (var claim in jwt.Claims)
        {
            if (claim.Type is "scope" or "scp")
            {
                scopes.AddRange(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return scopes;
    }

    private static Dictionary<string, string> Claims(JsonWebToken jwt)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims)
        {
            claims[claim.Type] = claims.TryGetValue(claim.Type, out var earlier) ? earlier + "," + claim.Value : claim.Value;
        }

        return claims;
    }
}
