using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>What a C# authorizer decides: Allow (with a principal and context), Deny (403), or Unauthorized (401).</summary>
public sealed class AuthorizerResult
{
    private static readonly IReadOnlyDictionary<string, string> NoContext = new Dictionary<string, string>(StringComparer.Ordinal);
    private static readonly AuthorizerResult UnauthorizedResult = new(AuthorizerEffect.Unauthorized, "", NoContext, null);

    private AuthorizerResult(AuthorizerEffect effect, string principalId, IReadOnlyDictionary<string, string> context, string? usageIdentifierKey)
    {
        Effect = effect;
        PrincipalId = principalId;
        Context = context;
        UsageIdentifierKey = usageIdentifierKey;
    }

    /// <summary>Allow, Deny or Unauthorized.</summary>
    public AuthorizerEffect Effect { get; }

    /// <summary>Who the caller is (context.authorizer.principalId).</summary>
    public string PrincipalId { get; }

    /// <summary>Values for mappings (context.authorizer.KEY) and functions.</summary>
    public IReadOnlyDictionary<string, string> Context { get; }

    /// <summary>With x-amazon-apigateway-api-key-source AUTHORIZER: the API key whose usage plan applies.</summary>
    public string? UsageIdentifierKey { get; }

    /// <summary>The caller may go on.</summary>
    /// <param name="principalId">Who the caller is.</param>
    /// <param name="context">Values mappings can read as context.authorizer.KEY.</param>
    /// <param name="usageIdentifierKey">The API key whose usage plan applies (api-key-source AUTHORIZER).</param>
    public static AuthorizerResult Allow(string principalId, IReadOnlyDictionary<string, string>? context = null, string? usageIdentifierKey = null) =>
        new(AuthorizerEffect.Allow, principalId ?? throw new ArgumentNullException(nameof(principalId)), context is null ? NoContext : new Dictionary<string, string>(context, StringComparer.Ordinal), usageIdentifierKey);

    /// <summary>The caller is known and may not go on: 403 ACCESS_DENIED.</summary>
    public static AuthorizerResult Deny(string principalId) =>
        new(AuthorizerEffect.Deny, principalId ?? throw new ArgumentNullException(nameof(principalId)), NoContext, null);

    /// <summary>The credentials are not valid: 401 UNAUTHORIZED (not cached).</summary>
    public static AuthorizerResult Unauthorized() => UnauthorizedResult;
}

/// <summary>A C# authorizer's decision.</summary>
public enum AuthorizerEffect
{
    /// <summary>The request goes on.</summary>
    Allow,

    /// <summary>403 ACCESS_DENIED.</summary>
    Deny,

    /// <summary>401 UNAUTHORIZED.</summary>
    Unauthorized,
}
