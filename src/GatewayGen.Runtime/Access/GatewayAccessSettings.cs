using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>The gateway-wide access rules the generator found: usage plans and the account's throttle.</summary>
/// <param name="Plans">Every usage plan, by name.</param>
/// <param name="AccountThrottle">The throttle over all requests (API Gateway's account default unless set).</param>
/// <param name="UsesApiKeys">Whether any operation requires a key, so the store is opened and watched.</param>
public sealed record GatewayAccessSettings(IReadOnlyDictionary<string, UsagePlan> Plans, ThrottleSettings AccountThrottle, bool UsesApiKeys)
{
    /// <summary>Every authorizer the gateway's operations use, checked at start-up.</summary>
    public IReadOnlyList<Authorizer> Authorizers { get; init; } = System.Array.Empty<Authorizer>();

    /// <summary>No plans, no keys, the account default.</summary>
    public static readonly GatewayAccessSettings Default = new(new Dictionary<string, UsagePlan>(), ThrottleSettings.AccountDefault, false);
}
