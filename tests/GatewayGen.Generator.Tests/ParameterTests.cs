using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Path, query, header and cookie parameters parsed to their schema types (Specs/parameters.openapi.yaml).</summary>
public sealed class ParameterTests : IClassFixture<ParameterTests.Gateway>
{
    // The function prints what it received, typed, so the test sees exactly what parsing produced.
    private const string Functions = """
        using System;
        using System.Globalization;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class ParametersFunctions
        {
            public static partial ValueTask<IResult> EchoParams(EchoParamsRequest r)
            {
                static string Show(object? value) => value switch
                {
                    null => "-",
                    System.Collections.Generic.IReadOnlyDictionary<string, string> map => "{" + string.Join(",", System.Linq.Enumerable.Select(map, p => p.Key + "=" + p.Value)) + "}",
                    Array array => "[" + string.Join(",", System.Linq.Enumerable.Cast<object>(array)) + "]",
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString()!,
                };

                var text = string.Join(" ", new[]
                {
                    "id=" + Show(r.Id), "limit=" + Show(r.Limit), "ratio=" + Show(r.Ratio), "price=" + Show(r.Price),
                    "flag=" + Show(r.Flag), "day=" + (r.Day is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-"),
                    "at=" + (r.At is { } at ? at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : "-"),
                    "uid=" + Show(r.Uid), "color=" + Show(r.Color), "tags=" + Show(r.Tags), "ids=" + Show(r.Ids),
                    "words=" + Show(r.Words), "trace=" + Show(r.XTrace), "codes=" + Show(r.XCodes), "session=" + Show(r.Session),
                    "filter=" + Show(r.Filter),
                });
                return new(TypedResults.Text(text));
            }
        }
        """;

    private readonly HttpClient _client;

    public ParameterTests(Gateway gateway) => _client = gateway.Client;

    [Fact]
    public async Task Every_parameter_arrives_as_its_schema_type()
    {
        var request = new HttpRequestMessage(HttpMethod.Get,
            "/params/9000000000?limit=5&ratio=0.5&price=-12.25&flag=TRUE&day=2024-02-29&at=2024-02-29T10:00:00%2B02:00" +
            "&uid=6f1c2d3e-0000-4000-8000-00000000abcd&color=green&tags=a&tags=b%20c&ids=1,2,3&words=x|y&filter[size]=big");
        request.Headers.Add("X-Trace", "t-1");
        request.Headers.Add("X-Codes", "7,8");
        request.Headers.Add("Cookie", "session=s42");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "id=9000000000 limit=5 ratio=0.5 price=-12.25 flag=True day=2024-02-29 at=2024-02-29T08:00:00.0000000Z " +
            "uid=6f1c2d3e-0000-4000-8000-00000000abcd color=green tags=[a,b c] ids=[1,2,3] words=[x,y] trace=t-1 codes=[7,8] session=s42 filter={size=big}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Optional_parameters_that_are_absent_arrive_as_null()
    {
        using var response = await _client.SendAsync(WithTrace("/params/1?limit=1"));

        Assert.Equal(
            "id=1 limit=1 ratio=- price=- flag=- day=- at=- uid=- color=- tags=- ids=- words=- trace=t codes=- session=- filter=-",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/params/abc?limit=1", "id", "path")]
    [InlineData("/params/1?limit=1.5", "limit", "query")]
    [InlineData("/params/1?limit=99999999999", "limit", "query")]
    [InlineData("/params/1?limit=1&ratio=half", "ratio", "query")]
    [InlineData("/params/1?limit=1&flag=yes", "flag", "query")]
    [InlineData("/params/1?limit=1&day=2024-02-30", "day", "query")]
    [InlineData("/params/1?limit=1&at=2024-02-29", "at", "query")]
    [InlineData("/params/1?limit=1&uid=not-a-uuid", "uid", "query")]
    [InlineData("/params/1?limit=1&color=blue", "color", "query")]
    [InlineData("/params/1?limit=1&ids=1,x,3", "ids", "query")]
    public async Task A_value_that_does_not_parse_is_a_400_naming_the_parameter(string url, string name, string location)
    {
        using var response = await _client.SendAsync(WithTrace(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("BAD_REQUEST_PARAMETERS", error.Type);
        Assert.Contains($"{location} parameter '{name}'", error.Message);
    }

    [Fact]
    public async Task A_missing_required_query_parameter_is_a_400_naming_it()
    {
        using var response = await _client.SendAsync(WithTrace("/params/1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Missing required request parameter 'limit' in query.", (await ErrorBody.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task A_missing_required_header_is_a_400_naming_it()
    {
        using var response = await _client.GetAsync("/params/1?limit=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Missing required request parameter 'X-Trace' in header.", (await ErrorBody.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task A_bad_item_in_a_header_array_is_a_400_naming_the_item()
    {
        var request = WithTrace("/params/1?limit=1");
        request.Headers.Add("X-Codes", "7,eight");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'eight' for header parameter 'X-Codes'", (await ErrorBody.ReadAsync(response)).Message);
    }

    private static HttpRequestMessage WithTrace(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Trace", "t");
        return request;
    }

    public sealed class Gateway : GatewayFixture
    {
        public Gateway()
            : base(new[] { SpecFile.FromDisk(RepoPaths.Spec("parameters.openapi.yaml")) }, Functions)
        {
        }
    }
}
