using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// A misspelled or unknown x-amazon-apigateway-* / x-gatewaygen-* key is a warning at its line and column wherever
/// it stands, and so is an unknown key inside a request validator (a misspelled flag would read as false).
/// </summary>
public sealed class ExtensionKeyTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: T, version: '1', x-gatewaygen-owner: me }
        servers:
          - { url: 'https://api.example', x-amazon-apigateway-endpoint-configuration: { types: [REGIONAL] } }
        x-amazon-apigateway-request-validators:
          all: { validateRequestBodyy: true, validateRequestParameters: true }
        x-amazon-apigateway-request-validator: all
        paths:
          x-gatewaygen-paths: 1
          /pets:
            x-amazon-apigateway-integration: { type: mock }
            parameters:
              - { name: q, in: query, schema: { type: string }, x-gatewaygen-bogus: 1 }
            post:
              x-amazon-apigateway-integratoin: { type: mock }
              requestBody:
                x-amazon-apigateway-body: 1
                content:
                  application/json:
                    x-gatewaygen-media: 1
                    schema: { $ref: '#/components/schemas/Pet' }
              responses:
                x-amazon-apigateway-responses: 1
                '200': { description: ok, x-amazon-apigateway-resp: 1, headers: { X-A: { schema: { type: string }, x-gatewaygen-header: 1 } } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        components:
          x-gatewaygen-comp: 1
          x-amazon-apigateway-integrations: { one: { type: mock } }
          schemas:
            Pet:
              type: object
              x-amazon-apigateway-schema: 1
              properties:
                x-gatewaygen-name: { type: string, x-gatewaygen-inner: 1 }
          responses:
            Gone: { description: gone, x-gatewaygen-gone: 1 }
          parameters:
            Limit: { name: limit, in: query, schema: { type: integer }, x-amazon-apigateway-param: 1 }
          securitySchemes:
            key: { type: apiKey, name: x-api-key, in: header, x-amazon-apigateway-authtyp: 1, x-amazon-apigateway-authtype: custom }
        """;

    [Fact]
    public void Each_misspelled_key_is_a_warning_at_its_line_and_column()
    {
        var run = GeneratorHarness.Run(new SpecFile("/project/api.openapi.yaml", Spec));

        var warnings = run.GeneratorDiagnostics.Where(d => d.Id is "GG0008" or "GG0019").Select(GeneratorRun.Format).ToArray();
        Assert.Equal(new[]
        {
            "api.openapi.yaml(2,33): warning GG0008: 'x-gatewaygen-owner' is not a key that the info object understands; it is ignored",
            "api.openapi.yaml(4,35): warning GG0019: 'x-amazon-apigateway-endpoint-configuration' is not supported yet; it is ignored",
            "api.openapi.yaml(9,3): warning GG0008: 'x-gatewaygen-paths' is not a key that the paths object understands; it is ignored",
            "api.openapi.yaml(11,5): warning GG0008: 'x-amazon-apigateway-integration' is not a key that a path item understands; it is ignored",
            "api.openapi.yaml(13,57): warning GG0008: 'x-gatewaygen-bogus' is not a key that a parameter understands; it is ignored",
            "api.openapi.yaml(15,7): warning GG0008: 'x-amazon-apigateway-integratoin' is not a key that an operation understands; it is ignored",
            "api.openapi.yaml(17,9): warning GG0008: 'x-amazon-apigateway-body' is not a key that a request body understands; it is ignored",
            "api.openapi.yaml(20,13): warning GG0008: 'x-gatewaygen-media' is not a key that a media type understands; it is ignored",
            "api.openapi.yaml(23,9): warning GG0008: 'x-amazon-apigateway-responses' is not a key that a responses object understands; it is ignored",
            "api.openapi.yaml(24,35): warning GG0008: 'x-amazon-apigateway-resp' is not a key that a response understands; it is ignored",
            "api.openapi.yaml(24,108): warning GG0008: 'x-gatewaygen-header' is not a key that a header understands; it is ignored",
            "api.openapi.yaml(27,3): warning GG0008: 'x-gatewaygen-comp' is not a key that the components object understands; it is ignored",
            "api.openapi.yaml(32,7): warning GG0008: 'x-amazon-apigateway-schema' is not a key that a schema understands; it is ignored",
            "api.openapi.yaml(34,44): warning GG0008: 'x-gatewaygen-inner' is not a key that a schema understands; it is ignored",
            "api.openapi.yaml(36,32): warning GG0008: 'x-gatewaygen-gone' is not a key that a response understands; it is ignored",
            "api.openapi.yaml(38,65): warning GG0008: 'x-amazon-apigateway-param' is not a key that a parameter understands; it is ignored",
            "api.openapi.yaml(40,55): warning GG0008: 'x-amazon-apigateway-authtyp' is not a key that a security scheme understands; it is ignored",
            "api.openapi.yaml(6,10): warning GG0008: 'validateRequestBodyy' is not a key that a request validator understands; it is ignored",
        }, warnings);
    }

    [Fact]
    public void Unknown_keys_of_a_jwt_authorizer_and_its_jwtConfiguration_are_warnings()
    {
        var run = GeneratorHarness.Run(new SpecFile("/project/api.openapi.yaml", """
            openapi: 3.0.3
            info: { title: T, version: '1' }
            components:
              securitySchemes:
                amazon:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer:
                    type: jwt
                    identitySorce: '$request.header.Authorization'
                    jwtConfiguration: { issuer: 'https://idp.example.com/', audience: [pets], audiences: [more] }
            paths:
              /c: { get: { security: [ { amazon: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """));

        Assert.Equal(new[]
        {
            "api.openapi.yaml(11,9): warning GG0008: 'identitySorce' is not a key that a jwt x-amazon-apigateway-authorizer understands; it is ignored",
            "api.openapi.yaml(12,83): warning GG0008: 'audiences' is not a key that jwtConfiguration understands; it is ignored",
        }, run.GeneratorDiagnostics.Where(d => d.Id == "GG0008").Select(GeneratorRun.Format).ToArray());
    }

    [Fact]
    public void Keys_of_other_vendors_and_property_names_that_look_like_extensions_are_not_reported()
    {
        var run = GeneratorHarness.Run(new SpecFile("/project/api.openapi.yaml", """
            openapi: 3.0.3
            info: { title: T, version: '1', x-logo: { url: logo.png } }
            paths:
              /pets:
                x-internal: true
                get:
                  x-codeSamples: []
                  responses: { '200': { description: ok, content: { application/json: { schema: { type: object, properties: { x-amazon-apigateway-id: { type: string } } } } } } }
                  x-amazon-apigateway-integration: { type: mock }
            """));

        Assert.Empty(run.GeneratorDiagnostics);
    }
}
