using System;
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
/// x-amazon-apigateway-binary-media-types and contentHandling as AWS's content type conversion tables say, for
/// mocks and http integrations; proxies pass bytes untouched.
/// </summary>
public sealed class BinaryMediaTests : IClassFixture<BinaryMediaTests.Fixture>
{
    // A PNG's signature and a few bytes that are not UTF-8.
    private static readonly byte[] Image = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00, 0xFE, 0x7F };
    private static readonly string ImageBase64 = Convert.ToBase64String(Image);

    private readonly Fixture _fixture;

    public BinaryMediaTests(Fixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Gateway.Client;

    [Fact]
    public async Task A_mock_converted_to_binary_serves_the_bytes_its_template_encodes()
    {
        using var response = await GetAsync("/logo", "text/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("image/webp, text/html;q=0.9", true)]
    [InlineData("text/html, image/png", false)] // API Gateway looks at the first Accept type only
    [InlineData(null, false)]
    public async Task Without_contentHandling_a_mock_is_decoded_for_a_client_that_accepts_a_binary_type(string? accept, bool binary)
    {
        using var response = await GetAsync("/negotiated", accept);

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(binary ? Image : Encoding.ASCII.GetBytes(ImageBase64), body);
    }

    [Fact]
    public async Task An_http_answer_converted_to_text_is_the_backends_bytes_in_base64()
    {
        using var response = await GetAsync("/download", "application/octet-stream");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ImageBase64, await response.Content.ReadAsStringAsync());
        Assert.Equal(ImageBase64.Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("text/plain", false)]
    [InlineData("application/octet-stream", true)]
    public async Task Without_contentHandling_a_binary_http_answer_is_base64_for_a_client_that_accepts_text(string accept, bool binary)
    {
        using var response = await GetAsync("/download-negotiated", accept);

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(binary ? Image : Encoding.ASCII.GetBytes(ImageBase64), body);
    }

    [Fact]
    public async Task An_http_responses_static_template_converted_to_binary_is_served_as_bytes()
    {
        using var response = await GetAsync("/download-static", "text/html");

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/json")]
    [InlineData("/json-static")]
    [InlineData("/json-mock")]
    public async Task A_binary_Accept_on_a_text_answer_that_is_not_base64_gets_the_answer_unconverted_never_an_error(string path)
    {
        using var response = await GetAsync(path, "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"pet":"rex"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_proxy_passes_binary_bytes_untouched_whatever_the_client_accepts()
    {
        using var response = await GetAsync("/proxy", "text/plain");

        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_http_integration_converting_to_binary_sends_the_backend_the_bytes_of_a_base64_body()
    {
        using var response = await PostAsync("/upload", ImageBase64);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _fixture.Backend.Last;
        Assert.Equal(Image, seen.Body);
        Assert.Equal(Image.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Headers["Content-Length"]);
    }

    [Fact]
    public async Task A_body_to_convert_to_binary_that_is_not_base64_is_the_clients_400()
    {
        var before = _fixture.Backend.Received.Count;

        using var response = await PostAsync("/upload", "not base64!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", error.RootElement.GetProperty("type").GetString());
        Assert.Contains("not base64", error.RootElement.GetProperty("message").GetString());
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string text)
    {
        var content = new StringContent(text);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return Client.PostAsync(path, content);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestBackend Backend { get; private set; } = null!;

        public CompiledGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Backend = await TestBackend.StartAsync(Respond);
            var spec = $$"""
                openapi: 3.0.3
                info: { title: Binary, version: '1' }
                x-amazon-apigateway-binary-media-types: [ 'image/*', application/octet-stream ]
                paths:
                  /logo:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: mock
                        responses: { default: { statusCode: 200, contentHandling: CONVERT_TO_BINARY, responseTemplates: { image/png: '{{ImageBase64}}' } } }
                  /negotiated:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: mock
                        responses: { default: { statusCode: 200, responseTemplates: { image/png: '{{ImageBase64}}' } } }
                  /download:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: http
                        uri: '{{Backend.Url}}/bytes'
                        responses: { default: { statusCode: 200, contentHandling: CONVERT_TO_TEXT } }
                  /download-negotiated:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: http
                        uri: '{{Backend.Url}}/bytes'
                        responses: { default: { statusCode: 200 } }
                  /download-static:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: http
                        uri: '{{Backend.Url}}/bytes'
                        responses: { default: { statusCode: 200, contentHandling: CONVERT_TO_BINARY, responseTemplates: { image/png: '{{ImageBase64}}' } } }
                  /json:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http, uri: '{{Backend.Url}}/json', responses: { default: { statusCode: 200 } } }
                  /json-static:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: http
                        uri: '{{Backend.Url}}/json'
                        responses: { default: { statusCode: 200, responseTemplates: { application/json: '{"pet":"rex"}' } } }
                  /json-mock:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: mock
                        responses: { default: { statusCode: 200, responseTemplates: { application/json: '{"pet":"rex"}' } } }
                  /proxy:
                    get:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration: { type: http_proxy, uri: '{{Backend.Url}}/bytes', httpMethod: GET }
                  /upload:
                    post:
                      responses: { '200': { description: ok } }
                      x-amazon-apigateway-integration:
                        type: http
                        uri: '{{Backend.Url}}/upload'
                        httpMethod: POST
                        contentHandling: CONVERT_TO_BINARY
                        responses: { default: { statusCode: 200 } }
                """;
            Gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/binary.openapi.yaml", spec) });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }

        private static async Task Respond(HttpContext context)
        {
            if (context.Request.Path == "/bytes")
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(Image);
                return;
            }

            if (context.Request.Path == "/json")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"pet":"rex"}""");
                return;
            }

            await context.Response.WriteAsync("ok");
        }
    }
}
