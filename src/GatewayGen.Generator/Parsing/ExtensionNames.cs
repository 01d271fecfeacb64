namespace GatewayGen.Generator.Parsing;

/// <summary>The vendor extensions GatewayGen reads, and which parts of each are understood.</summary>
internal static class ExtensionNames
{
    public const string AmazonPrefix = "x-amazon-apigateway-";
    public const string GatewayGenPrefix = "x-gatewaygen-";

    public const string Integration = "x-amazon-apigateway-integration";
    public const string AnyMethod = "x-amazon-apigateway-any-method";
    public const string GatewayGenIntegration = "x-gatewaygen-integration";
    public const string Stages = "x-gatewaygen-stages";
    public const string RequestValidators = "x-amazon-apigateway-request-validators";
    public const string RequestValidator = "x-amazon-apigateway-request-validator";
    public const string UsagePlans = "x-gatewaygen-usage-plans";
    public const string Throttle = "x-gatewaygen-throttle";
    public const string ApiKeySource = "x-amazon-apigateway-api-key-source";
    public const string Authorizer = "x-amazon-apigateway-authorizer";
    public const string AuthType = "x-amazon-apigateway-authtype";
    public const string Jwt = "x-gatewaygen-jwt";
    public const string Cache = "x-gatewaygen-cache";

    public static readonly string[] StageCacheKeys = { "enabled", "ttlSeconds", "capacityMb", "requireAuthorization", "unauthorizedCacheControlHeaderStrategy" };

    public static readonly string[] OperationCacheKeys = { "enabled", "ttlSeconds", "requireAuthorization", "unauthorizedCacheControlHeaderStrategy", "cacheKeyParameters" };

    public const string GatewayResponses = "x-amazon-apigateway-gateway-responses";

    public static readonly string[] GatewayResponseKeys = { "statusCode", "responseParameters", "responseTemplates" };

    public static readonly string[] JwtKeys = { "issuer", "audience", "jwksUri" };

    /// <summary>x-amazon-apigateway-authorizer of type jwt (HTTP APIs) and its jwtConfiguration.</summary>
    public static readonly string[] AmazonJwtAuthorizerKeys = { "type", "jwtConfiguration", "identitySource" };

    public static readonly string[] JwtConfigurationKeys = { "issuer", "audience" };

    public static readonly string[] FunctionAuthorizerKeys = { "type", "authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression", "authorizerResultTtlInSeconds" };
    public const string AwsAuth = "x-amazon-apigateway-auth";
    public const string Policy = "x-amazon-apigateway-policy";
    public const string Cors = "x-amazon-apigateway-cors";

    public static readonly string[] CorsKeys = { "allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials" };

    public const string MinimumCompressionSize = "x-amazon-apigateway-minimum-compression-size";
    public const string BinaryMediaTypes = "x-amazon-apigateway-binary-media-types";

    /// <summary>Document-level extensions read by their own parsers (not reported as unknown or unsupported).</summary>
    public static readonly string[] ReadAtRoot = { Stages, GatewayResponses, Cors, MinimumCompressionSize, BinaryMediaTypes };

    /// <summary>Keys of x-amazon-apigateway-integration that GatewayGen uses.</summary>
    public static readonly string[] IntegrationKeys =
    {
        "type", "uri", "httpMethod", "requestParameters", "requestTemplates", "responses", "timeoutInMillis",
        "passthroughBehavior", "cacheNamespace", "cacheKeyParameters", "credentials", "contentHandling",
        "connectionType", "connectionId", "payloadFormatVersion", "integrationSubtype", "tlsConfig", "description",
    };

    public static readonly string[] IntegrationResponseKeys = { "statusCode", "responseParameters", "responseTemplates", "contentHandling" };

    public static readonly string[] GatewayGenIntegrationKeys = { "type", "name" };

    public static readonly string[] StageKeys = { "description", "variables", "throttle", "cache" };

    public static readonly string[] ThrottleKeys = { "rateLimit", "burstLimit" };

    public static readonly string[] QuotaKeys = { "limit", "period" };

    public static readonly string[] UsagePlanKeys = { "description", "throttle", "quota", "methodThrottle", "cacheInvalidation" };

    /// <summary>Document-level extensions recognised but not implemented in this version (each a GG0019).</summary>
    public static readonly string[] NotYetSupportedAtRoot =
    {
        "x-amazon-apigateway-endpoint-configuration",
        "x-amazon-apigateway-documentation", "x-amazon-apigateway-tag-value", "x-amazon-apigateway-security-policy",
        "x-amazon-apigateway-disable-execute-api-endpoint",
    };

    /// <summary>Document-level extensions that carry no behaviour for a self-hosted gateway.</summary>
    public static readonly string[] IgnoredAtRoot = { "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-integrations", RequestValidators, RequestValidator, UsagePlans, ApiKeySource, Policy };

    /// <summary>Operation-level extensions recognised but not implemented in this version.</summary>
    public static readonly string[] NotYetSupportedOnOperation =
    {
        "x-amazon-apigateway-auth", "x-amazon-apigateway-api-key-source",
    };

    /// <summary>Extensions read on a path item.</summary>
    public static readonly string[] ReadOnPathItem = { AnyMethod };

    /// <summary>Extensions read on an operation (by IntegrationParser, RequestValidatorParser, AccessParser, CacheParser, CorsParser).</summary>
    public static readonly string[] ReadOnOperation = { Integration, GatewayGenIntegration, RequestValidator, Throttle, Cache, Cors };

    /// <summary>Extensions read on a security scheme (AccessParser).</summary>
    public static readonly string[] ReadOnSecurityScheme = { Authorizer, AuthType, Jwt };

    /// <summary>Extensions under components: integrations that operations reach with $ref.</summary>
    public static readonly string[] ReadInComponents = { "x-amazon-apigateway-integrations" };

    public static readonly string[] NotYetSupportedOnServer = { "x-amazon-apigateway-endpoint-configuration" };

    public static readonly string[] NotYetSupportedOnTag = { "x-amazon-apigateway-tag-value" };

    /// <summary>The keys of one x-amazon-apigateway-request-validators entry: a misspelled flag would read as false.</summary>
    public static readonly string[] RequestValidatorKeys = { "validateRequestBody", "validateRequestParameters" };

    public static bool Contains(string[] names, string name) => System.Array.IndexOf(names, name) >= 0;
}
