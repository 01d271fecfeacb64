using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>One entry of x-amazon-apigateway-gateway-responses: how answers of one response type look.</summary>
/// <param name="Type">The API Gateway response type, e.g. "THROTTLED".</param>
/// <param name="StatusCode">The status instead of the type's, or null.</param>
/// <param name="Headers">responseParameters, in document order.</param>
/// <param name="Templates">responseTemplates, in document order.</param>
internal sealed record GatewayResponseModel(string Type, int? StatusCode, EquatableArray<ResponseHeaderModel> Headers, EquatableArray<ResponseTemplateModel> Templates);

/// <summary>gatewayresponse.header.NAME and its value.</summary>
internal sealed record ResponseHeaderModel(string Name, ResponseValueModel Value);

/// <summary>A body template for one media type, split at build time into literal text and values.</summary>
internal sealed record ResponseTemplateModel(string MediaType, EquatableArray<TemplatePartModel> Parts);

/// <summary>Literal text (Value null) or a value.</summary>
internal sealed record TemplatePartModel(string? Text, ResponseValueModel? Value);

internal enum ResponseValueKind
{
    /// <summary>A constant of the document: a 'quoted' literal, or a stage variable once resolved.</summary>
    Constant,
    Header,
    QueryString,
    Path,

    /// <summary>$context.X: Name is the runtime's ContextVariable member, Argument the claim or key if it takes one.</summary>
    Context,

    /// <summary>stageVariables.X before stage resolution (Location says where, for GG0007).</summary>
    StageVariable,
}

/// <param name="Name">The constant's text, the parameter's name, the ContextVariable member or the stage variable's name.</param>
/// <param name="Argument">For authorizer claims and context keys: which one.</param>
/// <param name="Location">Where the value is written (stage variables are reported there when undefined).</param>
internal sealed record ResponseValueModel(ResponseValueKind Kind, string Name, string Argument, LocationInfo? Location);

/// <summary>API Gateway's 21 response types and the runtime's GatewayResponseType field for each.</summary>
internal static class GatewayResponseTypes
{
    public static readonly (string Name, string Field)[] All =
    {
        ("ACCESS_DENIED", "AccessDenied"),
        ("API_CONFIGURATION_ERROR", "ApiConfigurationError"),
        ("AUTHORIZER_CONFIGURATION_ERROR", "AuthorizerConfigurationError"),
        ("AUTHORIZER_FAILURE", "AuthorizerFailure"),
        ("BAD_REQUEST_PARAMETERS", "BadRequestParameters"),
        ("BAD_REQUEST_BODY", "BadRequestBody"),
        ("DEFAULT_4XX", "Default4xx"),
        ("DEFAULT_5XX", "Default5xx"),
        ("EXPIRED_TOKEN", "ExpiredToken"),
        ("INTEGRATION_FAILURE", "IntegrationFailure"),
        ("INTEGRATION_TIMEOUT", "IntegrationTimeout"),
        ("INVALID_API_KEY", "InvalidApiKey"),
        ("INVALID_SIGNATURE", "InvalidSignature"),
        ("MISSING_AUTHENTICATION_TOKEN", "MissingAuthenticationToken"),
        ("QUOTA_EXCEEDED", "QuotaExceeded"),
        ("REQUEST_TOO_LARGE", "RequestTooLarge"),
        ("RESOURCE_NOT_FOUND", "ResourceNotFound"),
        ("THROTTLED", "Throttled"),
        ("UNAUTHORIZED", "Unauthorized"),
        ("UNSUPPORTED_MEDIA_TYPE", "UnsupportedMediaType"),
        ("WAF_FILTERED", "WafFiltered"),
    };

    /// <summary>The runtime field of <paramref name="name"/>, or null when it is not a response type.</summary>
    public static string? FieldOf(string name)
    {
        foreach (var (typeName, field) in All)
        {
            if (typeName == name)
            {
                return field;
            }
        }

        return null;
    }
}
