using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// A gateway response the gateway cannot apply as written stops the build at the key of the value that is wrong (fail closed:
/// it never silently leaves the default answer in its place); a variable that has no value here is a warning.
/// </summary>
public sealed class GatewayResponseDiagnosticTests
{
    private const string Header = """
        openapi: 3.0.3
        info: { title: T, version: '1' }
        paths: {}
        x-amazon-apigateway-gateway-responses:

        """;

    [Fact]
    public void A_valid_customisation_is_no_longer_reported_as_not_supported()
    {
        var diagnostics = Diagnose(Header + """
              THROTTLED:
                statusCode: 503
                responseParameters: { gatewayresponse.header.Retry-After: "'10'", gatewayresponse.header.X-Id: context.requestId }
                responseTemplates: { application/json: '{"message": $context.error.messageString}' }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void An_unknown_response_type_is_an_error_at_its_key()
    {
        var diagnostics = Diagnose(Header + """
              THROTTLE: { statusCode: 429 }
            """);

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.yaml(5,3): error GG0042: Gateway response 'THROTTLE' cannot be applied: it is not an API Gateway response type (ACCESS_DENIED,", only);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("700")]
    [InlineData("204")]
    [InlineData("199")]
    public void A_status_that_cannot_carry_the_answer_is_an_error_at_the_value(string status)
    {
        var diagnostics = Diagnose(Header + $"""
              DEFAULT_4XX: {"{"} statusCode: '{status}' {"}"}
            """);

        Assert.Equal(new[] { $"api.openapi.yaml(5,18): error GG0042: Gateway response 'DEFAULT_4XX' cannot be applied: statusCode '{status}' is not a status from 200 to 599 that carries a body (204, 205 and 304 do not)" }, diagnostics);
    }

    [Theory]
    [InlineData("gatewayresponse.header.X Bad: \"'x'\"", "'X Bad' is not a header name")]
    [InlineData("gatewayresponse.header.Content-Length: \"'5'\"", "header 'Content-Length' is the gateway's own")]
    [InlineData("gatewayresponse.header.x-amzn-RequestId: \"'1'\"", "header 'x-amzn-RequestId' is the gateway's own")]
    [InlineData("gatewayresponse.querystring.q: \"'1'\"", "'gatewayresponse.querystring.q' is not a response header mapping")]
    [InlineData("gatewayresponse.header.X-Value: plain", "'plain' is not a value a gateway response header can take")]
    [InlineData("gatewayresponse.header.X-Value: method.request.body", "'method.request.body' is not a value a gateway response header can take")]
    [InlineData("gatewayresponse.header.X-Value: \"'a\\r\\nSet-Cookie: x=1'\"", "the literal holds a character a header cannot carry")]
    public void A_header_mapping_the_gateway_cannot_send_is_an_error_at_it(string mapping, string problem)
    {
        var diagnostics = Diagnose(Header + """
              DEFAULT_4XX:
                responseParameters:

            """ + "        " + mapping + "\n");

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.yaml(7,", only);
        Assert.Contains("error GG0042: Gateway response 'DEFAULT_4XX' cannot be applied: " + problem, only);
    }

    [Theory]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.Authorization", "'Authorization' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.cookie", "'cookie' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.Proxy-Authorization", "'Proxy-Authorization' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.X-API-Key", "'X-API-Key' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.X-Partner-Key", "'X-Partner-Key' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.querystring.apikey", "'apikey' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.header.X-Session", "'X-Session' carries a credential")]
    [InlineData("gatewayresponse.header.X-Echo: method.request.querystring.ticket", "'ticket' carries a credential")]
    [InlineData("gatewayresponse.header.Content-Type: method.request.header.Accept", "header 'Content-Type' is the body's media type and cannot be mapped")]
    [InlineData("gatewayresponse.header.content-type: \"'text/html'\"", "header 'content-type' is the body's media type and cannot be mapped")]
    [InlineData("gatewayresponse.header.Location: method.request.querystring.next", "header 'Location' takes only a literal or a stage variable")]
    [InlineData("gatewayresponse.header.Refresh: method.request.querystring.next", "header 'Refresh' takes only a literal or a stage variable")]
    [InlineData("gatewayresponse.header.Set-Cookie: method.request.path.id", "header 'Set-Cookie' takes only a literal or a stage variable")]
    [InlineData("gatewayresponse.header.Location: context.path", "header 'Location' takes only a literal or a stage variable")]
    [InlineData("gatewayresponse.header.Access-Control-Allow-Origin: method.request.header.Origin", "header 'Access-Control-Allow-Origin' takes only a literal or a stage variable")]
    public void A_header_that_would_echo_a_credential_or_let_a_request_shape_the_answer_is_an_error_at_it(string mapping, string problem)
    {
        // Credentials: the API's key (header and query) and its C# authorizer's identity sources, as well as the usual ones.
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths: {}
            components:
              securitySchemes:
                partner: { type: apiKey, in: header, name: X-Partner-Key }
                query: { type: apiKey, in: query, name: apikey }
                session:
                  type: apiKey
                  in: header
                  name: X-Session
                  x-amazon-apigateway-authorizer:
                    type: request
                    identitySource: method.request.header.X-Session, method.request.querystring.ticket
                    authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Check/invocations
            x-amazon-apigateway-gateway-responses:
              DEFAULT_4XX:
                responseParameters:

            """ + "        " + mapping + "\n");

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("api.openapi.yaml(19,9): ", only);
        Assert.Contains("error GG0042: Gateway response 'DEFAULT_4XX' cannot be applied: " + problem, only);
    }

    [Fact]
    public void Literals_may_set_a_redirect_a_cookie_or_CORS_and_other_request_values_other_headers()
    {
        var diagnostics = Diagnose(Header + """
              UNAUTHORIZED:
                statusCode: 401
                responseParameters:
                  gatewayresponse.header.Location: "'https://login.example.com/'"
                  gatewayresponse.header.Set-Cookie: "'seen=1; Secure'"
                  gatewayresponse.header.Access-Control-Allow-Origin: "'https://app.example.com'"
                  gatewayresponse.header.X-Forwarded-Host: method.request.header.Host
                  gatewayresponse.header.X-Page: method.request.querystring.page
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("INTEGRATION_FAILURE", "200")]
    [InlineData("UNAUTHORIZED", "302")]
    [InlineData("DEFAULT_5XX", "201")]
    public void A_status_that_turns_a_failure_into_a_success_or_a_redirect_is_a_warning_at_it(string type, string status)
    {
        var diagnostics = Diagnose(Header + $"""
              {type}: {"{"} statusCode: {status} {"}"}
            """);

        Assert.Equal(new[] { $"api.openapi.yaml(5,{type.Length + 7}): warning GG0051: Gateway response '{type}' answers {status}: clients, caches and the 4XXError/5XXError metrics would take a failure for a success" }, diagnostics);
    }

    [Theory]
    [InlineData("$context.error.mesage")]
    [InlineData("$context.authorizer.claims")]
    [InlineData("$input.body")]
    [InlineData("$util.escapeJavaScript")]
    [InlineData("$context")]
    public void An_unknown_variable_in_a_template_is_an_error_at_the_template(string variable)
    {
        var diagnostics = Diagnose(Header + $$"""
              RESOURCE_NOT_FOUND:
                responseTemplates:
                  application/json: '{"message": "{{variable}}", "price": "$5", "cost": "$ 10"}'
            """);

        Assert.Equal(new[] { $"api.openapi.yaml(7,7): error GG0043: '{variable}' in gateway response 'RESOURCE_NOT_FOUND' is not a variable a gateway response can use" }, diagnostics);
    }

    [Fact]
    public void An_unknown_context_variable_in_a_header_is_an_error_at_the_value()
    {
        var diagnostics = Diagnose(Header + """
              ACCESS_DENIED:
                responseParameters: { gatewayresponse.header.X-Who: context.identity.sourceIP }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(6,27): error GG0043: '$context.identity.sourceIP' in gateway response 'ACCESS_DENIED' is not a variable a gateway response can use" }, diagnostics);
    }

    [Fact]
    public void A_variable_API_Gateway_has_and_the_gateway_has_not_is_a_warning_and_empty()
    {
        var diagnostics = Diagnose(Header + """
              INVALID_API_KEY:
                responseTemplates:
                  application/json: '{"key": "$context.identity.apiKey", "trace": "$context.xrayTraceId"}'
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(7,7): warning GG0044: '$context.identity.apiKey' in gateway response 'INVALID_API_KEY' has no value in GatewayGen (the gateway never echoes an API key; identity.apiKeyId names it); it is filled with an empty string",
            "api.openapi.yaml(7,7): warning GG0044: '$context.xrayTraceId' in gateway response 'INVALID_API_KEY' has no value in GatewayGen (there is no X-Ray); it is filled with an empty string",
        }, diagnostics);
    }

    [Fact]
    public void Templates_and_keys_of_the_wrong_shape_are_located()
    {
        var diagnostics = Diagnose(Header + """
              QUOTA_EXCEEDED:
                responseTemplate: { application/json: '{}' }
                responseTemplates: { 'application/*': '{}', text/plain: 5 }
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(6,5): warning GG0008: 'responseTemplate' is not a key that a gateway response understands; it is ignored",
            "api.openapi.yaml(7,26): error GG0042: Gateway response 'QUOTA_EXCEEDED' cannot be applied: 'application/*' is not a media type (type/subtype, such as application/json)",
            "api.openapi.yaml(7,49): error GG0042: Gateway response 'QUOTA_EXCEEDED' cannot be applied: the template for text/plain must be a string",
        }, diagnostics);
    }

    [Fact]
    public void An_undefined_stage_variable_is_an_error_where_it_is_used()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths: {}
            x-gatewaygen-stages:
              dev: { variables: { team: pets } }
            x-amazon-apigateway-gateway-responses:
              DEFAULT_5XX:
                responseParameters: { gatewayresponse.header.X-Team: stageVariables.team }
                responseTemplates: { text/plain: 'call $stageVariables.oncall' }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(9,26): error GG0007: Stage variable 'oncall' is not defined for stage 'dev'" }, diagnostics);
    }

    private static string[] Diagnose(string text)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/api.openapi.yaml", text) });
        Assert.Empty(run.Exceptions);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "GG0099");
        return run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
    }
}
