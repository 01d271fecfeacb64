using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Where CORS applies and where it does not: operations without a configuration, OPTIONS operations, gateways
/// without CORS, and several APIs of which one has it.
/// </summary>
public sealed class CorsRoutingTests
{
    private const string App = "https://app.example.com";

    private const string Mock = "x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{\"statusCode\": 200}' } }";

    // A function that sends CORS headers of its own, as a backend might.
    private const string Functions = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class ShopFunctions
        {
            public static partial ValueTask<IResult> Own(GetOwnRequest request)
            {
                request.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
                return ValueTask.FromResult<IResult>(TypedResults.Text("own"));
            }

            public static partial ValueTask<IResult> Configured(GetConfiguredRequest request)
            {
                request.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
                return ValueTask.FromResult<IResult>(TypedResults.Text("configured"));
            }
        }
        """;

    [Fact]
    public async Task With_only_an_operations_configuration_the_others_keep_their_answers_and_preflights()
    {
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Shop, version: '1' }
            paths:
              /own:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-integration: { type: function, name: Own }
              /configured:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-integration: { type: function, name: Configured }
                  x-amazon-apigateway-cors: { allowOrigins: [ '{{App}}' ], allowMethods: [ GET ] }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/shop.openapi.yaml", spec) }, new[] { Functions });

        using var own = await SendAsync(gateway, HttpMethod.Get, "/own", App);
        using var configured = await SendAsync(gateway, HttpMethod.Get, "/configured", App);
        using var ownPreflight = await SendAsync(gateway, HttpMethod.Options, "/own", App, "GET");
        using var configuredPreflight = await SendAsync(gateway, HttpMethod.Options, "/configured", App, "GET");

        Assert.Equal("*", Header(own, "Access-Control-Allow-Origin")); // the function's own, untouched
        Assert.DoesNotContain("Origin", own.Headers.Vary);
        Assert.Equal(App, Header(configured, "Access-Control-Allow-Origin")); // the function's "*" replaced
        Assert.Equal(HttpStatusCode.MethodNotAllowed, ownPreflight.StatusCode);
        Assert.Null(Header(ownPreflight, "Access-Control-Allow-Origin"));
        Assert.Equal((HttpStatusCode.NoContent, App), (configuredPreflight.StatusCode, Header(configuredPreflight, "Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task An_options_operation_under_cors_answers_only_options_requests_that_are_not_preflights()
    {
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Shop, version: '1' }
            x-amazon-apigateway-cors: { allowOrigins: [ '{{App}}' ], allowMethods: [ GET ] }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  {{Mock}}
                options:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: { application/json: '{"statusCode": 200}' }
                    responses: { default: { statusCode: 200, responseTemplates: { text/plain: from the operation } } }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/shop.openapi.yaml", spec) }, new[] { "" });

        using var plain = await SendAsync(gateway, HttpMethod.Options, "/pets", App);
        using var preflight = await SendAsync(gateway, HttpMethod.Options, "/pets", App, "GET");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("from the operation", await plain.Content.ReadAsStringAsync());
        Assert.Equal(App, Header(plain, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("", await preflight.Content.ReadAsStringAsync());
        Assert.Equal("GET", Header(preflight, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Without_cors_a_preflight_reaches_the_options_operation_as_before()
    {
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Shop, version: '1' }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  {{Mock}}
                options:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: { application/json: '{"statusCode": 200}' }
                    responses: { default: { statusCode: 200, responseTemplates: { text/plain: from the operation } } }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/shop.openapi.yaml", spec) }, new[] { "" });

        using var preflight = await SendAsync(gateway, HttpMethod.Options, "/pets", App, "GET");
        using var get = await SendAsync(gateway, HttpMethod.Get, "/pets", App);

        Assert.Equal("from the operation", await preflight.Content.ReadAsStringAsync());
        Assert.DoesNotContain(preflight.Headers.Concat(get.Headers), h => h.Key.StartsWith("Access-Control-", System.StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Origin", get.Headers.Vary);
    }

    [Fact]
    public async Task Of_several_apis_only_the_one_with_cors_answers_preflights_and_gets_the_headers()
    {
        var shop = $$"""
            openapi: 3.0.3
            info: { title: Shop, version: '1' }
            x-amazon-apigateway-cors: { allowOrigins: [ '{{App}}' ], allowMethods: [ GET, POST ] }
            paths:
              /shop:
                get:
                  responses: { '200': { description: ok } }
                  {{Mock}}
            """;
        var admin = $$"""
            openapi: 3.0.3
            info: { title: Admin, version: '1' }
            paths:
              /admin:
                get:
                  responses: { '200': { description: ok } }
                  {{Mock}}
            """;
        await using var gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/shop.openapi.yaml", shop), new SpecFile("/project/admin.openapi.yaml", admin) }, new[] { "" });

        using var shopGet = await SendAsync(gateway, HttpMethod.Get, "/shop", App);
        using var shopPreflight = await SendAsync(gateway, HttpMethod.Options, "/shop", App, "POST");
        using var adminGet = await SendAsync(gateway, HttpMethod.Get, "/admin", App);
        using var adminPreflight = await SendAsync(gateway, HttpMethod.Options, "/admin", App, "GET");
        using var unknown = await SendAsync(gateway, HttpMethod.Options, "/unknown", App, "GET");

        Assert.Equal(App, Header(shopGet, "Access-Control-Allow-Origin"));
        Assert.Equal((HttpStatusCode.NoContent, "GET,POST"), (shopPreflight.StatusCode, Header(shopPreflight, "Access-Control-Allow-Methods")));
        Assert.Equal(HttpStatusCode.OK, adminGet.StatusCode);
        Assert.Null(Header(adminGet, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, adminPreflight.StatusCode);
        Assert.Null(Header(adminPreflight, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode); // no API owns an unknown path of several
        Assert.Null(Header(unknown, "Access-Control-Allow-Origin"));
    }

    private static Task<HttpResponseMessage> SendAsync(CompiledGateway gateway, HttpMethod method, string path, string origin, string? requestMethod = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (requestMethod is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", requestMethod);
        }

        return gateway.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
