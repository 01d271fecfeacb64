using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// OpenAPI 3.1 documents are read as 3.1 says: 'nullable' is no keyword there (a warning at it, and null stays refused),
/// and an operation may leave its responses out (3.0 requires them: a warning there still).
/// </summary>
public sealed class OpenApi31Tests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: T, version: '1' }
        paths:
          /pets:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        name: { type: string, nullable: true }
                        nick: { type: [string, 'null'] }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        """;

    [Fact]
    public void Nullable_in_a_31_document_is_a_warning_at_the_key_and_a_missing_responses_is_nothing()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", Spec));

        Assert.Equal(new[] { "api.openapi.yaml(13,39): warning GG0061: 'nullable' is not a keyword in OpenAPI 3.1.0 and is ignored: this schema does not accept null; write type: [string, 'null'] to allow it" },
            run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray());
    }

    [Fact]
    public async Task Nullable_in_a_31_document_does_not_let_null_through_but_a_null_type_does()
    {
        await using var gateway = await CompiledGateway.StartAsync(Spec);

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(gateway, """{"name":null}"""));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(gateway, """{"name":"Rex","nick":null}"""));
    }

    [Fact]
    public void In_30_nullable_is_a_keyword_and_a_missing_responses_is_still_a_warning()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", Spec.Replace("openapi: 3.1.0", "openapi: 3.0.3").Replace("nick: { type: [string, 'null'] }", "nick: { type: string }")));

        Assert.Equal(new[] { "api.openapi.yaml(5,5): warning GG0018: Responses must contain at least one response" },
            run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray());
    }

    [Fact]
    public void In_31_an_empty_responses_object_written_out_is_still_a_warning()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", Spec.Replace("      x-amazon-apigateway-integration", "      responses: {}\n      x-amazon-apigateway-integration").Replace(", nullable: true", "")));

        Assert.Equal(new[] { "GG0018" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
    }

    private static async Task<HttpStatusCode> PostAsync(CompiledGateway gateway, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("/pets", content);
        return response.StatusCode;
    }
}
