using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Schemas that validate alike share one validator method, and each place still reports its own errors.</summary>
public sealed class SchemaSharingTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Shared, version: '1' }
        paths:
          /orders:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        code: { type: string, maxLength: 3 }
                        billing: { $ref: '#/components/schemas/Address' }
                        shipping:
                          type: object
                          properties:
                            country: { type: string, maxLength: 3 }
                            lines: { type: array, items: { type: string, maxLength: 3 } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, responses: { default: { statusCode: 200 } } }
        components:
          schemas:
            Address:
              type: object
              properties:
                country: { type: string, maxLength: 3 }
                lines: { type: array, items: { type: string, maxLength: 3 } }
        """;

    [Fact]
    public async Task Alike_schemas_share_a_validator_and_each_place_reports_its_own_errors()
    {
        await using var gateway = await CompiledGateway.StartAsync(Spec);

        // One method for {type: string, maxLength: 3} (four places), one for the two alike addresses.
        var validators = gateway.Sources["Api.Validators.g.cs"];
        Assert.Single(Regex.Matches(validators, "v.Fail\\(start, \"maxLength\""));
        Assert.Equal(4, Regex.Matches(validators, "public static bool Schema").Count); // body, address, lines, string

        using var response = await gateway.Client.PostAsync("/orders", new StringContent(
            """{"code":"long","billing":{"country":"long","lines":["ok","long"]},"shipping":{"country":"long"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new[] { "/code", "/billing/country", "/billing/lines/1", "/shipping/country" }, await ErrorBody.PointersAsync(response));
    }
}
