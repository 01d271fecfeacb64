using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// x-amazon-apigateway-cors served: the gateway answers preflights itself, and every answer to an allowed origin
/// (mock, function, proxied, the gateway's own errors) carries the configured headers, a backend's replaced.
/// </summary>
public sealed class CorsTests : IAsyncLifetime
{
    private const string App = "https://app.example.com";

    private const string Functions = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class ShopFunctions
        {
            public static partial ValueTask<IResult> Hello(GetHelloRequest request) => ValueTask.FromResult<IResult>(TypedResults.Text("hello"));
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-cors-" + Guid.NewGuid().ToString("N"));
    private TestBackend _backend = null!;
    private CompiledGateway _gateway = null!;

    private static string Spec(string backend) => $$"""
        openapi: 3.0.3
        info: { title: Shop, version: '1' }
        x-amazon-apigateway-cors:
          allowOrigins: [ 'https://app.example.com' ]
          allowMethods: [ GET, PUT, POST ]
          allowHeaders: [ content-type, x-api-key ]
          exposeHeaders: [ x-amzn-RequestId ]
          maxAge: 300
          allowCredentials: true
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: x-api-key }
            basic: { type: http, scheme: basic }
        paths:
          /pets:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
            put:
              security: [ { key: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: PUT, uri: '{{backend}}/pets' }
          /private:
            get:
              security: [ { basic: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /hello:
            get:
              responses: { '200': { description: ok } }
              x-gatewaygen-integration: { type: function, name: Hello }
          /proxied:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: '{{backend}}/proxied' }
          /search:
            get:
              parameters: [ { name: limit, in: query, schema: { type: integer } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /burst:
            get:
              responses: { '200': { description: ok } }
              x-gatewaygen-throttle: { rateLimit: 0.001, burstLimit: 1 }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /partner:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
              x-amazon-apigateway-cors:
                allowOrigins: [ 'https://partner.example.org', 'http://*' ]
                allowMethods: [ GET ]
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _backend = await TestBackend.StartAsync(context =>
        {
            // A backend with CORS headers of its own, which the configured ones replace.
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowMethods = "DELETE";
            context.Response.Headers.AccessControlExposeHeaders = "x-secret";
            return context.Response.WriteAsync("from the backend");
        });
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/shop.openapi.yaml", Spec(_backend.Url)) },
            new[] { Functions },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"), "--Gateway:Limits:MaxPayloadBytes=16" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_by_the_gateway_without_a_key_and_without_the_backend()
    {
        // PUT /pets needs an API key and is proxied; its preflight needs neither.
        using var response = await PreflightAsync("/pets", App, "PUT", "content-type, x-api-key");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("GET,PUT,POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type,x-api-key", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("300", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", Header(response, "Vary"));
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task A_scheme_wildcard_allows_any_origin_of_that_scheme_only()
    {
        // /partner's own configuration: a scheme wildcard is allowed only without credentials (GG0040).
        using var http = await PreflightAsync("/partner", "http://localhost:3000", "GET");
        using var https = await PreflightAsync("/partner", "https://elsewhere.example.net", "GET");

        Assert.Equal("http://localhost:3000", Header(http, "Access-Control-Allow-Origin"));
        Assert.Null(Header(http, "Access-Control-Allow-Credentials"));
        Assert.Equal(HttpStatusCode.NoContent, https.StatusCode);
        Assert.Null(Header(https, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_from_an_origin_not_allowed_is_answered_without_cors_headers_and_not_forwarded()
    {
        using var response = await PreflightAsync("/proxied", "https://evil.example", "GET", "x-api-key");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Origin", Header(response, "Vary"));
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task A_preflight_for_a_method_or_header_not_allowed_is_told_only_what_is_allowed()
    {
        // The browser compares: DELETE and x-debug are not in the lists, so it refuses the request it meant to send.
        using var response = await PreflightAsync("/pets", App, "DELETE", "x-debug");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("GET,PUT,POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type,x-api-key", Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task A_mock_a_function_and_a_proxied_answer_carry_the_configured_headers_in_place_of_the_backends()
    {
        using var mock = await GetAsync("/pets", App);
        using var function = await GetAsync("/hello", App);
        using var proxied = await GetAsync("/proxied", App);

        foreach (var response in new[] { mock, function, proxied })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
            Assert.Equal("x-amzn-RequestId", Header(response, "Access-Control-Expose-Headers"));
            Assert.Contains("Origin", Header(response, "Vary"));
            Assert.Null(Header(response, "Access-Control-Allow-Methods")); // preflight answers only, and the backend's is gone
        }

        Assert.Equal("hello", await function.Content.ReadAsStringAsync());
        Assert.Equal("from the backend", await proxied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateways_own_errors_carry_the_headers_too()
    {
        using var unauthorized = await GetAsync("/private", App); // http basic is not verified: 401
        using var forbidden = await SendAsync(HttpMethod.Put, "/pets", App); // no API key: 403
        using var notFound = await GetAsync("/nowhere", App);
        using var notAllowed = await SendAsync(HttpMethod.Delete, "/pets", App);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        foreach (var response in new[] { unauthorized, forbidden, notFound, notAllowed })
        {
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task Refusals_at_the_edge_in_validation_and_in_throttling_carry_the_headers_too()
    {
        var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/pets") { Content = new StringContent(new string('x', 100)) };
        tooLarge.Headers.Add("Origin", App);
        using var payload = await _gateway.Client.SendAsync(tooLarge); // refused by the edge, before routing
        using var invalid = await GetAsync("/search?limit=many", App);
        using var first = await GetAsync("/burst", App);
        using var throttled = await GetAsync("/burst", App);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, payload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        foreach (var response in new[] { payload, invalid, throttled })
        {
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("x-amzn-RequestId", Header(response, "Access-Control-Expose-Headers"));
        }
    }

    [Fact]
    public async Task Answers_to_requests_without_an_allowed_origin_carry_no_cors_headers_but_vary_by_origin()
    {
        using var noOrigin = await GetAsync("/proxied", origin: null);
        using var evil = await GetAsync("/pets", "https://evil.example");

        foreach (var response in new[] { noOrigin, evil })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
            Assert.Contains("Origin", Header(response, "Vary"));
        }
    }

    [Fact]
    public async Task An_operations_own_configuration_replaces_the_documents_for_its_answers_and_preflights()
    {
        const string Partner = "https://partner.example.org";
        using var partner = await GetAsync("/partner", Partner);
        using var app = await GetAsync("/partner", App);
        using var partnerPreflight = await PreflightAsync("/partner", Partner, "GET", "x-api-key");
        using var appPreflight = await PreflightAsync("/partner", App, "GET");

        Assert.Equal(Partner, Header(partner, "Access-Control-Allow-Origin"));
        Assert.Null(Header(partner, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(app, "Access-Control-Allow-Origin"));
        Assert.Equal((HttpStatusCode.NoContent, Partner, "GET"), (partnerPreflight.StatusCode, Header(partnerPreflight, "Access-Control-Allow-Origin"), Header(partnerPreflight, "Access-Control-Allow-Methods")));
        Assert.Null(Header(partnerPreflight, "Access-Control-Allow-Headers"));
        Assert.Equal(HttpStatusCode.NoContent, appPreflight.StatusCode);
        Assert.Null(Header(appPreflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflights_pass_the_account_throttle_so_a_flood_of_them_is_refused()
    {
        await _gateway.DisposeAsync();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/shop.openapi.yaml", Spec(_backend.Url)) },
            new[] { Functions },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"), "--Gateway:AccountThrottle:RateLimit=0.001", "--Gateway:AccountThrottle:BurstLimit=2" });

        using var first = await PreflightAsync("/pets", App, "PUT");
        using var second = await PreflightAsync("/pets", App, "PUT");
        using var third = await PreflightAsync("/pets", App, "PUT");

        Assert.Equal(new[] { HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests }, new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_preflight_to_a_path_without_operations_is_answered_too()
    {
        using var response = await PreflightAsync("/nowhere", App, "POST");

        Assert.Equal((HttpStatusCode.NoContent, App), (response.StatusCode, Header(response, "Access-Control-Allow-Origin")));
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return _gateway.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? origin) => SendAsync(HttpMethod.Get, path, origin);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? origin)
    {
        var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _gateway.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
