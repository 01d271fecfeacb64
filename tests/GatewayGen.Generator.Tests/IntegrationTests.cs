using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>http_proxy, http, mock and aws_proxy integrations (Specs/integrations.openapi.yaml) against a real Kestrel backend.</summary>
public sealed class IntegrationTests : IClassFixture<IntegrationTests.Fixture>
{
    private const string Functions = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class IntegrationsFunctions
        {
            public static partial ValueTask<IResult> get_report(CallLambdaRequest request) => new(TypedResults.Text("lambda get-report"));
        }
        """;

    private readonly Fixture _gateway;

    public IntegrationTests(Fixture gateway) => _gateway = gateway;

    private HttpClient Client => _gateway.Client;

    [Theory]
    [InlineData("/pets/rex", "/pets/rex")]
    [InlineData("/pets/a%2Fb", "/pets/a%2Fb")]
    [InlineData("/pets/a%20b?x=1&y=%20z&y=2", "/pets/a%20b?x=1&y=%20z&y=2")]
    [InlineData("/pets/%C3%A9t%C3%A9", "/pets/%C3%A9t%C3%A9")]
    [InlineData("/static/css/site%20main.css?v=3", "/assets/css/site%20main.css?v=3")]
    public async Task Http_proxy_substitutes_escaped_path_values_and_passes_the_query_string(string path, string backendTarget)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(backendTarget, _gateway.Backend.Last.RawTarget);
    }

    [Fact]
    public async Task Http_proxy_passes_headers_except_hop_by_hop_and_adds_forwarded_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/pets/headers");
        request.Headers.Add("X-Custom", "kept");
        request.Headers.Add("X-Hop", "dropped");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Connection.Add("X-Hop");

        using var response = await Client.SendAsync(request);

        var seen = _gateway.Backend.Last.Headers;
        Assert.Equal("kept", seen["X-Custom"]);
        Assert.False(seen.ContainsKey("X-Hop"), "a header named in Connection is hop-by-hop");
        Assert.False(seen.ContainsKey("Keep-Alive"));
        Assert.False(seen.ContainsKey("Proxy-Authorization"));
        Assert.Equal("203.0.113.7, 127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.Equal(_gateway.Gateway.Address.Authority, seen["X-Forwarded-Host"]);
        Assert.Equal(_gateway.Backend.Address.Authority, seen["Host"]);
    }

    [Fact]
    public async Task Http_proxy_returns_the_backends_status_headers_and_body()
    {
        using var response = await Client.GetAsync("/pets/teapot");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("short and stout", response.Headers.GetValues("X-Teapot").Single());
        Assert.False(response.Headers.Contains("Proxy-Authenticate"), "hop-by-hop response headers stay behind");
        Assert.Equal("{\"teapot\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Http_proxy_streams_a_request_body_to_the_backend_and_the_answer_back()
    {
        var body = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await Client.PostAsync("/pets/rex", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _gateway.Backend.Last;
        Assert.Equal("POST", received.Method);
        Assert.Equal("/pets/rex/upload", received.RawTarget);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(received.Body));
        Assert.Equal("received " + body.Length, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Http_proxy_reuses_pooled_keep_alive_connections()
    {
        var before = _gateway.Backend.Received.Count;
        for (var i = 0; i < 10; i++)
        {
            using var response = await Client.GetAsync("/pets/pooled");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var connections = _gateway.Backend.Received.Skip(before).Select(r => r.ConnectionId).Distinct().Count();
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task A_backend_slower_than_timeoutInMillis_is_a_504()
    {
        using var response = await Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("INTEGRATION_TIMEOUT", error.Type);
        Assert.Contains("300 ms", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_502()
    {
        using var response = await Client.GetAsync("/down");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("INTEGRATION_FAILURE", (await ErrorBody.ReadAsync(response)).Type);
    }

    [Fact]
    public async Task Http_maps_request_parameters_and_sends_only_mapped_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/catalog/77?search=red%20shoes");
        request.Headers.Add("X-Client-Only", "not forwarded");

        using var response = await Client.SendAsync(request);

        var received = _gateway.Backend.Last;
        Assert.Equal("/v2/items/77?q=red%20shoes", received.RawTarget);
        Assert.Equal("77", received.Headers["X-Item"]);
        Assert.Equal("fixed value", received.Headers["X-Static"]);
        Assert.Equal("gold", received.Headers["X-Tier"]);
        Assert.Equal("dev", received.Headers["X-Stage"]);
        Assert.False(received.Headers.ContainsKey("X-Client-Only"));
    }

    [Theory]
    [InlineData(201, 200)]
    [InlineData(404, 400)]
    [InlineData(500, 502)]
    public async Task Http_selects_the_integration_response_by_backend_status(int backendStatus, int clientStatus)
    {
        // The backend answers /v2/items/{id} with status id; http integrations do not forward client headers.
        using var response = await Client.GetAsync($"/catalog/{backendStatus}");

        Assert.Equal(clientStatus, (int)response.StatusCode);
        if (clientStatus == 200)
        {
            Assert.Equal("backend-201", response.Headers.GetValues("X-Backend-Status").Single());
            Assert.Equal("gatewaygen", response.Headers.GetValues("X-Gateway").Single());
        }
    }

    [Fact]
    public async Task A_mock_answers_with_its_selected_status_headers_and_the_operations_example()
    {
        var backendRequests = _gateway.Backend.Received.Count;

        using var response = await Client.GetAsync("/examples/any");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("X-Mock").Single());
        Assert.Equal("{\"queued\":true,\"position\":3}", await response.Content.ReadAsStringAsync());
        Assert.Equal(backendRequests, _gateway.Backend.Received.Count);
    }

    [Fact]
    public async Task Aws_proxy_to_a_Lambda_calls_the_function_named_after_it()
    {
        using var response = await Client.GetAsync("/lambda");

        Assert.Equal("lambda get-report", await response.Content.ReadAsStringAsync());
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestBackend Backend { get; private set; } = null!;

        public CompiledGateway Gateway { get; private set; } = null!;

        public HttpClient Client => Gateway.Client;

        public async Task InitializeAsync()
        {
            Backend = await TestBackend.StartAsync(Respond);
            var spec = File.ReadAllText(RepoPaths.Spec("integrations.openapi.yaml")).Replace("http://backend.test", Backend.Url);
            Gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/integrations.openapi.yaml", spec) }, new[] { Functions });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }

        private static async Task Respond(HttpContext context)
        {
            var path = context.Request.Path.Value!;
            if (path == "/slow")
            {
                await Task.Delay(3000, context.RequestAborted).ContinueWith(_ => { });
                return;
            }

            if (path == "/pets/teapot")
            {
                context.Response.StatusCode = 418;
                context.Response.Headers["X-Teapot"] = "short and stout";
                context.Response.Headers["Proxy-Authenticate"] = "Basic";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"teapot\":true}");
                return;
            }

            if (path.EndsWith("/upload", StringComparison.Ordinal))
            {
                await context.Response.WriteAsync("received " + context.Request.ContentLength);
                return;
            }

            if (path.StartsWith("/v2/items/", StringComparison.Ordinal))
            {
                var status = int.TryParse(path.AsSpan("/v2/items/".Length), out var wanted) && wanted is >= 200 and <= 599 ? wanted : 200;
                context.Response.StatusCode = status;
                context.Response.Headers["X-Status"] = "backend-" + status;
                await context.Response.WriteAsync("item");
                return;
            }

            await context.Response.WriteAsync("ok");
        }
    }
}
