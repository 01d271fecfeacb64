using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>x-amazon-apigateway-policy compiled and enforced by the caller's address (127.0.0.2 is on loopback too).</summary>
public sealed class ResourcePolicyTests : IAsyncLifetime
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Policy, version: '1' }
        x-amazon-apigateway-policy:
          Version: '2012-10-17'
          Statement:
            - { Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': [ 127.0.0.1/32, '::1' ] } } }
            - { Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef/dev/GET/public/*' }
            - { Effect: Deny, Principal: '*', Action: 'execute-api:Invoke', Resource: [ 'execute-api:/*/GET/admin/*' ] }
            - { Effect: Deny, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/*/public/secret', Condition: { NotIpAddress: { 'aws:SourceIp': 10.0.0.0/8 } } }
            - { Effect: Allow, Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }
            - { Effect: Deny, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/dev/GET/legacy', Condition: { StringEquals: { 'aws:SourceVpce': vpce-1 } } }
        x-amazon-apigateway-cors: { allowOrigins: [ 'https://app.example.com' ], allowMethods: [ GET ] }
        paths:
          /pets: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /admin/users: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /legacy: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /public/{item}: { get: { parameters: [ { name: item, in: path, required: true, schema: { type: string } } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
        """;

    private CompiledGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/policy.openapi.yaml", Spec) });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1", "/pets", 200)]
    [InlineData("127.0.0.1", "/admin/users", 403)] // an explicit Deny wins over the Allow
    [InlineData("127.0.0.1", "/legacy", 403)] // a Deny it cannot evaluate denies its resources
    [InlineData("127.0.0.1", "/public/secret", 403)] // NotIpAddress 10.0.0.0/8 holds for 127.0.0.1
    [InlineData("127.0.0.2", "/pets", 403)] // no Allow matches (the IAM-principal Allow is never an allow)
    [InlineData("127.0.0.2", "/public/readme", 200)] // the full-ARN Allow for dev/GET/public/*
    public async Task Requests_are_let_in_only_by_a_matching_Allow_and_no_Deny(string from, string path, int status)
    {
        using var client = ClientFrom(IPAddress.Parse(from));

        using var response = await client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 403)
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("ACCESS_DENIED", error.RootElement.GetProperty("type").GetString());
            Assert.Contains($"execute-api:/dev/GET{path}", error.RootElement.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "/pets", 204)]
    [InlineData("127.0.0.1", "/admin/users", 403)] // the GET it announces is denied
    [InlineData("127.0.0.2", "/pets", 403)] // no Allow for this address
    [InlineData("127.0.0.2", "/public/readme", 204)]
    public async Task A_preflight_is_admitted_by_the_policy_as_the_request_it_announces(string from, string path, int status)
    {
        using var client = ClientFrom(IPAddress.Parse(from));
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 403)
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("ACCESS_DENIED", error.RootElement.GetProperty("type").GetString());
            Assert.Contains($"execute-api:/dev/GET{path}", error.RootElement.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("get", "/admin/users")] // routing ignores a method's case
    [InlineData("GET", "/ADMIN/users")] // and a literal's
    [InlineData("GET", "/admin/users/")] // and a trailing slash
    public async Task A_Deny_cannot_be_dodged_by_spelling_the_request_differently(string method, string path)
    {
        using var client = ClientFrom(IPAddress.Loopback);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{ Effect: deny, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }")] // not exactly Deny: still a Deny
    [InlineData("{ Effect: Deny, Principal: '*', Action: 'execute-api:Invoke', Resource: [ 'execute-api:/*', [ 'nested' ] ] }")]
    [InlineData("~")] // a null statement
    public async Task A_Deny_written_loosely_still_denies(string deny)
    {
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/loose.openapi.yaml", $$"""
            openapi: 3.0.3
            info: { title: Loose, version: '1' }
            x-amazon-apigateway-policy:
              Statement:
                - { Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }
                - {{deny}}
            paths:
              /pets: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """) });

        using var response = await gateway.Client.GetAsync("/pets");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{ Effect: Allow, Principal: '*', Action: [], Resource: 'execute-api:/*' }")]
    [InlineData("{ Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: ~ }")]
    [InlineData("{ Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:s3:::bucket/execute-api:/*' }")]
    [InlineData("{ Effect: Allow, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }")] // no Principal
    public async Task An_Allow_written_loosely_allows_nothing(string statement)
    {
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/loose.openapi.yaml", $$"""
            openapi: 3.0.3
            info: { title: Loose, version: '1' }
            x-amazon-apigateway-policy:
              Statement:
                - {{statement}}
            paths:
              /pets: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """) });

        using var response = await gateway.Client.GetAsync("/pets");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.9/8", "127.0.0.1", 200)] // host bits set: read as 127.0.0.0/8, as IAM does
    [InlineData("127.0.0.9/32", "127.0.0.1", 403)]
    [InlineData("'::1/127'", "::1", 200)]
    public async Task A_CIDR_written_with_host_bits_is_its_network(string cidr, string from, int status)
    {
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/cidr.openapi.yaml", $$"""
            openapi: 3.0.3
            info: { title: Cidr, version: '1' }
            x-amazon-apigateway-policy:
              Statement:
                - { Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': {{cidr}} } } }
            paths:
              /pets: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """) }, hostArguments: new[] { "--urls", from.Contains(':') ? "http://[::1]:0" : "http://127.0.0.1:0" });
        using var client = new HttpClient { BaseAddress = gateway.Address };

        using var response = await client.GetAsync("/pets");

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_when_a_trusted_proxy_sends_it()
    {
        await using var behindProxy = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/policy.openapi.yaml", Spec) }, hostArguments: new[] { "--Gateway:TrustedProxies=127.0.0.1" });

        async Task<int> StatusAsync(string from, string? forwardedFor, string path = "/pets")
        {
            using var client = ClientFrom(IPAddress.Parse(from));
            client.BaseAddress = behindProxy.Client.BaseAddress;
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(200, await StatusAsync("127.0.0.1", null));
        Assert.Equal(403, await StatusAsync("127.0.0.1", "198.51.100.7")); // the proxy says who the client is
        Assert.Equal(403, await StatusAsync("127.0.0.2", "127.0.0.1")); // anyone else cannot claim an address
        Assert.Equal(200, await StatusAsync("127.0.0.2", "127.0.0.1", "/public/readme"));

        // Without Gateway:TrustedProxies, X-Forwarded-For counts from nobody.
        using var direct = ClientFrom(IPAddress.Parse("127.0.0.1"));
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/pets");
        forged.Headers.Add("X-Forwarded-For", "198.51.100.7");
        using var answer = await direct.SendAsync(forged);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public void Statements_it_cannot_evaluate_are_located_warnings()
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/policy.openapi.yaml", Spec) }, null, null);
        var warnings = run.GeneratorDiagnostics.Select(GeneratorRun.Format).Where(d => d.Contains("GG0035", StringComparison.Ordinal)).ToArray();

        Assert.Equal(new[]
        {
            "policy.openapi.yaml(10,7): warning GG0035: This x-amazon-apigateway-policy statement is not evaluated: its Principal is missing or names IAM identities (only \"*\" is evaluated); it allows nothing",
            "policy.openapi.yaml(11,7): warning GG0035: This x-amazon-apigateway-policy statement is not evaluated: the condition operator 'StringEquals' is not evaluated (only IpAddress and NotIpAddress); it denies its resources to every request",
        }, warnings);
    }

    // A client whose connections come from the given loopback address.
    private HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = _gateway.Client.BaseAddress };
}
