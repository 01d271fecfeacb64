using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// A Lambda handler ported unchanged: the aws_proxy function reads the Lambda proxy event (payload format 1.0 and
/// 2.0) built from the admitted request, and its proxy response becomes the answer, malformed ones a 502.
/// </summary>
public sealed class LambdaEventTests : IClassFixture<LambdaEventTests.Fixture>
{
    private const string Lambda = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:";

    private const string Spec = $$"""
        openapi: 3.0.1
        info: { title: Pets, version: '1' }
        x-amazon-apigateway-binary-media-types: [ image/png ]
        x-gatewaygen-stages:
          dev: { variables: { table: pets-dev } }
        paths:
          /pets/{id}:
            post:
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: '{{Lambda}}pets-v1/invocations' }
          /v2/pets/{id}:
            post:
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: '{{Lambda}}pets-v2/invocations', payloadFormatVersion: '2.0' }
          /answers/{kind}:
            get:
              parameters: [ { name: kind, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: '{{Lambda}}answers/invocations' }
        """;

    // Handlers written against Amazon.Lambda.APIGatewayEvents' shapes: only the using differs.
    private const string Functions = """
        using System.Linq;
        using System.Threading.Tasks;
        using GatewayGen.Runtime.Lambda;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class PetsFunctions
        {
            public static partial async ValueTask<IResult> pets_v1(PostPetsByIdRequest request) => LambdaResults.From(V1(await request.ReadEventAsync()));

            public static partial async ValueTask<IResult> pets_v2(PostV2PetsByIdRequest request) => LambdaResults.From(V2(await request.ReadEventAsync()));

            public static partial async ValueTask<IResult> answers(GetAnswersByKindRequest request) => LambdaResults.From(Answer((await request.ReadEventAsync()).PathParameters!["kind"]));

            private static APIGatewayProxyResponse V1(APIGatewayProxyRequest input) => new()
            {
                StatusCode = 201,
                Headers = new System.Collections.Generic.Dictionary<string, string> { ["X-Resource"] = input.Resource! },
                MultiValueHeaders = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IList<string>> { ["X-Tag"] = input.MultiValueQueryStringParameters!["tag"] },
                Body = string.Join("|",
                    input.HttpMethod, input.Path, input.PathParameters!["id"], input.QueryStringParameters!["tag"],
                    input.Headers!["X-Trace"], string.Join(",", input.MultiValueHeaders!["X-Trace"]), input.StageVariables!["table"],
                    input.RequestContext!.Stage, input.RequestContext.ResourcePath, input.RequestContext.Identity!.SourceIp,
                    input.IsBase64Encoded, input.Body),
            };

            private static APIGatewayHttpApiV2ProxyResponse V2(APIGatewayHttpApiV2ProxyRequest input) => new()
            {
                StatusCode = 200,
                Headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Type"] = "text/plain" },
                Cookies = new[] { "seen=1; Path=/" },
                Body = string.Join("|",
                    input.Version, input.RouteKey, input.RawPath, input.RawQueryString, input.QueryStringParameters!["tag"],
                    input.Headers!["x-trace"], string.Join(",", input.Cookies!), input.Headers.ContainsKey("cookie"),
                    input.RequestContext!.Http!.Method, input.PathParameters!["id"], input.StageVariables!["table"], input.IsBase64Encoded, input.Body),
            };

            private static APIGatewayProxyResponse Answer(string kind) => kind switch
            {
                "binary" => new() { StatusCode = 200, Headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Type"] = "image/png" }, Body = "AAEC/w==", IsBase64Encoded = true },
                "bad-status" => new() { StatusCode = 0 },
                "interim" => new() { StatusCode = 101, Body = "hello" },
                "no-content" => new() { StatusCode = 204, Body = "ignored" },
                "bad-base64" => new() { StatusCode = 200, Body = "not base64!", IsBase64Encoded = true },
                "injected" => new() { StatusCode = 200, Headers = new System.Collections.Generic.Dictionary<string, string> { ["X-A"] = "a\r\nSet-Cookie: evil=1" } },
                "framing" => new() { StatusCode = 200, Headers = new System.Collections.Generic.Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" }, Body = "x" },
                _ => new() { StatusCode = 200, Body = "{\"kind\":\"" + kind + "\"}" },
            };
        }
        """;

    private readonly Fixture _gateway;

    public LambdaEventTests(Fixture gateway) => _gateway = gateway;

    [Fact]
    public async Task A_payload_format_1_0_handler_reads_the_request_as_API_Gateway_would_pass_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pets/7?tag=a&tag=b") { Content = new StringContent("{\"name\":\"Rex\"}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Trace", new[] { "one", "two" }); // HttpClient sends one line: "one, two"

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/pets/{id}", response.Headers.GetValues("X-Resource").Single());
        Assert.Equal(new[] { "a", "b" }, response.Headers.GetValues("X-Tag").ToArray());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("POST|/pets/7|7|b|one, two|one, two|pets-dev|dev|/pets/{id}|127.0.0.1|False|{\"name\":\"Rex\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_binary_media_type_reaches_a_1_0_handler_in_base64()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pets/7?tag=x") { Content = new ByteArrayContent(new byte[] { 0, 1, 2, 255 }) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        request.Headers.Add("X-Trace", "t");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.EndsWith("|True|AAEC/w==", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_payload_format_2_0_handler_gets_joined_values_lower_case_headers_and_cookies_apart()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/pets/9?tag=a&tag=b") { Content = new StringContent("hello", Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Trace", "t1");
        request.Headers.Add("Cookie", "session=abc; theme=dark");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2.0|POST /v2/pets/{id}|/v2/pets/9|tag=a&tag=b|a,b|t1|session=abc,theme=dark|False|POST|9|pets-dev|False|hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("seen=1; Path=/", response.Headers.GetValues("Set-Cookie").Single());
    }

    [Fact]
    public async Task A_base64_response_is_sent_as_its_bytes()
    {
        using var response = await _gateway.Client.GetAsync("/answers/binary");

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_204_goes_without_the_body_the_function_put_in_it()
    {
        using var response = await _gateway.Client.GetAsync("/answers/no-content");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bad-status", "statusCode 0")]
    [InlineData("interim", "statusCode 101")]
    [InlineData("bad-base64", "not base64")]
    [InlineData("injected", "header 'X-A'")]
    [InlineData("framing", "Transfer-Encoding")]
    public async Task A_malformed_proxy_response_is_a_502_never_an_injected_or_torn_answer(string kind, string named)
    {
        using var response = await _gateway.Client.GetAsync("/answers/" + kind);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("INTEGRATION_FAILURE", error.Type);
        Assert.Contains(named, error.Message);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    public sealed class Fixture : GatewayFixture
    {
        public Fixture()
            : base(new[] { new SpecFile("/p/pets.openapi.yaml", Spec) }, Functions)
        {
        }
    }
}
