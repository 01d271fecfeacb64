using System;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The response cache beside the API's other answer shaping: a cached answer is compressed (or not) for each client
/// as it asks, carries CORS headers only for an allowed origin, and the admin listener's answers take neither.
/// </summary>
public sealed class CacheInteractionTests : IAsyncLifetime
{
    private const string AdminToken = "cache-interaction-admin-token-0123456789";

    private const string Spec = """
        openapi: 3.0.3
        info: { title: Shaped, version: '1' }
        x-amazon-apigateway-minimum-compression-size: 100
        x-amazon-apigateway-binary-media-types: [ image/png ]
        x-amazon-apigateway-cors:
          allowOrigins: [ 'https://app.example.com' ]
          allowMethods: [ GET ]
        x-amazon-apigateway-gateway-responses:
          DEFAULT_4XX:
            responseTemplates: { application/json: '{"custom": true}' }
        x-gatewaygen-stages:
          dev: { cache: { enabled: true } }
        paths:
          /report:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: BACKEND/report }
          /logo:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http, httpMethod: GET, uri: BACKEND/logo, responses: { default: { statusCode: 200 } } }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-cache-shaped-" + Guid.NewGuid().ToString("N"));
    private TestBackend _backend = null!;
    private CompiledGateway _gateway = null!;
    private int _adminPort;
    private int _served;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _backend = await TestBackend.StartAsync(async context =>
        {
            context.Response.ContentType = "text/plain";
            if (context.Request.Path == "/logo")
            {
                await context.Response.WriteAsync("aGVsbG8="); // base64 of "hello"
                return;
            }

            await context.Response.WriteAsync($"report #{Interlocked.Increment(ref _served)} " + new string('r', 500));
        });
        _adminPort = FreePort();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/shaped.openapi.yaml", Spec.Replace("BACKEND", _backend.Url)) },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"), "--Gateway:Admin:Token=" + AdminToken, $"--Gateway:Admin:Url=http://127.0.0.1:{_adminPort}" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_cached_answer_is_compressed_for_a_client_that_asks_and_plain_for_one_that_does_not()
    {
        using var gzipFirst = await SendAsync(acceptEncoding: "gzip");
        using var plainHit = await SendAsync();
        using var brotliHit = await SendAsync(acceptEncoding: "br");

        Assert.Equal("gzip", string.Join(",", gzipFirst.Content.Headers.ContentEncoding));
        var original = Decode(await gzipFirst.Content.ReadAsByteArrayAsync(), "gzip");
        Assert.Empty(plainHit.Content.Headers.ContentEncoding);
        Assert.NotNull(plainHit.Headers.Age); // a hit, not a second backend call
        Assert.Equal(original, await plainHit.Content.ReadAsStringAsync());
        Assert.Equal("br", string.Join(",", brotliHit.Content.Headers.ContentEncoding));
        Assert.Equal(original, Decode(await brotliHit.Content.ReadAsByteArrayAsync(), "br"));
        Assert.Single(_backend.Received);
    }

    [Fact]
    public async Task With_binary_media_types_a_cached_answer_is_served_only_to_clients_with_the_same_accept()
    {
        using var png = await SendAsync(path: "/logo", accept: "image/png");
        using var text = await SendAsync(path: "/logo");
        using var textAgain = await SendAsync(path: "/logo");

        Assert.Equal("hello", await png.Content.ReadAsStringAsync()); // converted to binary for an image client
        Assert.Equal("aGVsbG8=", await text.Content.ReadAsStringAsync());
        Assert.NotNull(textAgain.Headers.Age);
        Assert.Equal(2, _backend.Received.Count);
    }

    [Fact]
    public async Task A_cached_answer_carries_cors_headers_only_for_an_allowed_origin()
    {
        using var allowed = await SendAsync(origin: "https://app.example.com");
        using var other = await SendAsync(origin: "https://evil.example");
        using var allowedAgain = await SendAsync(origin: "https://app.example.com");

        Assert.Equal("https://app.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.NotNull(other.Headers.Age);
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
        Assert.Equal("https://app.example.com", Header(allowedAgain, "Access-Control-Allow-Origin"));
        Assert.Single(_backend.Received);
    }

    [Fact]
    public async Task The_admin_listener_answers_take_no_api_cors_or_custom_responses()
    {
        // A body over the edge's limit is refused before anything else runs, on either listener.
        using var admin = new System.Net.Sockets.TcpClient();
        await admin.ConnectAsync(IPAddress.Loopback, _adminPort);
        var stream = admin.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            "POST /keys HTTP/1.1\r\nHost: admin.test\r\nOrigin: https://app.example.com\r\nContent-Type: application/json\r\nContent-Length: 10485761\r\nConnection: close\r\n\r\n"));
        var answer = await ReadUntilClosedAsync(stream);

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("REQUEST_TOO_LARGE", answer);
        Assert.DoesNotContain("custom", answer);
        Assert.DoesNotContain("Access-Control-Allow-Origin", answer, StringComparison.OrdinalIgnoreCase);

        // The gateway listener's same refusal is the API's customised one.
        using var gateway = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new ByteArrayContent(new byte[10 * 1024 * 1024 + 1]) };
        using var refused = await _gateway.Client.SendAsync(gateway);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("custom", await refused.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string? acceptEncoding = null, string? origin = null, string path = "/report", string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.Add("Accept-Encoding", acceptEncoding);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _gateway.Client.SendAsync(request);
    }

    // The server may reset the connection after its answer (the declared body never came): keep what arrived.
    private static async Task<string> ReadUntilClosedAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10))) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return System.Text.Encoding.ASCII.GetString(received.ToArray());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string Decode(byte[] bytes, string coding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return reader.ReadToEnd();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
