using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// x-amazon-apigateway-gateway-responses as a client sees it: customised statuses, headers and bodies for the
/// gateway's own answers, DEFAULT_4XX as the fallback, request values that cannot inject headers, and the default
/// answers left exactly as they were where nothing is customised.
/// </summary>
public sealed class GatewayResponseTests : IClassFixture<GatewayResponseTests.Fixture>
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Responses, version: '1' }
        x-gatewaygen-stages:
          dev: { variables: { team: pets-team } }
        x-amazon-apigateway-gateway-responses:
          RESOURCE_NOT_FOUND:
            statusCode: 404
            responseParameters:
              gatewayresponse.header.X-Error-Kind: "'not-found'"
            responseTemplates:
              application/json: '{"error": $context.error.messageString, "type": "$context.error.responseType", "requestId": "$context.requestId", "path": "$context.path", "team": "$stageVariables.team"}'
              text/html: '<p>Nothing at $context.path</p>'
          MISSING_AUTHENTICATION_TOKEN:
            statusCode: '401'
            responseParameters:
              gatewayresponse.header.WWW-Authenticate: "'ApiKey'"
              gatewayresponse.header.X-Echo-Id: method.request.path.id
              gatewayresponse.header.X-Echo-Query: method.request.querystring.q
              gatewayresponse.header.X-Echo-Trace: method.request.header.X-Trace
              gatewayresponse.header.X-Stage: context.stage
            responseTemplates:
              application/json: '{"needs": "a key", "resource": "$context.resourcePath", "method": "$context.httpMethod"}'
          THROTTLED:
            statusCode: 503
            responseTemplates:
              text/plain: 'Slow down: $context.error.message ($context.error.responseType)'
          BAD_REQUEST_BODY:
            responseTemplates:
              application/json: '{"invalid": $context.error.messageString, "details": "$context.error.validationErrorString"}'
          BAD_REQUEST_PARAMETERS:
            responseParameters:
              gatewayresponse.header.X-Validation: "'failed'"
          INTEGRATION_FAILURE:
            responseTemplates:
              application/json: '{"backend": "down", "type": "$context.error.responseType"}'
          INTEGRATION_TIMEOUT:
            statusCode: 503
            responseParameters:
              gatewayresponse.header.Retry-After: "'3'"
          API_CONFIGURATION_ERROR:
            responseParameters:
              gatewayresponse.header.X-Principal: context.authorizer.principalId
            responseTemplates:
              application/json: '{"principal": "$context.authorizer.principalId", "tier": "$context.authorizer.tier", "type": "$context.error.responseType"}'
          DEFAULT_4XX:
            responseParameters:
              gatewayresponse.header.X-Fallback: "'4xx'"
            responseTemplates:
              application/json: '{"fallback": $context.error.messageString, "type": "$context.error.responseType"}'
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: x-api-key }
            tokenAuth:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:checkToken/invocations'
                authorizerResultTtlInSeconds: 0
        paths:
          /keyed/{id}:
            get:
              security: [ { key: [] } ]
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /limited:
            get:
              x-gatewaygen-throttle: { rateLimit: 0.001, burstLimit: 1 }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /pets:
            get:
              parameters: [ { name: limit, in: query, required: true, schema: { type: integer } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, required: [ name ], properties: { name: { type: string } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /down:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: 'http://127.0.0.1:9/down' }
          /slow:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: 'BACKEND/slow', timeoutInMillis: 300 }
          /unfinished:
            get:
              security: [ { tokenAuth: [] } ]
              responses: { '200': { description: ok } }
        """;

    private const string Functions = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using GatewayGen.Runtime;

        namespace TestGateway;

        public static partial class ApiFunctions
        {
            public static partial ValueTask<AuthorizerResult> checkToken(CheckTokenAuthorizerRequest request) =>
                request.Token == "Bearer boom"
                    ? throw new System.InvalidOperationException("the authorizer's own bug")
                    : ValueTask.FromResult(AuthorizerResult.Allow("ada", new Dictionary<string, string> { ["tier"] = "gold" }));
        }
        """;

    private readonly Fixture _fixture;

    public GatewayResponseTests(Fixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Gateway.Client;

    [Fact]
    public async Task A_customised_404_has_its_status_header_and_template_with_the_request_id_of_x_amzn_RequestId()
    {
        using var response = await Client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", response.Headers.GetValues("X-Error-Kind").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No operation matches GET /nowhere.", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("RESOURCE_NOT_FOUND", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), body.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("pets-team", body.RootElement.GetProperty("team").GetString());
        Assert.False(response.Headers.Contains("X-Fallback")); // its own customisation, not DEFAULT_4XX's
    }

    [Fact]
    public async Task A_message_with_quotes_and_backslashes_stays_one_JSON_string()
    {
        // 415 UNSUPPORTED_MEDIA_TYPE (DEFAULT_4XX's template): the message quotes the client's Content-Type.
        var content = new StringContent("{}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain; a=\"\\\"},\"x\":\"1\"");
        using var response = await Client.PostAsync("/pets", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("'text/plain; a=\"\\\"},\"x\":\"1\"'", body.RootElement.GetProperty("fallback").GetString());
        Assert.False(body.RootElement.TryGetProperty("x", out _));

        // A request value substituted inside a template's quotes is escaped the same way.
        using var notFound = await Client.GetAsync("/say%22hi%22%5C%22%7D,%22x%22:%221");
        using var notFoundBody = JsonDocument.Parse(await notFound.Content.ReadAsStringAsync());
        Assert.Equal("/say\"hi\"\\\"},\"x\":\"1", notFoundBody.RootElement.GetProperty("path").GetString());
        Assert.False(notFoundBody.RootElement.TryGetProperty("x", out _));
    }

    [Fact]
    public async Task The_template_follows_Accept_and_escapes_HTML_in_an_HTML_template()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/%3Cscript%3E");
        request.Headers.Accept.ParseAdd("text/html, application/json;q=0.5");
        using var response = await Client.SendAsync(request);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<p>Nothing at /&lt;script&gt;</p>", await response.Content.ReadAsStringAsync());

        var other = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        other.Headers.Accept.ParseAdd("application/xml");
        using var fallback = await Client.SendAsync(other);
        Assert.Equal("application/json", fallback.Content.Headers.ContentType?.MediaType); // none matches: the first template
    }

    [Fact]
    public async Task A_missing_API_key_answers_as_customised_with_request_values_in_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/keyed/pet-7?q=red");
        request.Headers.Add("X-Trace", "trace-1");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("pet-7", response.Headers.GetValues("X-Echo-Id").Single());
        Assert.Equal("red", response.Headers.GetValues("X-Echo-Query").Single());
        Assert.Equal("trace-1", response.Headers.GetValues("X-Echo-Trace").Single());
        Assert.Equal("dev", response.Headers.GetValues("X-Stage").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/keyed/{id}", body.RootElement.GetProperty("resource").GetString());
        Assert.Equal("GET", body.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_request_value_that_would_inject_a_header_is_dropped()
    {
        using var response = await Client.GetAsync("/keyed/pet%0D%0AX-Injected:%20yes?q=a%0D%0ASet-Cookie:%20s=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Echo-Id"));
        Assert.False(response.Headers.Contains("X-Echo-Query"));
        Assert.False(response.Headers.Contains("X-Injected"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_throttled_request_gets_the_customised_status_and_plain_text_body_and_keeps_Retry_After()
    {
        using var first = await Client.GetAsync("/limited");
        using var second = await Client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("text/plain", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Slow down: Too Many Requests (THROTTLED)", await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_customised_validation_template_replaces_the_errors_array_and_lists_them_in_validationErrorString()
    {
        using var response = await Client.PostAsync("/pets", new StringContent("{\"name\": 5}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
        Assert.StartsWith("Invalid request body: /name:", body.RootElement.GetProperty("invalid").GetString());
        Assert.StartsWith("[/name: ", body.RootElement.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_validation_failure_customised_without_a_template_keeps_its_errors_array()
    {
        using var response = await Client.GetAsync("/pets?limit=many");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("failed", response.Headers.GetValues("X-Validation").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_PARAMETERS", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("query.limit", body.RootElement.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_gateways_own_answers_tell_browsers_not_to_sniff_them_as_HTML()
    {
        // Messages may quote the request and the JSON keeps '<' as it is, so no browser may guess HTML from the bytes.
        using var defaultBody = await Client.GetAsync("/slow");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        request.Headers.Accept.ParseAdd("text/html");
        using var templated = await Client.SendAsync(request);

        Assert.Equal("application/json", defaultBody.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", defaultBody.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("text/html", templated.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", templated.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_dead_backend_is_a_502_with_the_customised_body()
    {
        using var response = await Client.GetAsync("/down");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("{\"backend\": \"down\", \"type\": \"INTEGRATION_FAILURE\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_slow_backend_answers_the_customised_status_and_header_over_the_default_body()
    {
        using var response = await Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("INTEGRATION_TIMEOUT", (await ErrorBody.ReadAsync(response)).Type);
    }

    [Fact]
    public async Task DEFAULT_4XX_customises_every_4xx_type_without_its_own()
    {
        using var response = await Client.DeleteAsync("/pets"); // 405: DEFAULT_4XX itself
        using var tooLarge = await Client.PostAsync("/pets", new StringContent(new string(' ', 11 * 1024 * 1024), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("4xx", response.Headers.GetValues("X-Fallback").Single());
        Assert.Equal("DEFAULT_4XX", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("4xx", tooLarge.Headers.GetValues("X-Fallback").Single());
        Assert.Equal("REQUEST_TOO_LARGE", JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task What_the_authorizer_returned_reaches_the_customised_answer_of_an_admitted_request()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/unfinished");
        request.Headers.Add("Authorization", "Bearer ada");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ada", response.Headers.GetValues("X-Principal").Single());
        Assert.Equal("{\"principal\": \"ada\", \"tier\": \"gold\", \"type\": \"API_CONFIGURATION_ERROR\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_5xx_type_nothing_customises_keeps_the_default_answer()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/unfinished");
        request.Headers.Add("Authorization", "Bearer boom");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Fallback"));
        Assert.False(response.Headers.Contains("X-Principal"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(new[] { "message", "type", "requestId" }, body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("AUTHORIZER_FAILURE", body.RootElement.GetProperty("type").GetString());
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestBackend Backend { get; private set; } = null!;

        public CompiledGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Backend = await TestBackend.StartAsync(async context =>
            {
                await Task.Delay(3000, context.RequestAborted).ContinueWith(_ => { });
            });
            Gateway = await CompiledGateway.StartAsync(Spec.Replace("BACKEND", Backend.Url), Functions);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }
}
