using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Schemas that reach themselves again in place would recurse for ever and overflow the gateway's stack on the
/// first request. They are a warning at build time, and the gateway validates everything but the closing reference.
/// </summary>
public sealed class CircularSchemaTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Circular, version: '1' }
        paths:
          /pets:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /loops:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/A' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        components:
          schemas:
            Pet:
              type: object
              required: [kind]
              properties: { kind: { type: string } }
              discriminator: { propertyName: kind, mapping: { cat: '#/components/schemas/Cat' } }
              oneOf: [ { $ref: '#/components/schemas/Cat' } ]
            Cat:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - properties: { lives: { type: integer, maximum: 9 } }
            A: { $ref: '#/components/schemas/B' }
            B: { $ref: '#/components/schemas/A' }
        """;

    [Fact]
    public void Each_in_place_cycle_is_a_warning_at_the_schema_that_closes_it()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/circular.openapi.yaml", Spec));

        var warnings = run.GeneratorDiagnostics.Where(d => d.Id == "GG0028").Select(GeneratorRun.Format).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("'/components/schemas/Pet' again", System.StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'/components/schemas/A' again", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_answers_instead_of_overflowing_and_still_validates_the_rest()
    {
        await using var gateway = await CompiledGateway.StartAsync(Spec);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(gateway, "/pets", """{"kind":"cat","lives":7}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(gateway, "/pets", """{"kind":"cat","lives":12}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(gateway, "/pets", """{"kind":"dog"}"""));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(gateway, "/loops", """{"anything":[1,2,3]}"""));
    }

    private static async Task<HttpStatusCode> PostAsync(CompiledGateway gateway, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync(path, content);
        return response.StatusCode;
    }
}
