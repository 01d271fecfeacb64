using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// x-amazon-apigateway-minimum-compression-size (answers compressed from the size on, for clients that accept it;
/// encoded answers untouched) and request bodies sent with a Content-Encoding (decoded where the gateway reads
/// them, within the payload limit; passed on as sent where it does not).
/// </summary>
public sealed class CompressionTests : IClassFixture<CompressionTests.Fixture>
{
    private const int MinimumSize = 1000;
    private const int PayloadLimit = 1024 * 1024;
    private readonly Fixture _fixture;

    public CompressionTests(Fixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Gateway.Client;

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task An_answer_of_the_minimum_size_is_compressed_in_the_coding_the_client_accepts(string coding)
    {
        using var response = await GetAsync("/size/1000", coding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(coding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var sent = await response.Content.ReadAsByteArrayAsync();
        Assert.True(sent.Length < MinimumSize, $"{sent.Length} bytes on the wire for a compressible 1000-byte answer");
        Assert.Equal(Fixture.Body(1000), Encoding.UTF8.GetString(Decode(coding, sent)));
    }

    [Theory]
    [InlineData("gzip, br", "br")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task The_coding_is_the_clients_preference_br_when_both_are_equally_welcome(string acceptEncoding, string? expected)
    {
        using var response = await GetAsync("/size/1000", acceptEncoding);

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
    }

    [Fact]
    public async Task An_answer_one_byte_under_the_minimum_size_is_not_compressed()
    {
        using var response = await GetAsync("/size/999", "gzip, br");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(999, response.Content.Headers.ContentLength);
        Assert.Equal(Fixture.Body(999), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_Accept_Encoding_nothing_is_compressed_but_caches_are_told_it_varies()
    {
        using var response = await GetAsync("/size/1000", null);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Fixture.Body(1000), await response.Content.ReadAsStringAsync());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task An_api_without_the_key_compresses_nothing()
    {
        using var response = await GetAsync("/plain/large", "gzip");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Fixture.Body(5000), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_backends_compressed_answer_passes_as_it_is()
    {
        using var response = await GetAsync("/proxy/encoded", "gzip, br");

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var sent = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Fixture.EncodedAnswer, sent);
    }

    [Fact]
    public async Task A_proxied_answer_of_unknown_length_is_compressed()
    {
        using var response = await GetAsync("/proxy/streamed", "gzip");

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(Fixture.Streamed, Encoding.UTF8.GetString(Decode("gzip", await response.Content.ReadAsByteArrayAsync())));
    }

    [Fact]
    public async Task A_proxied_answer_of_unknown_length_under_the_size_is_not_compressed()
    {
        using var response = await GetAsync("/proxy/streamed-small", "gzip");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Fixture.StreamedSmall, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("events", "text/event-stream")]
    [InlineData("ndjson", "application/x-ndjson")]
    public async Task A_streamed_answers_first_event_reaches_a_gzip_client_before_the_backend_sends_the_next(string path, string mediaType)
    {
        var next = _fixture.ReleaseNextEvent();
        using var bounded = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(20));
        var request = new HttpRequestMessage(HttpMethod.Get, "/proxy/" + path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token);
        await using var body = await response.Content.ReadAsStreamAsync(bounded.Token);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains(Fixture.FirstEvent, StringComparison.Ordinal))
        {
            // The backend waits for the signal below before its second event: held bytes would never arrive (and the bound fails the test).
            var read = await body.ReadAsync(buffer, bounded.Token);
            Assert.True(read > 0, "the answer ended before its first event");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        next.SetResult();
        using var rest = new StreamReader(body);
        received.Append(await rest.ReadToEndAsync(bounded.Token));

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding); // sent as it came: its size was unknown when it had to go
        Assert.Equal(Fixture.FirstEvent + Fixture.SecondEvent, received.ToString());
    }

    [Fact]
    public async Task The_gateways_own_small_error_is_not_compressed()
    {
        using var response = await PostAsync("/validated", """{"age":1}"""u8.ToArray(), "identity");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("name", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_gzip_body_is_decoded_validated_and_forwarded_decoded()
    {
        var json = """{"name":"rex","age":3}""";

        using var response = await PostAsync("/validated", Encode("gzip", Encoding.UTF8.GetBytes(json)), "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _fixture.Backend.Last;
        Assert.Equal(json, Encoding.UTF8.GetString(seen.Body));
        Assert.False(seen.Headers.ContainsKey("Content-Encoding"), "the backend gets what was validated, not encoded");
        Assert.Equal(json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Headers["Content-Length"]);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task An_encoded_body_that_breaks_the_schema_is_a_400_naming_the_problem(string coding)
    {
        using var response = await PostAsync("/validated", Encode(coding, """{"name":"rex","age":"three"}"""u8.ToArray()), coding);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", error.RootElement.GetProperty("type").GetString());
        Assert.Contains("/age", error.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unsupported_coding_on_a_body_the_gateway_reads_is_a_415_naming_it()
    {
        using var response = await PostAsync("/validated", """{"name":"rex"}"""u8.ToArray(), "compress");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", error.RootElement.GetProperty("type").GetString());
        Assert.Contains("'compress'", error.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_what_its_coding_says_is_a_415()
    {
        using var response = await PostAsync("/validated", """{"name":"rex"}"""u8.ToArray(), "gzip");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("not valid gzip", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("gzip", "cut")]
    [InlineData("gzip", "trailer cut")]
    [InlineData("gzip", "bytes after")]
    [InlineData("br", "cut")]
    [InlineData("br", "bytes after")]
    [InlineData("deflate", "cut")]
    [InlineData("deflate", "bytes after")]
    public async Task A_body_cut_off_or_followed_by_other_bytes_is_a_415_and_never_reaches_the_backend(string coding, string damage)
    {
        var whole = Encode(coding, Encoding.UTF8.GetBytes("{\"name\":\"" + string.Join(",", Enumerable.Range(0, 4000)) + "\"}"));
        var sent = damage switch
        {
            "cut" => whole[..(whole.Length / 2)],
            "trailer cut" => whole[..^4],
            _ => [.. whole, (byte)'x', (byte)'y'],
        };
        var before = _fixture.Backend.Received.Count;

        using var response = await PostAsync("/validated", sent, coding);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", error.RootElement.GetProperty("type").GetString());
        Assert.Contains($"not valid {coding} data", error.RootElement.GetProperty("message").GetString());
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    [Fact]
    public async Task A_raw_deflate_body_is_a_415_asking_for_zlib_since_nothing_in_it_shows_it_arrived_whole()
    {
        using var raw = new MemoryStream();
        using (var encoder = new DeflateStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            encoder.Write("""{"name":"rex"}"""u8);
        }

        using var response = await PostAsync("/validated", raw.ToArray(), "deflate");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("zlib-wrapped", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_with_413_without_inflating_it_all()
    {
        // 400 MB of JSON whitespace in 40 gzip members of 10 MB each: about 400 KB on the wire, under the limit.
        var member = Encode("gzip", Enumerable.Repeat((byte)' ', 10 * 1024 * 1024).ToArray(), CompressionLevel.SmallestSize);
        var bomb = Enumerable.Range(0, 40).SelectMany(_ => member).ToArray();
        Assert.True(bomb.Length < PayloadLimit);

        var allocated = GC.GetTotalAllocatedBytes();
        using var response = await PostAsync("/validated", bomb, "gzip");
        var inflated = GC.GetTotalAllocatedBytes() - allocated;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("REQUEST_TOO_LARGE", error.RootElement.GetProperty("type").GetString());
        Assert.Contains($"limit of {PayloadLimit} bytes once decoded", error.RootElement.GetProperty("message").GetString());
        Assert.True(inflated < 100L * 1024 * 1024, $"{inflated / (1024 * 1024)} MB allocated while refusing a 400 MB bomb");
    }

    [Fact]
    public async Task A_proxy_that_does_not_read_the_body_passes_it_on_as_sent()
    {
        var sent = Encode("gzip", Encoding.UTF8.GetBytes(Fixture.Body(3000)));

        using var response = await PostAsync("/proxy/upload", sent, "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _fixture.Backend.Last;
        Assert.Equal(sent, seen.Body);
        Assert.Equal("gzip", seen.Headers["Content-Encoding"]);
    }

    [Fact]
    public async Task An_http_integration_passes_an_undecoded_body_on_with_its_coding()
    {
        var sent = Encode("br", Encoding.UTF8.GetBytes(Fixture.Body(3000)));

        using var response = await PostAsync("/http/upload", sent, "br", "text/plain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _fixture.Backend.Last;
        Assert.Equal(sent, seen.Body);
        Assert.Equal("br", seen.Headers["Content-Encoding"]);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string coding, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add(coding);
        // Every answer here could be compressed: the small ones (the gateway's errors among them) must not be.
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        return Client.SendAsync(request);
    }

    internal static byte[] Encode(string coding, byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, level, leaveOpen: true),
            "br" => new BrotliStream(output, level, leaveOpen: true),
            _ => new ZLibStream(output, level, leaveOpen: true),
        })
        {
            encoder.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] Decode(string coding, byte[] data)
    {
        using var input = new MemoryStream(data);
        using Stream decoder = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public static readonly byte[] EncodedAnswer = Encode("gzip", Encoding.UTF8.GetBytes(Body(4000)));

        public static readonly string Streamed = string.Concat(Enumerable.Repeat("streamed in chunks; ", 500));

        public static readonly string StreamedSmall = string.Concat(Enumerable.Repeat("small; ", 100));

        public const string FirstEvent = "data: first\n\n";

        public static readonly string SecondEvent = "data: " + Body(3000) + "\n\n";

        private TaskCompletionSource _nextEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TestBackend Backend { get; private set; } = null!;

        /// <summary>A new signal: the streaming backend sends its second event once it is set.</summary>
        public TaskCompletionSource ReleaseNextEvent() => _nextEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CompiledGateway Gateway { get; private set; } = null!;

        /// <summary>A body of exactly <paramref name="length"/> bytes (ASCII), the same each time.</summary>
        public static string Body(int length) => string.Concat(Enumerable.Repeat("0123456789", length / 10 + 1)).Substring(0, length);

        public async Task InitializeAsync()
        {
            Backend = await TestBackend.StartAsync(Respond);
            var compressed = $$"""
                openapi: 3.0.3
                info: { title: Compressed, version: '1' }
                x-amazon-apigateway-minimum-compression-size: {{MinimumSize}}
                paths:
                  /size/999:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: mock, responses: { default: { statusCode: 200, responseTemplates: { text/plain: '{{Body(999)}}' } } } }
                  /size/1000:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: mock, responses: { default: { statusCode: 200, responseTemplates: { text/plain: '{{Body(1000)}}' } } } }
                  /proxy/{item}:
                    get:
                      parameters: [ { name: item, in: path, required: true, schema: { type: string } } ]
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http_proxy, uri: '{{Backend.Url}}/{item}', httpMethod: GET }
                    post:
                      parameters: [ { name: item, in: path, required: true, schema: { type: string } } ]
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http_proxy, uri: '{{Backend.Url}}/{item}', httpMethod: POST }
                  /http/upload:
                    post:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http, uri: '{{Backend.Url}}/upload', httpMethod: POST, responses: { default: { statusCode: 200 } } }
                  /validated:
                    post:
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema: { type: object, required: [ name ], properties: { name: { type: string }, age: { type: integer } } }
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http_proxy, uri: '{{Backend.Url}}/validated', httpMethod: POST }
                """;
            var plain = $$"""
                openapi: 3.0.3
                info: { title: Plain, version: '1' }
                paths:
                  /plain/large:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: mock, responses: { default: { statusCode: 200, responseTemplates: { text/plain: '{{Body(5000)}}' } } } }
                """;
            Gateway = await CompiledGateway.StartAsync(
                new[] { new SpecFile("/project/compressed.openapi.yaml", compressed), new SpecFile("/project/plain.openapi.yaml", plain) },
                hostArguments: new[] { $"--Gateway:Limits:MaxPayloadBytes={PayloadLimit}" });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }

        private async Task Respond(HttpContext context)
        {
            switch (context.Request.Path.Value)
            {
                case "/events" or "/ndjson":
                    context.Response.ContentType = context.Request.Path.Value == "/events" ? "text/event-stream" : "application/x-ndjson";
                    await context.Response.WriteAsync(FirstEvent);
                    await context.Response.Body.FlushAsync();
                    await _nextEvent.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await context.Response.WriteAsync(SecondEvent);
                    break;
                case "/encoded":
                    context.Response.ContentType = "text/plain";
                    context.Response.Headers.ContentEncoding = "gzip";
                    context.Response.ContentLength = EncodedAnswer.Length;
                    await context.Response.Body.WriteAsync(EncodedAnswer);
                    break;
                case "/streamed":
                    context.Response.ContentType = "text/plain";
                    foreach (var part in Streamed.Chunk(1000))
                    {
                        await context.Response.WriteAsync(new string(part));
                        await context.Response.Body.FlushAsync();
                    }

                    break;
                case "/streamed-small":
                    context.Response.ContentType = "text/plain";
                    foreach (var part in StreamedSmall.Chunk(100))
                    {
                        await context.Response.WriteAsync(new string(part));
                        await context.Response.Body.FlushAsync();
                    }

                    break;
                default:
                    await context.Response.WriteAsync("ok");
                    break;
            }
        }
    }
}
