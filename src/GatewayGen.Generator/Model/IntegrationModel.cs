using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>What an operation does with a request once it is routed and parsed.</summary>
internal abstract record IntegrationModel;

/// <summary>http_proxy (IsProxy) and http: a backend URL built from a template.</summary>
/// <param name="Uri">The uri as written (placeholders "{name}" and, before stage resolution, "${stageVariables.x}").</param>
/// <param name="HttpMethod">The backend method; "ANY" keeps the client's.</param>
/// <param name="UriParts">After stage resolution: literal text and placeholder names, in order.</param>
internal sealed record HttpIntegrationModel(
    bool IsProxy,
    string Uri,
    string HttpMethod,
    int TimeoutMilliseconds,
    EquatableArray<ParameterMappingModel> RequestParameters,
    EquatableArray<IntegrationResponseModel> Responses,
    EquatableArray<StatusRangeModel> ResponseSelection,
    EquatableArray<UriPartModel> UriParts,
    LocationInfo Location) : IntegrationModel
{
    public const int DefaultTimeoutMilliseconds = 29_000;

    /// <summary>http: the integration's contentHandling, converting the client's body for the backend.</summary>
    public ContentHandlingModel ContentHandling { get; init; }
}

/// <summary>contentHandling: CONVERT_TO_TEXT, CONVERT_TO_BINARY, or undefined (Passthrough).</summary>
internal enum ContentHandlingModel
{
    Passthrough,
    ConvertToText,
    ConvertToBinary,
}

/// <summary>A literal piece of a backend URL, or a placeholder whose value comes from a mapping.</summary>
/// <param name="Source">For placeholders: where the value comes from.</param>
internal sealed record UriPartModel(string Text, MappingSourceModel? Source);

/// <summary>One requestParameters or responseParameters entry: target &lt;- source.</summary>
/// <param name="Target">e.g. "integration.request.header.X-Id" (request) or "method.response.header.X" (response).</param>
/// <param name="TargetKind">path, querystring, multivaluequerystring, header or multivalueheader.</param>
/// <param name="TargetName">The header, query or path name.</param>
internal sealed record ParameterMappingModel(string Target, string TargetKind, string TargetName, MappingSourceModel Source, LocationInfo Location);

internal enum MappingSourceKind
{
    /// <summary>A static value ('text' in AWS syntax, or a resolved stage variable).</summary>
    Literal,
    Path,
    Query,
    MultiValueQuery,
    Header,
    MultiValueHeader,

    /// <summary>integration.response.header.X (response mappings only).</summary>
    IntegrationResponseHeader,

    /// <summary>context.X: requestId, httpMethod, resourcePath, stage, identity.sourceIp.</summary>
    Context,

    /// <summary>${stageVariables.x} / stageVariables.x before stage resolution.</summary>
    StageVariable,
}

internal sealed record MappingSourceModel(MappingSourceKind Kind, string Name);

/// <summary>An entry of the integration's responses: what the client gets for a selected backend status.</summary>
internal sealed record IntegrationResponseModel(string Pattern, int StatusCode, EquatableArray<ParameterMappingModel> Headers, string? StaticBody, string? StaticBodyContentType)
{
    /// <summary>How the answer's body is converted for the client.</summary>
    public ContentHandlingModel ContentHandling { get; init; }
}

/// <summary>Backend statuses [From, To] select Responses[ResponseIndex]; computed from the selection patterns at build time.</summary>
internal sealed record StatusRangeModel(int From, int To, int ResponseIndex);

/// <summary>mock: the gateway answers itself, with a status, headers and body fixed at build time.</summary>
internal sealed record MockIntegrationModel(int StatusCode, string? ContentType, string? Body, EquatableArray<HeaderValueModel> Headers) : IntegrationModel
{
    /// <summary>The chosen integration response's contentHandling (CONVERT_TO_BINARY serves the bytes a base64 body encodes).</summary>
    public ContentHandlingModel ContentHandling { get; init; }
}

internal sealed record HeaderValueModel(string Name, string Value);

/// <summary>An in-process C# function: x-gatewaygen-integration type function, or aws_proxy to a Lambda.</summary>
/// <param name="Target">The function name, or before stage resolution the Lambda ARN / uri it comes from.</param>
internal sealed record FunctionIntegrationModel(string Target, bool FromLambdaUri, LocationInfo Location) : IntegrationModel
{
    /// <summary>For a Lambda: the Lambda proxy event the function can read, "1.0" or "2.0" (payloadFormatVersion); null otherwise.</summary>
    public string? PayloadFormatVersion { get; init; }

    /// <summary>For a Lambda, after stage resolution: the function's name as the uri gives it ("get-report").</summary>
    public string? LambdaName { get; init; }
}

/// <summary>No integration, or one GatewayGen cannot run: the operation answers 500 naming the reason.</summary>
internal sealed record NotImplementedIntegrationModel(string Reason) : IntegrationModel;
