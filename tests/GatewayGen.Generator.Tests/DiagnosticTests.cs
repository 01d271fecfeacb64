using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Spec mistakes are diagnostics at the line and column of the offending element, never a crash.</summary>
public sealed class DiagnosticTests
{
    private const string Header = """
        openapi: 3.0.3
        info: { title: T, version: '1' }

        """;

    [Fact]
    public void Broken_yaml_is_one_error_at_the_parse_position()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info:
              title: Broken
              version: '1'
            paths:
              /pets:
                get: { responses: [unclosed
            """);

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.yaml(8,1): error GG0001: The document is not valid YAML", only);
    }

    [Fact]
    public void Broken_json_is_one_error_at_the_parse_position()
    {
        var diagnostics = Diagnose("""
            {
              "openapi": "3.0.3",
              "info": { "title": "T" "version": "1" },
              "paths": {}
            }
            """, "api.openapi.json");

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.json(3,26): error GG0001: The document is not valid JSON", only);
    }

    [Fact]
    public void An_unsupported_version_is_an_error_at_its_key()
    {
        var diagnostics = Diagnose("""
            openapi: 4.0.0
            info: { title: T, version: '1' }
            paths: {}
            """);

        Assert.Equal(new[] { "api.openapi.yaml(1,1): error GG0003: 'openapi 4.0.0' is not a supported OpenAPI version; use swagger 2.0, openapi 3.0.x or openapi 3.1.x" }, diagnostics);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    [InlineData("0e400")]
    public void A_multipleOf_that_is_not_above_zero_is_a_warning_at_its_key(string divisor)
    {
        var diagnostics = Diagnose($$"""
            openapi: 3.1.0
            info: { title: T, version: '1' }
            paths:
              /steps:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: number
                          multipleOf: {{divisor}}
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
            """);

        Assert.Contains("api.openapi.yaml(11,15): warning GG0020: This schema keyword is ignored: multipleOf must be a number greater than 0", diagnostics);
    }

    [Fact]
    public void An_element_the_OpenAPI_reader_rejects_is_an_error_where_it_is()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Contains(diagnostics, d => d.StartsWith("api.openapi.yaml(4,3): error GG0002:") && d.Contains("pets"));
    }

    [Fact]
    public void An_operation_without_integration_is_a_warning_at_its_method()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(5,5): warning GG0005: Operation 'GET /pets' has no integration; it answers 500 until it gets one" }, diagnostics);
    }

    [Fact]
    public void A_stage_the_document_does_not_define_is_an_error()
    {
        var diagnostics = Diagnose(Header + """
            x-gatewaygen-stages:
              dev: { variables: { backend: 'http://127.0.0.1:1' } }
              prod: { variables: { backend: 'http://127.0.0.1:2' } }
            paths: {}
            """, settings: new ProjectSettings(Stage: "qa"));

        Assert.Equal(new[] { "api.openapi.yaml(3,1): error GG0006: Stage 'qa' is not defined in x-gatewaygen-stages (defined: dev, prod)" }, diagnostics);
    }

    [Fact]
    public void An_unknown_stage_variable_is_an_error_at_the_uri()
    {
        var diagnostics = Diagnose(Header + """
            x-gatewaygen-stages:
              dev: { variables: { backend: 'http://127.0.0.1:1' } }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    uri: ${stageVariables.backnd}/pets
            """);

        Assert.Equal(new[] { "api.openapi.yaml(11,9): error GG0007: Stage variable 'backnd' is not defined for stage 'dev'" }, diagnostics);
    }

    [Fact]
    public void A_misspelled_key_is_a_warning_naming_it_where_it_is()
    {
        var diagnostics = Diagnose(Header + """
            x-gatewaygen-stage: {}
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    uri: http://127.0.0.1:1/pets
                    timeoutInMilis: 500
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(3,1): warning GG0008: 'x-gatewaygen-stage' is not a key that GatewayGen understands; it is ignored",
            "api.openapi.yaml(11,9): warning GG0008: 'timeoutInMilis' is not a key that x-amazon-apigateway-integration understands; it is ignored",
        }, diagnostics);
    }

    [Fact]
    public void An_integration_uri_that_is_not_http_is_an_error_at_the_uri()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: http_proxy, uri: 'ftp://files.example.com/pets' }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(7,60): error GG0009: The integration of 'GET /pets' is invalid: uri 'ftp://files.example.com/pets' is not an absolute http or https URL" }, diagnostics);
    }

    [Fact]
    public void A_uri_placeholder_without_a_value_is_an_error()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    uri: http://127.0.0.1:1/pets/{petId}
            """);

        var error = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.yaml(9,9): error GG0009:", error);
        Assert.Contains("'{petId}' has no value", error);
    }

    [Theory]
    [InlineData("integration.request.header.Host: method.request.header.X-Target", "the backend's Host cannot come from the request")]
    [InlineData("integration.request.header.Content-Length: method.request.header.X-Length", "header 'Content-Length' frames the request")]
    [InlineData("integration.request.header.Transfer-Encoding: \"'chunked'\"", "header 'Transfer-Encoding' frames the request")]
    [InlineData("integration.request.header.X-Note: \"'café'\"", "a character a header cannot carry")]
    [InlineData("\"integration.request.header.X Bad\": \"'x'\"", "'X Bad' is not a header name")]
    [InlineData("integration.request.header.Server: \"'gateway'\"", "header 'Server' belongs to responses")]
    public void A_header_mapping_that_could_reshape_the_backend_request_is_an_error(string mapping, string reason)
    {
        var diagnostics = Diagnose(Header + $$"""
            paths:
              /pets:
                get:
                  parameters: [ { name: X-Target, in: header, schema: { type: string } }, { name: X-Length, in: header, schema: { type: string } } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http
                    uri: http://127.0.0.1:1/pets
                    requestParameters:
                      {{mapping}}
            """);

        var error = Assert.Single(diagnostics);
        Assert.Contains("error GG0009: The integration of 'GET /pets' is invalid:", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("(1,1)", error);
    }

    [Fact]
    public void A_placeholder_in_the_backend_authority_is_an_error()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets/{host}:
                get:
                  parameters: [ { name: host, in: path, required: true, schema: { type: string } } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    uri: http://{host}.internal.example/pets
            """);

        var error = Assert.Single(diagnostics);
        Assert.Contains("error GG0009:", error);
        Assert.DoesNotContain("(1,1)", error);
    }

    [Fact]
    public void An_unsupported_integration_type_is_a_warning_at_its_type()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /streams:
                post:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: aws
                    uri: arn:aws:apigateway:us-east-1:kinesis:action/ListStreams
            """);

        Assert.Equal(new[] { "api.openapi.yaml(8,9): warning GG0010: Integration 'aws' of 'POST /streams' is not supported; the operation answers 500" }, diagnostics);
    }

    [Fact]
    public void A_path_that_cannot_be_routed_is_an_error_at_the_path()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /files/{a}{b}:
                get:
                  parameters:
                    - { name: a, in: path, required: true, schema: { type: string } }
                    - { name: b, in: path, required: true, schema: { type: string } }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(4,3): error GG0011: Path '/files/{a}{b}' cannot be routed: two parameters in segment '{a}{b}' need a literal between them" }, diagnostics);
    }

    [Fact]
    public void A_function_name_that_is_not_a_CSharp_identifier_is_an_error_at_the_name()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-integration: { type: function, name: list pets }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(7,51): error GG0012: 'list pets' is not a valid C# method name for the function of 'GET /pets'" }, diagnostics);
    }

    [Fact]
    public void Parameters_that_are_not_parsed_say_so_where_they_are_declared()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets:
                get:
                  parameters:
                    - { name: grid, in: query, schema: { type: array, items: { type: array, items: { type: integer } } } }
                    - { name: prefs, in: cookie, schema: { type: object } }
                    - { name: doc, in: query, content: { application/xml: { schema: { type: string } } } }
                    - { name: shape, in: header, schema: { type: object, properties: { size: { type: object } } } }
                    - { name: where, in: header, style: deepObject, schema: { type: object } }
                    - { name: created, in: query, style: deepObject, schema: { anyOf: [ { type: array, items: { type: string } }, { type: string, enum: [''] } ] } }
                    - { name: ids, in: query, schema: { type: array, items: { anyOf: [ { type: integer }, { type: string, enum: [all] } ] } } }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(7,11): warning GG0013: Parameter 'grid' in query is passed through without parsing: arrays of arrays or objects are not parsed (OpenAPI's styles do not define them)",
            "api.openapi.yaml(8,11): warning GG0013: Parameter 'prefs' in cookie is passed through without parsing: exploded cookie objects (one cookie per property) are not parsed; set explode: false",
            "api.openapi.yaml(9,11): warning GG0013: Parameter 'doc' in query is passed through without parsing: its value is described by 'content' of media type 'application/xml', which is not JSON",
            "api.openapi.yaml(10,11): warning GG0013: Parameter 'shape' in header is passed through without parsing: property 'size' is an array or an object, which OpenAPI's styles do not define inside an object",
            "api.openapi.yaml(11,11): warning GG0013: Parameter 'where' in header is passed through without parsing: style 'deepObject' does not apply to objects in header",
            "api.openapi.yaml(12,11): warning GG0013: Parameter 'created' in query is passed through without parsing: style 'deepObject' is read for an object (or anyOf/oneOf with one), an array of scalars or a scalar; this schema mixes an array with other values",
            "api.openapi.yaml(13,11): warning GG0013: Parameter 'ids' in query is passed through without parsing: its schema or its items' schema combines others (allOf, anyOf, oneOf, not), which array parameters do not check",
        }, diagnostics);
    }

    [Fact]
    public void Object_content_and_matrix_parameters_are_parsed_without_warnings()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets/{id}/{tags}:
                get:
                  parameters:
                    - { name: id, in: path, required: true, style: matrix, schema: { type: integer } }
                    - { name: tags, in: path, required: true, style: label, explode: true, schema: { type: array, items: { type: string } } }
                    - { name: filter, in: query, style: deepObject, schema: { type: object, properties: { size: { type: string } } } }
                    - { name: color, in: query, explode: false, schema: { type: object } }
                    - { name: q, in: query, content: { application/json: { schema: { type: object } } } }
                    - { name: prefs, in: cookie, explode: false, schema: { type: object } }
                    - { name: expand, in: query, style: deepObject, explode: true, schema: { type: array, items: { type: string } } }
                    - { name: trial_end, in: query, style: deepObject, schema: { anyOf: [ { type: string, enum: [now] }, { type: integer } ] } }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void An_undeclared_path_parameter_is_a_warning()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /pets/{petId}:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(5,5): warning GG0017: Path parameter 'petId' of 'GET /pets/{petId}' is not declared; it is treated as a string" }, diagnostics);
    }

    [Fact]
    public void An_api_key_requirement_is_enforced_silently_and_an_operation_with_only_unverified_schemes_is_refused_with_a_warning()
    {
        var diagnostics = Diagnose(Header + """
            security: [ { key: [] } ]
            components:
              securitySchemes:
                key: { type: apiKey, in: header, name: x-api-key }
                jwt: { type: http, scheme: bearer }
            paths:
              /pets:
                get:
                  security: [ { jwt: [] } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
                post:
                  security: [ { nokey: [] } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
                put:
                  security: [ { jwt: [] }, { key: [] } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        // Each refused operation is named at its requirement; one with a verified alternative is not refused.
        Assert.Equal(new[]
        {
            "api.openapi.yaml(11,21): warning GG0034: 'GET /pets' requires security scheme 'jwt' (http bearer without x-gatewaygen-jwt), which GatewayGen does not verify yet; every request to it is refused with 401",
            "api.openapi.yaml(15,21): warning GG0026: Security requirement names 'nokey', which is not defined in components.securitySchemes; it is taken as an API key in the x-api-key header",
        }, diagnostics);
    }

    [Fact]
    public void Invalid_throttles_quotas_and_method_throttles_are_errors_at_their_key()
    {
        var diagnostics = Diagnose(Header + """
            x-gatewaygen-usage-plans:
              basic:
                throttle: { rateLimit: 0, burstLimit: 5 }
                quota: { limit: 100, period: YEAR }
                methodThrottle:
                  "GET /cats": { rateLimit: 1, burstLimit: 1 }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-throttle: { rateLimit: 5, burstLimit: 0.5 }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(13,46): error GG0025: The throttle of x-gatewaygen-throttle needs burstLimit: a whole number of requests, at least 1.",
            "api.openapi.yaml(8,7): error GG0025: Usage plan 'basic': methodThrottle 'GET /cats' names no operation of this document (write it as \"GET /pets/{petId}\").",
            "api.openapi.yaml(5,17): error GG0025: The throttle of usage plan 'basic' needs rateLimit: requests per second, above 0.",
            "api.openapi.yaml(6,26): error GG0025: The quota of usage plan 'basic' needs period: DAY, WEEK or MONTH.",
        }, diagnostics);
    }

    [Fact]
    public void Missing_response_documentation_is_a_warning_and_the_operation_is_still_served()
    {
        var run = GeneratorHarness.Run(new SpecFile("/project/api.openapi.yaml", Header + """
            paths:
              /pets:
                get:
                  responses: {}
                  x-amazon-apigateway-integration: { type: mock }
            """));

        Assert.Equal(new[] { "api.openapi.yaml(6,7): warning GG0018: Responses must contain at least one response" }, run.GeneratorDiagnostics.Select(GeneratorRun.Format));
        Assert.Contains("\"/pets\"", run.Sources["Api.Routes.g.cs"]);
    }

    [Fact]
    public void A_usage_plan_defined_in_two_documents_is_an_error()
    {
        const string Spec = Header + """
            x-gatewaygen-usage-plans:
              basic: { throttle: { rateLimit: 1, burstLimit: 1 } }
            paths: {}
            """;
        var run = GeneratorHarness.Run(new SpecFile("/p/a.openapi.yaml", Spec), new SpecFile("/p/b.openapi.yaml", Spec));

        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format).ToArray();
        Assert.Equal("b.openapi.yaml(4,3): error GG0027: Usage plan 'basic' is defined in /p/a.openapi.yaml and in /p/b.openapi.yaml", Assert.Single(errors));
    }

    [Fact]
    public void A_route_two_documents_claim_is_an_error()
    {
        const string Pets = Header + """
            paths:
              /pets/{id}:
                get:
                  parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """;
        var run = GeneratorHarness.Run(
            new SpecFile("/p/pets.openapi.yaml", Pets),
            new SpecFile("/p/animals.openapi.yaml", Pets.Replace("{id}", "{animalId}").Replace("name: id", "name: animalId")));

        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format).ToArray();
        Assert.Equal("pets.openapi.yaml(5,5): error GG0004: Route 'GET /pets/{}' is claimed by GET /pets/{animalId} in API 'Animals' and by GET /pets/{id} in API 'Pets'", Assert.Single(errors));
    }

    [Fact]
    public void Two_documents_with_one_api_name_are_an_error()
    {
        var run = GeneratorHarness.Run(
            new SpecFile("/p/a/pets.openapi.yaml", Header + "paths: {}"),
            new SpecFile("/p/b/pets.openapi.yaml", Header + "paths: {}"));

        var diagnostics = run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
        Assert.Equal(new[] { "pets.openapi.yaml(1,1): error GG0016: The documents '/p/a/pets.openapi.yaml' and '/p/b/pets.openapi.yaml' both become API 'Pets'" }, diagnostics);
    }

    [Fact]
    public void A_key_in_a_json_document_is_located_at_its_line_and_column()
    {
        var diagnostics = Diagnose("""
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {
                "/pets": {
                  "get": {
                    "responses": { "200": { "description": "ok" } },
                    "x-amazon-apigateway-integration": { "type": "mock", "passthroughBehaviour": "never" }
                  }
                }
              }
            }
            """, "api.openapi.json");

        Assert.Equal(new[] { "api.openapi.json(8,62): warning GG0008: 'passthroughBehaviour' is not a key that x-amazon-apigateway-integration understands; it is ignored" }, diagnostics);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_expanded()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", Header + """
            x-common: &mock
              type: mock
              responses: { default: { statusCode: 204 } }
            paths:
              /a:
                get:
                  responses: { '204': { description: none } }
                  x-amazon-apigateway-integration: *mock
              /b:
                get:
                  responses: { '202': { description: accepted } }
                  x-amazon-apigateway-integration:
                    <<: *mock
                    responses: { default: { statusCode: 202 } }
            """));

        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Id != "GG0008"));
        var integrations = run.Sources["Api.Integrations.g.cs"];
        Assert.Contains("GetAMock = new(204,", integrations);
        Assert.Contains("GetBMock = new(202,", integrations);
    }

    [Fact]
    public void A_document_nested_too_deeply_is_an_error_not_a_stack_overflow()
    {
        var deep = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\nx-deep: " + new string('[', 5000) + new string(']', 5000) + "\npaths: {}\n";

        var diagnostics = Diagnose(deep);

        Assert.Contains(diagnostics, d => d.Contains("error GG0001") && d.Contains("nested more than 256 levels"));
    }

    [Fact]
    public void A_jwt_authorizer_without_an_audience_or_with_a_plain_http_issuer_is_an_error_at_the_setting()
    {
        var diagnostics = Diagnose(Header + """
            components:
              securitySchemes:
                noAudience: { type: http, scheme: bearer, x-gatewaygen-jwt: { issuer: 'https://idp.example.com/' } }
                plainHttp: { type: oauth2, flows: {}, x-gatewaygen-jwt: { issuer: 'http://127.evil.example/', audience: pets } }
                amazon:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer:
                    type: jwt
                    identitySource: '$request.querystring.token'
                    jwtConfiguration: { issuer: 'https://idp.example.com/', audience: [] }
                oidc:
                  type: openIdConnect
                  openIdConnectUrl: 'https://idp.example.com/.well-known/openid-configuration'
                  x-gatewaygen-jwt: { audience: pets, tenant: x }
            paths:
              /a: { get: { security: [ { noAudience: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
              /b: { get: { security: [ { plainHttp: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
              /c: { get: { security: [ { amazon: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
              /d: { get: { security: [ { oidc: [ read ] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
              /e: { get: { security: [ { oidc: read } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """).Where(d => d.Contains(" error ") || d.Contains("GG0008")).ToArray();

        Assert.Equal(new[]
        {
            "api.openapi.yaml(24,16): error GG0002: Expected list while parsing String",
            "api.openapi.yaml(5,47): error GG0036: Security scheme 'noAudience' cannot be checked as a JWT authorizer: it needs audience: the token audiences (aud, or client_id) to accept; without one, tokens issued to any application would pass",
            "api.openapi.yaml(6,63): error GG0036: Security scheme 'plainHttp' cannot be checked as a JWT authorizer: issuer 'http://127.evil.example/' is plain HTTP: keys are fetched over HTTPS only (plain HTTP only from loopback)",
            "api.openapi.yaml(14,65): error GG0036: Security scheme 'amazon' cannot be checked as a JWT authorizer: it needs audience: the token audiences (aud, or client_id) to accept; without one, tokens issued to any application would pass",
            "api.openapi.yaml(13,9): error GG0036: Security scheme 'amazon' cannot be checked as a JWT authorizer: identitySource must name one header, as $request.header.NAME",
            "api.openapi.yaml(18,43): warning GG0008: 'tenant' is not a key that x-gatewaygen-jwt understands; it is ignored",
            "api.openapi.yaml(24,30): error GG0036: Security scheme 'oidc' cannot be checked as a JWT authorizer: the scopes of a security requirement must be a list of scope names",
        }, diagnostics);
    }

    [Fact]
    public void Cache_settings_the_cache_cannot_apply_are_errors_at_their_values()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-gatewaygen-stages:
              dev: { cache: { enabled: yes-please, ttlSeconds: 7200, capacityMb: 0, sizeGb: 1 } }
              prod: { cache: { enabled: true, unauthorizedCacheControlHeaderStrategy: IGNORE } }
            paths:
              /pets/{id}:
                get:
                  parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
                  responses: { '200': { description: ok } }
                  x-gatewaygen-cache: { ttlSeconds: -1 }
                  x-amazon-apigateway-integration:
                    type: mock
                    cacheKeyParameters: [ method.request.querystring.lang, method.request.path.name, integration.request.header.x ]
            """).Where(d => d.Contains("GG0048") || d.Contains("GG0008") || d.Contains("GG0019")).ToArray();

        Assert.Equal(new[]
        {
            "api.openapi.yaml(4,73): warning GG0008: 'sizeGb' is not a key that a stage cache understands; it is ignored",
            "api.openapi.yaml(4,19): error GG0048: The cache's enabled of stage 'dev' must be true or false.",
            "api.openapi.yaml(4,40): error GG0048: The cache's ttlSeconds of stage 'dev' must be a whole number from 0 to 3600.",
            "api.openapi.yaml(4,58): error GG0048: The cache's capacityMb of stage 'dev' must be a whole number from 1 to 16384.",
            "api.openapi.yaml(5,35): error GG0048: The cache's unauthorizedCacheControlHeaderStrategy of stage 'prod' must be one of FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER, SUCCEED_WITHOUT_RESPONSE_HEADER.",
            "api.openapi.yaml(11,29): error GG0048: The cache's ttlSeconds of GET /pets/{id} must be a whole number from 0 to 3600.",
            "api.openapi.yaml(14,64): error GG0048: cacheKeyParameters entry \"method.request.path.name\" of GET /pets/{id} is not method.request.querystring.NAME, method.request.header.NAME or method.request.path.NAME of one of its path parameters.",
            "api.openapi.yaml(14,90): error GG0048: cacheKeyParameters entry \"integration.request.header.x\" of GET /pets/{id} is not method.request.querystring.NAME, method.request.header.NAME or method.request.path.NAME of one of its path parameters.",
        }, diagnostics);
    }

    [Fact]
    public void An_operation_other_than_get_that_opts_into_the_cache_is_warned_that_its_body_is_not_in_the_key()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-gatewaygen-stages: { dev: { cache: { enabled: true } } }
            paths:
              /search:
                post:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-cache: { enabled: true }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(8,29): warning GG0050: POST /search opts into the stage cache: its body is not in the cache key, so requests with different bodies get the same answer, and a repeated request is answered without reaching the backend" }, diagnostics);
    }

    [Fact]
    public void An_operation_that_asks_for_caching_without_any_stage_cache_is_warned_at_its_flag()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-cache: { enabled: true, ttlSeconds: 60 }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(7,29): warning GG0049: GET /pets enables x-gatewaygen-cache, but no stage of this document enables its cache; its answers are not cached" }, diagnostics);
    }

    private static string[] Diagnose(string text, string fileName = "api.openapi.yaml", ProjectSettings? settings = null)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/" + fileName, text) }, null, settings);
        Assert.Empty(run.Exceptions);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "GG0099");
        return run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
    }
}
