using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Routes compiled from Specs/routing.openapi.yaml, served and called over loopback.</summary>
public sealed class RoutingTests : IClassFixture<RoutingTests.Gateway>
{
    private const string Functions = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class RoutingFunctions
        {
            public static partial ValueTask<IResult> Echo(GetItemRequest request) => new(TypedResults.Text("item " + request.Id));
            public static partial ValueTask<IResult> Echo(GetReportRequest request) => new(TypedResults.Text(request.Name + "|" + request.Format));
            public static partial ValueTask<IResult> Echo(GetAccountRequest request) => new(TypedResults.Text("account " + request.Sid));
            public static partial ValueTask<IResult> Echo(GetFileRequest request) => new(TypedResults.Text("file " + request.Proxy));
        }
        """;

    private readonly HttpClient _client;

    public RoutingTests(Gateway gateway) => _client = gateway.Client;

    [Theory]
    [InlineData("GET", "/items", 200, "{\"route\": \"list\"}")]
    [InlineData("POST", "/items", 201, "{\"route\": \"create\"}")]
    [InlineData("GET", "/items/42", 200, "item 42")]
    [InlineData("GET", "/items/mine", 200, "mine")]
    [InlineData("GET", "/reports/sales.csv", 200, "sales|csv")]
    [InlineData("GET", "/Accounts/AC123.json", 200, "account AC123")]
    [InlineData("GET", "/files/a/b/c.txt", 200, "file a/b/c.txt")]
    [InlineData("GET", "/anything", 200, "get")]
    [InlineData("PUT", "/anything", 200, "any")]
    [InlineData("DELETE", "/anything", 200, "any")]
    public async Task Every_operation_answers_on_its_route(string method, string path, int status, string body)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/nothing/here")]
    [InlineData("/files/")]
    [InlineData("/reports/sales")]
    public async Task An_unknown_path_is_a_404_naming_the_gateway_response_type(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("RESOURCE_NOT_FOUND", error.Type);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_known_path_with_another_method_is_a_405_with_Allow()
    {
        using var response = await _client.DeleteAsync("/items");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, POST", string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("DEFAULT_4XX", (await ErrorBody.ReadAsync(response)).Type);
    }

    [Fact]
    public async Task A_405_on_a_parameterised_path_lists_that_paths_methods()
    {
        using var response = await _client.PostAsync("/items/7", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task A_value_that_does_not_parse_is_a_400_naming_the_parameter()
    {
        using var response = await _client.GetAsync("/items/forty-two");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("BAD_REQUEST_PARAMETERS", error.Type);
        Assert.Contains("'id'", error.Message);
        Assert.Contains("forty-two", error.Message);
    }

    [Fact]
    public async Task A_value_outside_a_path_enum_is_a_400()
    {
        using var response = await _client.GetAsync("/reports/sales.xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("one of: json, csv", (await ErrorBody.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task An_operation_without_integration_answers_500_API_CONFIGURATION_ERROR_saying_why()
    {
        using var response = await _client.GetAsync("/unfinished");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("API_CONFIGURATION_ERROR", error.Type);
        Assert.Contains("GET /unfinished", error.Message);
    }

    public sealed class Gateway : GatewayFixture
    {
        public Gateway()
            : base(new[] { SpecFile.FromDisk(RepoPaths.Spec("routing.openapi.yaml")) }, Functions)
        {
        }
    }
}
