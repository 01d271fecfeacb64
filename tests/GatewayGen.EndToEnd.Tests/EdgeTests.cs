using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// tests/TestGateways/EdgeGateway as a real process in front of a backend that records the bytes it receives:
/// nothing a client sends changes the shape of a backend request, API Gateway's limits hold on every integration,
/// and every answer the gateway or its server gives on its own is a JSON gateway response.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class EdgeTests : IClassFixture<EdgeTests.Fixture>
{
    private const long TenMegabytes = 10 * 1024 * 1024;
    private readonly Fixture _fixture;

    public EdgeTests(Fixture fixture)
    {
        _fixture = fixture;
        fixture.Backend.Clear();
    }

    private int Port => _fixture.Address.Port;

    [Theory]
    [InlineData("/mapped/x?note=a%0D%0AX-Injected:%201", "query parameter 'note'")]
    [InlineData("/mapped/x?note=a%0AGET%20/admin%20HTTP/1.1", "query parameter 'note'")]
    [InlineData("/mapped/x?note=nul%00byte", "query parameter 'note'")]
    [InlineData("/mapped/a%0D%0AX-Injected:%201", "path parameter 'id'")]
    [InlineData("/mapped/x?note=%C3%A9t%C3%A9", "query parameter 'note'")] // non-ASCII: a 400, not a 502
    public async Task A_mapped_value_a_header_cannot_carry_is_a_400_naming_it_and_nothing_reaches_the_backend(string target, string named)
    {
        var response = await RawHttp.SendAsync(Port, $"GET {target} HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, response.Status);
        var error = Json(response);
        Assert.Equal("BAD_REQUEST_PARAMETERS", error.GetProperty("type").GetString());
        Assert.Contains(named, error.ToString());
        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task A_client_header_that_is_not_ASCII_never_reaches_a_backend_header()
    {
        var request = Encoding.Latin1.GetBytes("GET /mapped/x HTTP/1.1\r\nHost: gateway.test\r\nX-Note: caf\u00e9\r\nConnection: close\r\n\r\n");

        var response = await RawHttp.SendAsync(Port, request);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task The_clients_trace_context_reaches_a_backend_of_an_http_integration()
    {
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var response = await RawHttp.SendAsync(Port, $"GET /mapped/x HTTP/1.1\r\nHost: gateway.test\r\ntraceparent: {TraceParent}\r\ntracestate: vendor=1\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal(new[] { TraceParent }, received.Header("traceparent"));
        Assert.Equal(new[] { "vendor=1" }, received.Header("tracestate"));
    }

    [Theory]
    [InlineData("8f0b2a36-5c1e-4f7e-9b8a-0d3c2e1f4a5b", true)] // a request id: kept, as API Gateway keeps it
    [InlineData("not-a-request-id", false)]
    public async Task A_clients_request_id_is_kept_only_when_it_is_one(string sent, bool kept)
    {
        var response = await RawHttp.SendAsync(Port, $"GET /mapped/x HTTP/1.1\r\nHost: gateway.test\r\nx-amzn-RequestId: {sent}\r\nConnection: close\r\n\r\n");

        var id = response.Header("x-amzn-RequestId");
        Assert.True(Guid.TryParseExact(id, "D", out _));
        Assert.Equal(kept, id == sent);
    }

    [Fact]
    public async Task Mapped_values_arrive_as_exactly_one_request_with_the_mapped_headers()
    {
        var response = await RawHttp.SendAsync(Port, "GET /mapped/a%20b?note=hello%20there HTTP/1.1\r\nHost: evil.example\r\nX-Note: hi\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal("GET /mapped/a%20b?note=hello%20there HTTP/1.1", received.RequestLine);
        Assert.Equal(new[] { "hello there" }, received.Header("X-From-Query"));
        Assert.Equal(new[] { "hi" }, received.Header("X-From-Header"));
        Assert.Equal(new[] { "a b" }, received.Header("X-From-Path"));
        Assert.Equal(new[] { $"127.0.0.1:{RecordingBackend.Port}" }, received.Header("Host"));
        Assert.Empty(received.Header("X-Client-Subject")); // no client certificate, so nothing is mapped
    }

    [Theory]
    [InlineData("/proxy/%252f", "/proxy/%252f")] // one layer of encoding is not lost
    [InlineData("/proxy/%zz", "/proxy/%zz")] // an invalid escape passes as sent
    [InlineData("/proxy/a%2Fb", "/proxy/a%2Fb")] // an encoded slash stays inside its segment
    [InlineData("/proxy/%e9", "/proxy/%e9")] // not UTF-8: as sent
    [InlineData("/proxy/x?q=%zz&r=a%2Bb&s", "/proxy/x?q=%zz&r=a%2Bb&s")]
    [InlineData("http://gateway.test/proxy/%252f", "/proxy/%252f")] // absolute-form: the same
    [InlineData("/files/a/%252e/b%20c.txt", "/files/a/%252e/b%20c.txt")]
    [InlineData("/reports/%zz.j%73on", "/reports/%zz.j%73on")] // parameters sharing a segment
    [InlineData("/reports/%252f.json", "/reports/%252f.json")]
    public async Task Path_and_query_reach_the_backend_encoded_as_the_client_sent_them(string target, string expected)
    {
        var response = await RawHttp.SendAsync(Port, $"{(target.StartsWith("/files") ? "GET" : "POST")} {target} HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.StartsWith($"{received.RequestLine.Split(' ')[0]} {expected} HTTP/1.1", received.RequestLine);
    }

    [Fact]
    public async Task An_absolute_form_target_or_a_hostile_host_header_does_not_change_the_backend()
    {
        var response = await RawHttp.SendAsync(Port, "POST http://evil.example/proxy/x HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal("POST /proxy/x HTTP/1.1", received.RequestLine);
        Assert.Equal(new[] { $"127.0.0.1:{RecordingBackend.Port}" }, received.Header("Host"));
    }

    [Fact]
    public async Task Headers_a_client_would_speak_for_the_edge_with_are_not_passed_on()
    {
        var response = await RawHttp.SendAsync(Port, "POST /proxy/x HTTP/1.1\r\nHost: gateway.test\r\nForwarded: for=1.2.3.4;host=evil.example;proto=https\r\n" +
            "X-Real-IP: 1.2.3.4\r\nX-Forwarded-Port: 443\r\nX-Forwarded-Prefix: /admin\r\nX-Forwarded-Proto: https\r\nX-Kept: yes\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal(new[] { "yes" }, received.Header("X-Kept"));
        foreach (var header in new[] { "Forwarded", "X-Real-IP", "X-Forwarded-Port", "X-Forwarded-Prefix" })
        {
            Assert.Empty(received.Header(header));
        }

        Assert.Equal(new[] { "http" }, received.Header("X-Forwarded-Proto"));
    }

    [Fact]
    public async Task A_backend_header_that_cannot_be_passed_on_is_the_backends_502_with_nothing_of_its_answer()
    {
        var response = await RawHttp.SendAsync(Port, "GET /files/bad-header HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 502, response.ToString());
        Assert.Equal("INTEGRATION_FAILURE", Json(response).GetProperty("type").GetString());
        Assert.Null(response.Header("Set-Cookie"));
        Assert.Null(response.Header("X-Bad"));
    }

    [Theory]
    [InlineData("/proxy/x")] // http_proxy
    [InlineData("/orders")] // http
    [InlineData("/mock")] // mock
    [InlineData("/function")] // a C# function
    public async Task A_body_over_10_MB_is_a_413_before_any_integration_runs(string path)
    {
        // Declared: refused on the head alone. Chunked: read up to the limit, then refused.
        var declared = await RawHttp.SendBodyAsync(Port, $"POST {path} HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\nContent-Length: {TenMegabytes + 1}\r\n\r\n", 1024, chunked: false, timeoutSeconds: 30);
        var chunked = await RawHttp.SendBodyAsync(Port, $"POST {path} HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n", TenMegabytes + 64 * 1024, chunked: true);

        foreach (var response in new[] { declared, chunked })
        {
            Assert.True(response.Status == 413, response.ToString());
            Assert.Equal("REQUEST_TOO_LARGE", Json(response).GetProperty("type").GetString());
        }

        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task A_body_of_exactly_10_MB_is_served_chunked_or_not()
    {
        var declared = await RawHttp.SendBodyAsync(Port, $"POST /function HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/octet-stream\r\nContent-Length: {TenMegabytes}\r\nConnection: close\r\n\r\n", TenMegabytes, chunked: false);
        var chunked = await RawHttp.SendBodyAsync(Port, "POST /proxy/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", TenMegabytes, chunked: true);

        Assert.Equal($"function read {TenMegabytes} bytes", declared.Body);
        Assert.True(chunked.Status == 200, chunked.ToString());
        Assert.Equal(TenMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), chunked.Header("X-Received-Body-Bytes"));
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal(new[] { TenMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }, received.Header("Content-Length"));
    }

    [Theory]
    [InlineData("/orders", "application/json")]
    [InlineData("/proxy/x", "application/json")]
    [InlineData("/mock", "application/json")]
    [InlineData("/proxy/x", "application/problem+json")]
    [InlineData("/proxy/x", "application/json, text/plain")] // does not parse as one media type, but a backend may read it as JSON
    public async Task A_JSON_body_that_is_not_UTF_8_is_a_400_and_never_forwarded(string path, string contentType)
    {
        var body = Encoding.ASCII.GetBytes("{\"item\":\"caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("\"}")).ToArray();
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");

        var response = await RawHttp.SendAsync(Port, head.Concat(body).ToArray());

        Assert.Equal(400, response.Status);
        var error = Json(response);
        Assert.Equal("BAD_REQUEST_BODY", error.GetProperty("type").GetString());
        Assert.Contains("UTF-8", error.ToString());
        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task A_valid_UTF_8_JSON_body_is_forwarded_byte_for_byte()
    {
        using var client = new HttpClient { BaseAddress = _fixture.Address };
        using var content = new StringContent("{\"item\":\"caf\u00e9 \u2615\"}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/orders", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"item\":\"caf\u00e9 \u2615\"}", Encoding.UTF8.GetString(Assert.Single(_fixture.Backend.Requests).Body));
    }

    [Theory]
    [InlineData("GET /mock HTTP/1.1\r\nHost: gateway.test\r\nNo colon here\r\n\r\n", 400)] // malformed header line
    [InlineData("GET /mock HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400)] // smuggling attempt
    [InlineData("GET /mock HTTP/1.7\r\nHost: gateway.test\r\n\r\n", 505)]
    [InlineData("GET /mock HTTP/1.1\r\nHost: gateway.test\r\nX-Big: {big}\r\n\r\n", 431)] // one 11 KB header
    [InlineData("GET /mock?{long} HTTP/1.1\r\nHost: gateway.test\r\n\r\n", 414)]
    public async Task The_servers_own_refusals_are_JSON_gateway_responses(string request, int status)
    {
        request = request.Replace("{big}", new string('b', 11 * 1024)).Replace("{long}", new string('q', 9 * 1024));

        var response = await RawHttp.SendAsync(Port, request);

        Assert.True(response.Status == status, response.ToString());
        Assert.Equal("application/json", response.Header("Content-Type"));
        var error = Json(response);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(response.Header("x-amzn-RequestId"), error.GetProperty("requestId").GetString());
        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task A_request_framed_by_both_length_and_chunks_cannot_smuggle_a_second_request_to_the_backend()
    {
        // Content-Length says the body holds the "GET"; chunked framing says it ends at "0". Kestrel goes by the
        // chunks (RFC 9112 6.3), so what follows is the client's own next request, answered by the gateway.
        var response = await RawHttp.SendAsync(Port,
            "POST /proxy/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n" +
            "0\r\n\r\nGET /proxy/smuggled HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 200, response.ToString());
        var received = Assert.Single(_fixture.Backend.Requests);
        Assert.Equal("POST /proxy/x HTTP/1.1", received.RequestLine);
        Assert.Empty(received.Header("Transfer-Encoding"));
        Assert.DoesNotContain("smuggled", received.Head + Encoding.Latin1.GetString(received.Body));
    }

    [Fact]
    public async Task Many_headers_over_10_KB_together_are_a_431()
    {
        var headers = string.Concat(Enumerable.Range(0, 30).Select(i => $"X-Header-{i}: {new string('v', 400)}\r\n"));

        var response = await RawHttp.SendAsync(Port, $"GET /mock HTTP/1.1\r\nHost: gateway.test\r\n{headers}\r\n");

        Assert.Equal(431, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", Json(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_client_too_slow_to_send_its_headers_gets_a_408()
    {
        // Configured: 2 seconds for the request line and headers.
        var response = await RawHttp.SendAsync(Port, "GET /mock HTTP/1.1\r\nHost: gateway.test\r\n", timeoutSeconds: 20);

        Assert.True(response.Status == 408, response.ToString());
        Assert.Equal("application/json", response.Header("Content-Type"));
    }

    [Fact]
    public async Task A_client_that_stalls_its_body_gets_a_408_and_the_backend_nothing()
    {
        // Configured: after 2 seconds' grace, at least 1,000 bytes a second.
        var response = await RawHttp.SendAsync(Port, "POST /proxy/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":", timeoutSeconds: 30);

        Assert.True(response.Status == 408, response.ToString());
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Empty(_fixture.Backend.Requests);
    }

    [Fact]
    public async Task The_health_path_reports_ready()
    {
        using var client = new HttpClient { BaseAddress = _fixture.Address };

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_answer_carries_a_request_id_and_plain_HTTP_no_HSTS()
    {
        using var client = new HttpClient { BaseAddress = _fixture.Address };

        using var mocked = await client.PostAsync("/mock", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var missing = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.OK, mocked.StatusCode);
        Assert.Matches("^[0-9a-f-]{16,}$", mocked.Headers.GetValues("x-amzn-RequestId").Single());
        var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(missing.Headers.GetValues("x-amzn-RequestId").Single(), error.GetProperty("requestId").GetString());
        Assert.False(mocked.Headers.Contains("Strict-Transport-Security"));
    }

    private static JsonElement Json(RawResponse response)
    {
        try
        {
            return JsonDocument.Parse(response.Body).RootElement;
        }
        catch (JsonException)
        {
            Assert.Fail("Not a JSON body:\n" + response);
            throw;
        }
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RecordingBackend Backend { get; } = new();

        public RunningProcess Gateway { get; private set; } = null!;

        public Uri Address { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Backend.InitializeAsync();
            Address = new Uri($"http://127.0.0.1:{Ports.Free()}");
            Gateway = RunningProcess.Start("dotnet", new[]
            {
                Repo.GatewayDll("tests/TestGateways/EdgeGateway", "EdgeGateway"), "--urls", Address.ToString(),
                "--Gateway:Health:Path=/healthz",
                "--Gateway:Limits:RequestHeadersTimeoutSeconds=2",
                "--Gateway:Limits:MinRequestBodyBytesPerSecond=1000",
                "--Gateway:Limits:MinDataRateGracePeriodSeconds=2",
            });
            await Gateway.WaitUntilAnsweringAsync(new Uri(Address, "/healthz").ToString());
        }

        public async Task DisposeAsync()
        {
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            await Backend.DisposeAsync();
        }
    }
}
