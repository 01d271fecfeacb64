using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>Reads x-gatewaygen-stages: { NAME: { description, variables: { k: v }, throttle, cache } }.</summary>
internal static class StageParser
{
    public static EquatableArray<StageModel> Parse(JsonNode? node, string pointer, ParseContext context, AccessParser access)
    {
        if (node is null)
        {
            return EquatableArray<StageModel>.Empty;
        }

        if (node is not JsonObject stages)
        {
            context.Report(DiagnosticDescriptors.UnknownExtensionKey, pointer, ExtensionNames.Stages, "GatewayGen (it must map stage names to settings)");
            return EquatableArray<StageModel>.Empty;
        }

        var result = new List<StageModel>();
        foreach (var stage in stages)
        {
            var stagePointer = JsonPointer.Append(pointer, stage.Key);
            var settings = stage.Value as JsonObject ?? new JsonObject();
            IntegrationParser.ReportUnknownKeys(settings, stagePointer, ExtensionNames.StageKeys, "a stage", context);
            var variables = new List<StageVariableModel>();
            if (settings["variables"] is JsonObject declared)
            {
                foreach (var variable in declared)
                {
                    var value = JsonNodes.GetScalarText(variable.Value);
                    if (value is null)
                    {
                        context.Report(DiagnosticDescriptors.UnknownExtensionKey, JsonPointer.Append(JsonPointer.Append(stagePointer, "variables"), variable.Key), variable.Key, "stage variables (values must be strings, numbers or booleans)");
                        continue;
                    }

                    variables.Add(new StageVariableModel(variable.Key, value));
                }
            }

            result.Add(new StageModel(stage.Key, JsonNodes.GetString(settings["description"]), variables.ToEquatableArray(),
                access.Throttle(settings["throttle"], JsonPointer.Append(stagePointer, "throttle"), $"stage '{stage.Key}'"), context.Locate(stagePointer))
            {
                Cache = CacheParser.Stage(settings["cache"], JsonPointer.Append(stagePointer, "cache"), stage.Key, context),
            });
        }

        return result.ToEquatableArray();
    }
}
