using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Tests.Infrastructure;

namespace GatewayGen.Generator.Tests.Conformance;

/// <summary>One schema of the official JSON Schema test suite, with its instances.</summary>
public sealed record SuiteCase(string Draft, string File, int Index, string Description, JsonNode Schema, IReadOnlyList<SuiteInstance> Instances)
{
    public string Path => "/" + File + "/c" + Index;
}

public sealed record SuiteInstance(string Description, string Json, bool Valid);

/// <summary>
/// Reads ../shared/conformance/json-schema-test-suite and wraps each file's schemas as the request bodies of
/// one OpenAPI document (draft 4 in OpenAPI 3.0, draft 2020-12 in OpenAPI 3.1), one POST operation each.
/// </summary>
public static class JsonSchemaSuite
{
    public static string Directory => System.IO.Path.Combine(RepoPaths.Shared, "conformance", "json-schema-test-suite");

    public static IReadOnlyList<string> Files(string draft)
    {
        var directory = System.IO.Path.Combine(Directory, draft);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The JSON Schema test suite is not at {directory}; set GATEWAYGEN_SHARED to the shared data directory.");
        }

        // ../shared carries the suite's required files only (SOURCE.txt: optional/ left out); the optional number cases
        // (bignum, float-overflow) are re-expressed in ExactNumberTests and NumberValidationTests instead.
        return System.IO.Directory.GetFiles(directory, "*.json").Select(System.IO.Path.GetFileNameWithoutExtension).OrderBy(f => f, StringComparer.Ordinal).ToList()!;
    }

    public static IReadOnlyList<SuiteCase> Cases(string draft, string file)
    {
        var groups = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, draft, file + ".json")))!.AsArray();
        var cases = new List<SuiteCase>();
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i]!;
            var instances = group["tests"]!.AsArray()
                .Select(t => new SuiteInstance(t!["description"]!.GetValue<string>(), t["data"]?.ToJsonString() ?? "null", t["valid"]!.GetValue<bool>()))
                .ToList();
            cases.Add(new SuiteCase(draft, file, i, group["description"]!.GetValue<string>(), group["schema"]!.DeepClone(), instances));
        }

        return cases;
    }

    /// <summary>
    /// The OpenAPI document for one suite file. Each schema becomes its own schema resource: it keeps its $id,
    /// or gets one, so that "#/definitions/x" and "#" mean the schema itself, as in a standalone schema file.
    /// </summary>
    public static SpecFile Document(string draft, string file, IEnumerable<SuiteCase> cases)
    {
        var modern = draft != "draft4";
        var idKeyword = modern ? "$id" : "id";
        var paths = new JsonObject();
        foreach (var suiteCase in cases)
        {
            var schema = suiteCase.Schema.DeepClone();
            if (schema is JsonObject obj && obj[idKeyword] is null && (modern || obj["$ref"] is null))
            {
                obj[idKeyword] = $"https://gatewaygen.test/{draft}/{file}/{suiteCase.Index}.json";
            }

            paths[suiteCase.Path] = new JsonObject
            {
                ["post"] = new JsonObject
                {
                    ["operationId"] = "case" + suiteCase.Index,
                    ["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
                    },
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "valid" } },
                    ["x-amazon-apigateway-integration"] = new JsonObject
                    {
                        ["type"] = "mock",
                        ["requestTemplates"] = new JsonObject { ["application/json"] = "{\"statusCode\": 200}" },
                        ["responses"] = new JsonObject { ["default"] = new JsonObject { ["statusCode"] = "200" } },
                    },
                },
            };
        }

        var document = new JsonObject
        {
            ["openapi"] = modern ? "3.1.0" : "3.0.3",
            ["info"] = new JsonObject { ["title"] = $"{draft} {file}", ["version"] = "1" },
            ["paths"] = paths,
        };
        var apiName = "S" + new string(file.Where(char.IsLetterOrDigit).ToArray());
        return new SpecFile($"/suite/{draft}/{file}.openapi.json", document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), ApiName: apiName);
    }
}
