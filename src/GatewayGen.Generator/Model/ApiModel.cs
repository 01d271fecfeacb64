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
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A stage from x-gatewaygen-stages.</summary>
internal sealed record StageModel(string Name, string? Description, EquatableArray<StageVariableModel> Variables, LocationInfo Location);

internal sealed record StageVariableModel(string Name, string Value);
