using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>tests/TestGateways/ProxyGateway as a real process in front of nginx and Kestrel, all on 127.0.0.1.</summary>
[Collection(LoopbackPorts.Name)]
public sealed class ProxyGatewayTests : IClassFixture<ProxyGatewayTests.Fixture>
{
    private readonly Fixture _fixture;

    public ProxyGatewayTests(Fixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Client;

    [Fact]
    public async Task Path_values_stay_one_segment_and_the_query_string_passes_through()
    {
        var echo = await EchoAsync("/echo/a%2Fb%20c?x=1&y=%20z&y=2");

        Assert.Equal("/echo/a%2Fb%20c?x=1&y=%20z&y=2", echo["uri"]);
    }

    [Fact]
    public async Task Headers_pass_except_hop_by_hop_and_forwarded_headers_are_added()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo/headers");
        request.Headers.Add("X-Custom", "kept");
        request.Headers.Add("X-Hop", "dropped");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Connection.Add("X-Hop");

        var echo = await EchoAsync(request);

        Assert.Equal("kept", echo["custom"]);
        Assert.Equal("", echo["xhop"]);
        Assert.Equal("", echo["keepalive"]);
        Assert.Equal("127.0.0.1", echo["xff"]);
        Assert.Equal("http", echo["xfp"]);
        Assert.Equal(_fixture.Address.Authority, echo["xfh"]);
        Assert.Equal($"127.0.0.1:{NginxBackend.Port}", echo["host"]);
    }

    [Fact]
    public async Task A_greedy_path_reaches_nested_files()
    {
        Assert.Equal("hello from nginx\n", await Client.GetStringAsync("/files/nested%20dir/hello%20world.txt"));
    }

    [Fact]
    public async Task A_50_MB_response_streams_through_with_bounded_memory()
    {
        var peakBefore = _fixture.Gateway.PeakResidentKilobytes();

        using var response = await Client.GetAsync("/files/large.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var hash = await SHA256.HashDataAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NginxBackend.LargeFileBytes, response.Content.Headers.ContentLength);
        Assert.Equal(_fixture.Nginx.LargeFileHash, hash);
        var growthMegabytes = (_fixture.Gateway.PeakResidentKilobytes() - peakBefore) / 1024.0;
        Assert.True(growthMegabytes < 25, $"the gateway's peak memory grew by {growthMegabytes:0.0} MB while relaying 50 MB");
    }

    [Fact]
    public async Task A_request_body_streams_to_the_backend_unchanged()
    {
        var body = RandomNumberGenerator.GetBytes(9 * 1024 * 1024); // under API Gateway's 10 MB payload limit

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await Client.PostAsync("/upload", content);

        Assert.Equal($"{body.Length} {Convert.ToHexString(SHA256.HashData(body))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_50_MB_response_is_compressed_as_it_streams_for_a_client_that_accepts_gzip()
    {
        var peakBefore = _fixture.Gateway.PeakResidentKilobytes();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/files/large.bin");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var hash = await SHA256.HashDataAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Null(response.Content.Headers.ContentLength); // nginx's length is the uncompressed one
        Assert.Equal(_fixture.Nginx.LargeFileHash, hash);
        var growthMegabytes = (_fixture.Gateway.PeakResidentKilobytes() - peakBefore) / 1024.0;
        Assert.True(growthMegabytes < 25, $"the gateway's peak memory grew by {growthMegabytes:0.0} MB while compressing 50 MB");
    }

    [Fact]
    public async Task A_compressed_request_body_reaches_the_backend_as_it_was_sent()
    {
        using var compressed = new System.IO.MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 100_000))));
        }

        var sent = compressed.ToArray();
        using var content = new ByteArrayContent(sent);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await Client.PostAsync("/upload", content);

        Assert.Equal($"{sent.Length} {Convert.ToHexString(SHA256.HashData(sent))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Backend_connections_are_pooled_and_kept_alive()
    {
        var connections = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add((await EchoAsync("/echo/pooled"))["connection"]);
        }

        Assert.Single(connections);
    }

    [Fact]
    public async Task A_slow_backend_is_a_504_and_a_dead_one_a_502()
    {
        using var slow = await Client.GetAsync("/slow");
        using var down = await Client.GetAsync("/down");

        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Contains("INTEGRATION_TIMEOUT", await slow.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Contains("INTEGRATION_FAILURE", await down.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_customised_404_body_carries_the_request_id_of_its_x_amzn_RequestId_header()
    {
        using var response = await Client.GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", response.Headers.GetValues("X-Gateway-Error").Single());
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        Assert.True(Guid.TryParse(requestId, out _));
        Assert.Equal(requestId, body.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("No operation matches GET /no/such/route.", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("dev", body.RootElement.GetProperty("stage").GetString());
        Assert.Equal("RESOURCE_NOT_FOUND", body.RootElement.GetProperty("kind").GetString());

        // A client's own request id (a UUID) is kept, in the header and in the body alike.
        var sent = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("x-amzn-RequestId", sent);
        using var again = await Client.SendAsync(request);
        Assert.Equal(sent, again.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal(sent, System.Text.Json.JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task The_binary_reports_what_it_was_built_from()
    {
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--version" });

        Assert.Equal(0, exitCode);
        Assert.Contains("stage: dev", output);
        Assert.Contains("api: Proxy (Proxy end-to-end 1, proxy.openapi.yaml, 17 operations)", output);
    }

    private Task<Dictionary<string, string>> EchoAsync(string url) => EchoAsync(new HttpRequestMessage(HttpMethod.Get, url));

    private async Task<Dictionary<string, string>> EchoAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    [Fact]
    public async Task A_proxied_answer_to_an_allowed_origin_carries_the_configured_cors_headers_not_the_backends()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/cors/x");
        request.Headers.Add("Origin", "https://app.example.com");

        using var response = await Client.SendAsync(request);

        Assert.Equal("cors=/cors/x method=GET\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("https://app.example.com", Single(response, "Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods")); // nginx's DELETE is gone
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task A_preflight_is_answered_by_the_gateway_and_never_reaches_nginx()
    {
        var allowed = new HttpRequestMessage(HttpMethod.Options, "/cors/x");
        allowed.Headers.Add("Origin", "https://app.example.com");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        allowed.Headers.Add("Access-Control-Request-Headers", "content-type");
        var refused = new HttpRequestMessage(HttpMethod.Options, "/cors/x");
        refused.Headers.Add("Origin", "https://evil.example");
        refused.Headers.Add("Access-Control-Request-Method", "GET");

        using var answer = await Client.SendAsync(allowed);
        using var refusal = await Client.SendAsync(refused);

        // nginx would have answered 200 with "Access-Control-Allow-Origin: *" and a body.
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://app.example.com", Single(answer, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST", Single(answer, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type", Single(answer, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Single(answer, "Access-Control-Max-Age"));
        Assert.Equal("", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, refusal.StatusCode);
        Assert.DoesNotContain(refusal.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));

    public sealed class Fixture : IAsyncLifetime
    {
        public NginxBackend Nginx { get; } = new();

        public KestrelBackend Kestrel { get; } = new();

        public RunningProcess Gateway { get; private set; } = null!;

        public Uri Address { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Nginx.InitializeAsync();
            await Kestrel.InitializeAsync();
            Address = new Uri($"http://127.0.0.1:{Ports.Free()}");
            Gateway = RunningProcess.Start("dotnet", new[] { Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", Address.ToString() });
            await Gateway.WaitUntilAnsweringAsync(new Uri(Address, "/ready").ToString());
            Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        }

        public async Task DisposeAsync()
        {
            Client?.Dispose();
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            await Kestrel.DisposeAsync();
            await Nginx.DisposeAsync();
        }
    }
}

/// <summary>Tests that bind fixed loopback ports (nginx 18480, Kestrel 18481, Petstore 5080) run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LoopbackPorts
{
    public const string Name = "fixed loopback ports";
}
