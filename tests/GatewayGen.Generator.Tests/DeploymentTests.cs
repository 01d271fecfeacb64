using System.Linq;
using System.Text.RegularExpressions;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>A deployment is a content hash of (spec files, stage, generator version): same inputs, same id, same sources.</summary>
public sealed class DeploymentTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Deployed, version: '1' }
        paths:
          /status:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
        """;

    [Fact]
    public void The_same_documents_and_stage_give_the_same_id_and_byte_identical_sources_wherever_they_are_built()
    {
        var first = GeneratorHarness.Run(new[] { new SpecFile("/home/ana/api/deployed.openapi.yaml", Spec) }, null, new ProjectSettings(Stage: "prod"));
        var second = GeneratorHarness.Run(new[] { new SpecFile("/ci/build/src/deployed.openapi.yaml", Spec.Replace("\n", "\r\n")) }, null, new ProjectSettings(Stage: "prod"));

        Assert.Equal(Id(first), Id(second));
        Assert.Equal(first.Sources.OrderBy(s => s.Key).Select(s => s.Value), second.Sources.OrderBy(s => s.Key).Select(s => s.Value));
    }

    [Fact]
    public void A_different_document_or_stage_is_a_different_deployment_and_the_description_is_not_part_of_the_id()
    {
        var baseline = Id(Run(Spec, "prod"));

        Assert.NotEqual(baseline, Id(Run(Spec.Replace("version: '1'", "version: '2'"), "prod")));
        Assert.NotEqual(baseline, Id(Run(Spec, "dev")));

        var described = GeneratorHarness.Run(new[] { new SpecFile("/p/deployed.openapi.yaml", Spec) }, null, new ProjectSettings(Stage: "prod", DeploymentDescription: "Black Friday hotfix"));
        Assert.Equal(baseline, Id(described));
        Assert.Contains("\"Black Friday hotfix\",", described.Sources["Gateway.g.cs"]);
    }

    private static GeneratorRun Run(string spec, string stage) =>
        GeneratorHarness.Run(new[] { new SpecFile("/p/deployed.openapi.yaml", spec) }, null, new ProjectSettings(Stage: stage));

    // GatewayInfo Info = new("stage", "version", "<id>", ...
    internal static string Id(GeneratorRun run)
    {
        var match = Regex.Match(run.Sources["Gateway.g.cs"], "GatewayInfo Info = new\\(\\s*\"[^\"]*\",\\s*\"[^\"]*\",\\s*\"([0-9a-f]{16})\",");
        Assert.True(match.Success, run.Sources["Gateway.g.cs"]);
        return match.Groups[1].Value;
    }
}
