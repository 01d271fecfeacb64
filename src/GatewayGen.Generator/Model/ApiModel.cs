using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>One OpenAPI document, as the emitters need it. Before stage resolution its strings may still hold ${stageVariables.x}.</summary>
internal sealed record ApiModel(
    string Name,
    string FilePath,
    string Title,
    string Version,
    EquatableArray<StageModel> Stages,
    LocationInfo? StagesLocation,
    EquatableArray<OperationModel> Operations,
    SchemaSetModel Schemas,
    EquatableArray<UsagePlanModel> UsagePlans,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The throttle of the stage being built (set by stage resolution).</summary>
    public ThrottleModel? StageThrottle { get; init; }

    /// <summary>The response cache of the stage being built, when it has one enabled (set by stage resolution).</summary>
    public StageCacheModel? StageCache { get; init; }

    /// <summary>The document's x-amazon-apigateway-cors, if it has one (an operation's own replaces it for that operation).</summary>
    public CorsModel? Cors { get; init; }

    /// <summary>x-amazon-apigateway-minimum-compression-size: answers of at least this many bytes are compressed; null compresses none.</summary>
    public int? MinimumCompressionSize { get; init; }

    /// <summary>x-amazon-apigateway-binary-media-types, as written (type/subtype, wildcards allowed).</summary>
    public EquatableArray<string> BinaryMediaTypes { get; init; } = EquatableArray<string>.Empty;

    /// <summary>x-amazon-apigateway-policy, if the document has one.</summary>
    public PolicyModel? Policy { get; init; }

    /// <summary>The JWT authorizers its operations use.</summary>
    public EquatableArray<JwtAuthorizerModel> Authorizers { get; init; } = EquatableArray<JwtAuthorizerModel>.Empty;

    /// <summary>The C# authorizers its operations use.</summary>
    public EquatableArray<FunctionAuthorizerModel> FunctionAuthorizers { get; init; } = EquatableArray<FunctionAuthorizerModel>.Empty;

    /// <summary>x-amazon-apigateway-gateway-responses: the response types the document customises.</summary>
    public EquatableArray<GatewayResponseModel> GatewayResponses { get; init; } = EquatableArray<GatewayResponseModel>.Empty;

    /// <summary>The built stage's variables, for the Lambda proxy events of Lambda functions (empty when the API calls none).</summary>
    public EquatableArray<StageVariableModel> StageVariables { get; init; } = EquatableArray<StageVariableModel>.Empty;

    /// <summary>The authorizer and function methods the user must write, each with its located error (diagnostics-only: stripped before emitting).</summary>
    public EquatableArray<RequiredImplementationModel> RequiredImplementations { get; init; } = EquatableArray<RequiredImplementationModel>.Empty;
}

/// <summary>A stage from x-gatewaygen-stages.</summary>
internal sealed record StageModel(string Name, string? Description, EquatableArray<StageVariableModel> Variables, ThrottleModel? Throttle, LocationInfo Location)
{
    /// <summary>Its response cache, when it declares one.</summary>
    public StageCacheModel? Cache { get; init; }
}

internal sealed record StageVariableModel(string Name, string Value);
