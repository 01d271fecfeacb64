using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// A C# authorizer: x-amazon-apigateway-authorizer of type token or request whose authorizerUri names a Lambda
/// function, run in process as the partial method the user implements. As API Gateway: a missing identity source
/// is 401 without a call, a token not matching identityValidationExpression is 401 without a call, Deny is 403,
/// and Allow/Deny are cached per identity-source values and method ARN for the TTL.
/// </summary>
public sealed class FunctionAuthorizer : Authorizer
{
    // An attacker sending fresh tokens fills the cache; past this many entries it starts over.
    private const int MaxCachedResults = 10_000;

    private readonly string[] _identitySources;
    private readonly Regex? _validation;
    private readonly TimeSpan _ttl;
    private readonly Func<HttpContext, string?, string, ValueTask<AuthorizerResult>> _function;
    private readonly ConcurrentDictionary<string, (AuthorizerResult Result, long At)> _cache = new(StringComparer.Ordinal);

    /// <summary>Describes a C# authorizer.</summary>
    /// <param name="api">The API whose document declares it.</param>
    /// <param name="scheme">The security scheme's name.</param>
    /// <param name="isTokenType">Type token (one header, its value the Token) rather than request.</param>
    /// <param name="identitySources">Where identity comes from: "header.NAME" or "query.NAME"; all must be present.</param>
    /// <param name="validationExpression">identityValidationExpression: the token must match it, whole.</param>
    /// <param name="ttlSeconds">authorizerResultTtlInSeconds: how long a result is reused (0: never).</param>
    /// <param name="function">Calls the user's method with its typed request (context, token, method ARN).</param>
    public FunctionAuthorizer(string api, string scheme, bool isTokenType, string[] identitySources, string? validationExpression, int ttlSeconds, Func<HttpContext, string?, string, ValueTask<AuthorizerResult>> function)
        : base(api, scheme)
    {
        IsTokenType = isTokenType;
        _identitySources = identitySources;
        _validation = validationExpression is null ? null : new Regex(@"\A(?:" + validationExpression + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        _ttl = TimeSpan.FromSeconds(ttlSeconds);
        _function = function;
    }

    /// <summary>Type token rather than request.</summary>
    public bool IsTokenType { get; }

    internal override async ValueTask<AuthorizerOutcome> AuthorizeAsync(HttpContext context, AuthorizerRequirement requirement, GatewayAuthorizers services)
    {
        var values = new string[_identitySources.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var source = _identitySources[i];
            var sent = source.StartsWith("query.", StringComparison.Ordinal)
                ? RequestValues.QueryValues(context, source.Substring("query.".Length))
                : context.Request.Headers[source.Substring("header.".Length)];
            // Absent or empty: 401 without a call. Sent twice: which one the authorizer saw would be ambiguous.
            if (sent.Count != 1 || string.IsNullOrEmpty(sent[0]))
            {
                return AuthorizerOutcome.Fail(GatewayResponseType.Unauthorized, "Unauthorized", Challenge, presented: sent.Count > 1);
            }

            values[i] = sent[0]!;
        }

        var token = IsTokenType ? values[0] : null;
        if (token is not null && _validation is not null && !Matches(token))
        {
            return AuthorizerOutcome.Fail(GatewayResponseType.Unauthorized, "Unauthorized", Challenge, presented: true);
        }

        // A result is reused only for the same identity and the same method ARN (method and path): an Allow is not a
        // policy the gateway can check against another resource, so it never carries over to one. Values are
        // length-prefixed, so no two different sets of values make one key.
        var methodArn = services.MethodArn(Api, context);
        string? cacheKey = null;
        if (_ttl > TimeSpan.Zero && values.Length > 0)
        {
            var key = new System.Text.StringBuilder(methodArn.Length + 64);
            foreach (var part in values)
            {
                key.Append(part.Length).Append(':').Append(part);
            }

            cacheKey = key.Append(methodArn.Length).Append(':').Append(methodArn).ToString();
        }

        AuthorizerResult? result = null;
        var time = services.Time;
        if (cacheKey is not null && _cache.TryGetValue(cacheKey, out var cached) && time.GetElapsedTime(cached.At) < _ttl)
        {
            result = cached.Result;
        }

        if (result is null)
        {
            try
            {
                result = await _function(context, token, methodArn);
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                services.Logger.LogError(exception, "The authorizer {Scheme} of API {Api} failed", Scheme, Api);
                return AuthorizerOutcome.Fail(GatewayResponseType.AuthorizerFailure, $"The authorizer '{Scheme}' failed.", null, presented: true);
            }

            if (result is null)
            {
                return AuthorizerOutcome.Fail(GatewayResponseType.AuthorizerFailure, $"The authorizer '{Scheme}' returned no result.", null, presented: true);
            }

            if (cacheKey is not null && result.Effect != AuthorizerEffect.Unauthorized)
            {
                if (_cache.Count >= MaxCachedResults)
                {
                    _cache.Clear();
                }

                _cache[cacheKey] = (result, time.GetTimestamp());
            }
        }

        return result.Effect switch
        {
            AuthorizerEffect.Allow => AuthorizerOutcome.Allow(new GatewayPrincipal(Scheme, result.PrincipalId, context: result.Context) { UsageIdentifierKey = result.UsageIdentifierKey }),
            AuthorizerEffect.Deny => AuthorizerOutcome.Fail(GatewayResponseType.AccessDenied, "User is not authorized to access this resource", null, presented: true),
            _ => AuthorizerOutcome.Fail(GatewayResponseType.Unauthorized, "Unauthorized", Challenge, presented: true),
        };
    }

    // A 401 names a scheme to authenticate with (RFC 9110 requires one); the token travels as a bearer credential.
    private const string Challenge = "Bearer";

    // A pattern that takes too long on some token refuses that token, never admits it.
    private bool Matches(string token)
    {
        try
        {
            return _validation!.IsMatch(token);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
