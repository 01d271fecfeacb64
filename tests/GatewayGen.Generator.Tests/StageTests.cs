using System.IO;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>One document, two stages: each build routes to its own stage's backend, chosen at build time.</summary>
public sealed class StageTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Staged, version: '1' }
        x-gatewaygen-stages:
          dev:
            variables: { backend: DEV_BACKEND, label: development }
          prod:
            description: The real thing.
            variables: { backend: PROD_BACKEND, label: production }
        paths:
          /who:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http
                httpMethod: GET
                uri: ${stageVariables.backend}/who
                requestParameters:
                  integration.request.header.X-Label: stageVariables.label
        """;

    [Theory]
    [InlineData("dev", "development")]
    [InlineData("prod", "production")]
    public async Task Each_stage_build_routes_to_its_own_backend(string stage, string label)
    {
        await using var dev = await TestBackend.StartAsync();
        await using var prod = await TestBackend.StartAsync();
        var spec = Spec.Replace("DEV_BACKEND", dev.Url).Replace("PROD_BACKEND", prod.Url);

        await using var gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/p/staged.openapi.yaml", spec) }, null, new ProjectSettings(Stage: stage));
        using var response = await gateway.Client.GetAsync("/who");

        var (chosen, other) = stage == "dev" ? (dev, prod) : (prod, dev);
        Assert.Single(chosen.Received);
        Assert.Empty(other.Received);
        Assert.Equal(label, chosen.Last.Headers["X-Label"]);
    }

    [Theory]
    [InlineData("dev", new[] { 200, 200, 200 })]
    [InlineData("prod", new[] { 200, 200, 429 })]
    public async Task Each_stage_build_applies_its_own_throttle(string stage, int[] statuses)
    {
        const string Throttled = """
            openapi: 3.0.3
            info: { title: Staged, version: '1' }
            x-gatewaygen-stages:
              dev: {}
              prod: { throttle: { rateLimit: 0.001, burstLimit: 2 } }
            paths:
              /who:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/p/staged.openapi.yaml", Throttled) }, null, new ProjectSettings(Stage: stage));

        var answered = new int[statuses.Length];
        for (var i = 0; i < answered.Length; i++)
        {
            using var response = await gateway.Client.GetAsync("/who");
            answered[i] = (int)response.StatusCode;
        }

        Assert.Equal(statuses, answered);
    }

    [Fact]
    public void The_stage_is_stamped_into_the_build_manifest()
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/p/staged.openapi.yaml", Spec.Replace("DEV_BACKEND", "http://a").Replace("PROD_BACKEND", "http://b")) }, null, new ProjectSettings(Stage: "prod"));

        Assert.Matches("GatewayInfo Info = new\\(\\s*\"prod\",", run.Sources["Gateway.g.cs"]);
    }

    [Fact]
    public void A_document_without_stages_builds_for_any_stage()
    {
        var run = GeneratorHarness.Run(
            new[] { new SpecFile("/p/plain.openapi.yaml", File.ReadAllText(RepoPaths.Spec("routing.openapi.yaml"))) },
            null,
            new ProjectSettings(Stage: "qa"));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "GG0006" or "GG0007");
    }
}
