namespace GatewayGen.Runtime;

/// <summary>
/// A kind of response the gateway itself produces, named as API Gateway names its gateway response types,
/// with the status it answers by default.
/// </summary>
public sealed class GatewayResponseType
{
    private static readonly System.Collections.Generic.List<GatewayResponseType> Types = new();

    private GatewayResponseType(string name, int defaultStatusCode)
    {
        Name = name;
        DefaultStatusCode = defaultStatusCode;
        Index = Types.Count;
        Types.Add(this);
    }

    /// <summary>All 21 of API Gateway's response types, whether the gateway produces them or not.</summary>
    public static System.Collections.Generic.IReadOnlyList<GatewayResponseType> All => Types;

    /// <summary>The position in <see cref="All"/>: a cheap key for per-API lookups.</summary>
    internal int Index { get; }

    /// <summary>True for the types that fall back to DEFAULT_5XX (their default status is 5xx); the others fall back to DEFAULT_4XX.</summary>
    internal bool IsServerError => DefaultStatusCode >= 500;

    /// <summary>The API Gateway name, e.g. BAD_REQUEST_PARAMETERS.</summary>
    public string Name { get; }

    /// <summary>The HTTP status sent unless the API overrides it.</summary>
    public int DefaultStatusCode { get; }

    /// <summary>A path, query, header or cookie parameter is missing or does not parse.</summary>
    public static readonly GatewayResponseType BadRequestParameters = new("BAD_REQUEST_PARAMETERS", 400);

    /// <summary>The body is not valid JSON, does not match its schema, or is required and absent.</summary>
    public static readonly GatewayResponseType BadRequestBody = new("BAD_REQUEST_BODY", 400);

    /// <summary>The body's Content-Type is not one the operation accepts.</summary>
    public static readonly GatewayResponseType UnsupportedMediaType = new("UNSUPPORTED_MEDIA_TYPE", 415);

    /// <summary>The operation requires an API key and the request carries none.</summary>
    public static readonly GatewayResponseType MissingAuthenticationToken = new("MISSING_AUTHENTICATION_TOKEN", 403);

    /// <summary>The API key is unknown, revoked, or bound to a usage plan this gateway does not have.</summary>
    public static readonly GatewayResponseType InvalidApiKey = new("INVALID_API_KEY", 403);

    /// <summary>A throttle's token bucket is empty: usage plan, operation, stage or account.</summary>
    public static readonly GatewayResponseType Throttled = new("THROTTLED", 429);

    /// <summary>The request lacks credentials the operation needs, or the gateway cannot verify them (401).</summary>
    public static readonly GatewayResponseType Unauthorized = new("UNAUTHORIZED", 401);

    /// <summary>
    /// The request is refused: a resource policy denies it, mutual TLS is on and it came without an accepted client
    /// certificate, a C# authorizer said Deny, or its token lacks a scope the operation requires.
    /// </summary>
    public static readonly GatewayResponseType AccessDenied = new("ACCESS_DENIED", 403);

    /// <summary>The key's usage plan quota for the current period is used up.</summary>
    public static readonly GatewayResponseType QuotaExceeded = new("QUOTA_EXCEEDED", 429);

    /// <summary>The request is over one of the gateway's limits: its body (413), URL (414) or headers (431).</summary>
    public static readonly GatewayResponseType RequestTooLarge = new("REQUEST_TOO_LARGE", 413);

    /// <summary>No operation has this path.</summary>
    public static readonly GatewayResponseType ResourceNotFound = new("RESOURCE_NOT_FOUND", 404);

    /// <summary>Any other client error, such as a method the path does not offer (405).</summary>
    public static readonly GatewayResponseType Default4xx = new("DEFAULT_4XX", 400);

    /// <summary>The backend could not be reached or broke the connection.</summary>
    public static readonly GatewayResponseType IntegrationFailure = new("INTEGRATION_FAILURE", 502);

    /// <summary>The backend did not answer within the integration's timeout.</summary>
    public static readonly GatewayResponseType IntegrationTimeout = new("INTEGRATION_TIMEOUT", 504);

    /// <summary>The operation has no integration the gateway can run (500, as API Gateway answers an API it cannot run).</summary>
    public static readonly GatewayResponseType ApiConfigurationError = new("API_CONFIGURATION_ERROR", 500);

    /// <summary>An authorizer could not decide: a JWT authorizer's keys could not be fetched, or a C# authorizer threw.</summary>
    public static readonly GatewayResponseType AuthorizerFailure = new("AUTHORIZER_FAILURE", 500);

    /// <summary>An authorizer is not configured so it can decide (nothing says where its keys are): every request is refused.</summary>
    public static readonly GatewayResponseType AuthorizerConfigurationError = new("AUTHORIZER_CONFIGURATION_ERROR", 500);

    /// <summary>Any other failure inside the gateway, such as a function that threw.</summary>
    public static readonly GatewayResponseType Default5xx = new("DEFAULT_5XX", 500);

    /// <summary>An AWS SigV4 credential expired. Never produced: the gateway does not verify AWS_IAM (such operations are refused 401).</summary>
    public static readonly GatewayResponseType ExpiredToken = new("EXPIRED_TOKEN", 403);

    /// <summary>An AWS SigV4 signature is invalid. Never produced: the gateway does not verify AWS_IAM.</summary>
    public static readonly GatewayResponseType InvalidSignature = new("INVALID_SIGNATURE", 403);

    /// <summary>AWS WAF blocked the request. Never produced: the gateway has no WAF.</summary>
    public static readonly GatewayResponseType WafFiltered = new("WAF_FILTERED", 403);

    /// <inheritdoc />
    public override string ToString() => Name;
}
