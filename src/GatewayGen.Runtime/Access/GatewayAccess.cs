using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// Admits or turns away a request before its operation runs, in API Gateway's order: resource policy (403),
/// security (authorizers: 401/403; API key: 403), then
/// throttles — usage plan per method, usage plan, operation, stage, account — (429 THROTTLED), then the
/// plan's quota (429 QUOTA_EXCEEDED). A throttled request is not counted against the quota.
/// </summary>
public sealed class GatewayAccess
{
    private readonly GatewayAccessSettings _settings;
    private readonly ApiKeyRegistry _keys;
    private readonly QuotaCounters _quotas;
    private readonly TimeProvider _time;
    private readonly TokenBucket _account;
    private readonly GatewayAuthorizers _authorizers;
    private readonly ConcurrentDictionary<ApiAccess, TokenBucket> _stages = new(ReferenceEqualityComparer.Instance); // one static instance per API
    private readonly ConcurrentDictionary<OperationAccess, TokenBucket> _operations = new();
    private readonly ConcurrentDictionary<(string KeyId, string? Route), TokenBucket> _keyBuckets = new();

    /// <summary>Creates the gateway's admission from its settings, keys, quota counters and clock.</summary>
    public GatewayAccess(GatewayAccessSettings settings, ApiKeyRegistry keys, QuotaCounters quotas, TimeProvider time, GatewayAuthorizers authorizers)
    {
        _authorizers = authorizers;
        _settings = settings;
        _keys = keys;
        _quotas = quotas;
        _time = time;
        _account = new TokenBucket(settings.AccountThrottle, time);
    }

    /// <summary>
    /// True when the request was turned away (the response is written); false when it may go on. Completes
    /// synchronously when the request is admitted without an authorizer.
    /// </summary>
    public ValueTask<bool> RejectAsync(HttpContext context, OperationAccess operation)
    {
        if (operation.Api.Policy is { } policy && !policy.Allows(context, operation.Method))
        {
            return Reject(context, GatewayResponseType.AccessDenied, $"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {policy.ResourceOf(context, operation.Method)}");
        }

        if (operation.RefusedBecause is { } reason)
        {
            // Fail closed: security the gateway cannot check is never served open.
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Reject(context, GatewayResponseType.Unauthorized, $"Unauthorized: this operation is refused because {reason}.");
        }

        if (operation.UsesAuthorizers)
        {
            return AuthorizeThenAdmitAsync(context, operation);
        }

        ApiKeyRecord? key = null;
        UsagePlan? plan = null;
        if (operation.Security.Length > 0)
        {
            AuthorizerOutcome? failure = null;
            foreach (var alternative in operation.Security)
            {
                if (CheckKey(context, alternative, null, ref key, ref plan) is not { } refused)
                {
                    return Admit(context, operation, key, plan);
                }

                failure = Explaining(failure, refused);
            }

            return Fail(context, failure!.Value);
        }

        return Admit(context, operation, key, plan);
    }

    /// <summary>
    /// True when a CORS preflight was turned away (the response is written): the resource policy, checked as the
    /// request it announces (<paramref name="method"/>), and the account throttle, so that what the policy denies or a
    /// flood of preflights gets no 204. Browsers send no credentials on a preflight, so keys and authorizers do not apply.
    /// </summary>
    internal ValueTask<bool> RejectPreflightAsync(HttpContext context, ResourcePolicy? policy, string method)
    {
        if (policy is not null && !policy.Allows(context, method))
        {
            return Reject(context, GatewayResponseType.AccessDenied, $"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {policy.ResourceOf(context, method)}");
        }

        return Rejected(_account, out var retry) ? Throttled(context, retry) : new ValueTask<bool>(false);
    }

    // Alternatives in order, the authorizers of one before its key; the first that passes admits the request and
    // its principal is what mappings and functions see. None passing: the failure that explains most is answered.
    private async ValueTask<bool> AuthorizeThenAdmitAsync(HttpContext context, OperationAccess operation)
    {
        AuthorizerOutcome? failure = null;
        foreach (var alternative in operation.Security)
        {
            GatewayPrincipal? principal = null;
            AuthorizerOutcome? refused = null;
            foreach (var requirement in alternative.Authorizers)
            {
                var outcome = await requirement.Authorizer.AuthorizeAsync(context, requirement, _authorizers);
                if (!outcome.Passed)
                {
                    refused = outcome;
                    break;
                }

                principal = principal is null ? outcome.Principal : GatewayPrincipal.Combine(principal, outcome.Principal!);
            }

            ApiKeyRecord? key = null;
            UsagePlan? plan = null;
            refused ??= CheckKey(context, alternative, principal, ref key, ref plan);
            if (refused is null)
            {
                if (principal is not null)
                {
                    GatewayPrincipal.Set(context, principal);
                    if (principal.Identity is { } identity)
                    {
                        context.User = new System.Security.Claims.ClaimsPrincipal(identity);
                    }
                }

                return await Admit(context, operation, key, plan);
            }

            failure = Explaining(failure, refused.Value);
        }

        return await Fail(context, failure!.Value);
    }

    // The API key of an alternative, when it names one: null when it passes (key and plan set), else why not.
    private AuthorizerOutcome? CheckKey(HttpContext context, SecurityAlternative alternative, GatewayPrincipal? principal, ref ApiKeyRecord? key, ref UsagePlan? plan)
    {
        if (alternative.KeyLocation == ApiKeyLocation.None)
        {
            return null;
        }

        if (OperationAccess.PresentedKey(context, alternative, principal) is not { } presented)
        {
            var where = alternative.KeyLocation switch
            {
                ApiKeyLocation.Query => $"in the '{alternative.KeyName ?? "x-api-key"}' query parameter",
                ApiKeyLocation.Authorizer => "named by its authorizer (usageIdentifierKey)",
                _ => $"in the '{alternative.KeyName ?? "x-api-key"}' header",
            };
            return AuthorizerOutcome.Fail(GatewayResponseType.MissingAuthenticationToken, $"This operation requires an API key {where}.", null, presented: false);
        }

        var found = _keys.Find(ApiKeyHash.Of(presented));
        if (found is not { IsActive: true } || !_settings.Plans.TryGetValue(found.Plan, out var foundPlan))
        {
            return AuthorizerOutcome.Fail(GatewayResponseType.InvalidApiKey, "Forbidden: the API key is not valid.", null, presented: true);
        }

        key = found;
        plan = foundPlan;
        context.Items[ApiKeyIdItem] = found.Id;
        context.Items[UsagePlanItem] = foundPlan;
        return null;
    }

    // A refusal of a credential the client sent says more than one of a credential it did not send.
    private static AuthorizerOutcome Explaining(AuthorizerOutcome? first, AuthorizerOutcome next) =>
        first is not { } earlier || (!earlier.Presented && next.Presented) ? next : earlier;

    private static ValueTask<bool> Fail(HttpContext context, AuthorizerOutcome failure)
    {
        if (failure.Challenge is { } challenge)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return Reject(context, failure.FailureType!, failure.Message!);
    }

    // Throttles (usage plan per method, usage plan, operation, stage, account), then the plan's quota.
    private ValueTask<bool> Admit(HttpContext context, OperationAccess operation, ApiKeyRecord? key, UsagePlan? plan)
    {
        if (plan is not null && plan.MethodThrottles.TryGetValue(operation.Route, out var methodThrottle) &&
            Rejected(Bucket(_keyBuckets, (key!.Id, operation.Route), methodThrottle), out var retry))
        {
            return Throttled(context, retry);
        }

        if (plan?.Throttle is { } planThrottle && Rejected(Bucket(_keyBuckets, (key!.Id, null), planThrottle), out retry))
        {
            return Throttled(context, retry);
        }

        if (operation.Throttle is { } operationThrottle && Rejected(Bucket(_operations, operation, operationThrottle), out retry))
        {
            return Throttled(context, retry);
        }

        if ((operation.Api.StageThrottle is { } stageThrottle && Rejected(Bucket(_stages, operation.Api, stageThrottle), out retry)) || Rejected(_account, out retry))
        {
            return Throttled(context, retry);
        }

        if (plan?.Quota is { } quota && !_quotas.TryConsume(key!.Id, quota, _time.GetUtcNow(), out var periodLeft))
        {
            SetRetryAfter(context, periodLeft);
            return Reject(context, GatewayResponseType.QuotaExceeded, $"Limit Exceeded: the usage plan's quota of {quota.Limit.ToString(CultureInfo.InvariantCulture)} requests per {quota.Period.ToString().ToLowerInvariant()} is used up.");
        }

        return new ValueTask<bool>(false);
    }

    /// <summary>The HttpContext.Items key under which an admitted request's API key id is kept (for logs and metrics).</summary>
    public const string ApiKeyIdItem = "GatewayGen.ApiKeyId";

    /// <summary>The HttpContext.Items key under which an admitted request's usage plan is kept (the response cache asks whether it may invalidate).</summary>
    public const string UsagePlanItem = "GatewayGen.UsagePlan";

    // A bucket per key (and route, or operation), made on first use; static factory so a hit allocates nothing.
    private TokenBucket Bucket<TKey>(ConcurrentDictionary<TKey, TokenBucket> buckets, TKey key, ThrottleSettings throttle)
        where TKey : notnull =>
        buckets.GetOrAdd(key, static (_, state) => new TokenBucket(state.Throttle, state.Time), (Throttle: throttle, Time: _time));

    private static bool Rejected(TokenBucket bucket, out TimeSpan retryAfter)
    {
        using var lease = bucket.AttemptAcquire();
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.Zero;
        return !lease.IsAcquired;
    }

    private static ValueTask<bool> Throttled(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Reject(context, GatewayResponseType.Throttled, "Too Many Requests");
    }

    // Whole seconds, rounded up and at least 1: a client that waits that long finds a token.
    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(Math.Min(retryAfter.TotalSeconds, int.MaxValue))).ToString(CultureInfo.InvariantCulture);

    private static async ValueTask<bool> Reject(HttpContext context, GatewayResponseType type, string message)
    {
        await GatewayErrors.WriteAsync(context, type, message);
        return true;
    }

}
