using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Scalar parameters whose schema combines others (anyOf, oneOf, allOf, not) are checked against the whole schema
/// delimited arrays are split on their raw text before decoding, and deepObject arrays are read as name[]=v or
/// name[N]=v (Specs/composed.openapi.yaml): valid ones reach the backend as sent, invalid ones are a 400 naming the parameter.
/// </summary>
public sealed class ParameterCompositionTests : IClassFixture<ParameterCompositionTests.Fixture>
{
    private readonly Fixture _fixture;

    public ParameterCompositionTests(Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("/workflows/42")]
    [InlineData("/workflows/main.yaml")]
    [InlineData("/composed?level=3")]
    [InlineData("/composed?level=high")]
    [InlineData("/composed?step=1")]
    [InlineData("/composed?step=ci.yml")]
    [InlineData("/composed?user=bob")]
    [InlineData("/composed?flag=true")]
    [InlineData("/composed?flag=auto")]
    [InlineData("/v1/invoices/upcoming?subscription_trial_end=now")] // Stripe's deepObject scalar, read as name=VALUE
    [InlineData("/v1/invoices/upcoming?subscription_trial_end=1700000000")]
    public async Task A_value_one_of_the_schemas_allows_reaches_the_backend_as_sent(string target)
    {
        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, _fixture.Backend.Last.RawTarget);
    }

    [Fact]
    public async Task A_header_meeting_every_allOf_branch_passes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/composed");
        request.Headers.Add("X-Code", "ABC");

        using var response = await _fixture.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ABC", _fixture.Backend.Last.Headers["X-Code"]);
    }

    [Theory]
    [InlineData("/composed?level=11", "query.level", "anyOf")]
    [InlineData("/composed?level=medium", "query.level", "anyOf")]
    [InlineData("/composed?step=0", "query.step", "oneOf")]
    [InlineData("/composed?step=ci.txt", "query.step", "oneOf")]
    [InlineData("/composed?user=admin", "query.user", "not")]
    [InlineData("/composed?flag=maybe", "query.flag", "anyOf")]
    [InlineData("/v1/invoices/upcoming?subscription_trial_end=later", "query.subscription_trial_end", "anyOf")]
    [InlineData("/v1/invoices/upcoming?subscription_trial_end%5Bx%5D=1", "query.subscription_trial_end", "style")]
    public async Task A_value_no_branch_allows_is_a_400_naming_the_parameter(string target, string location, string keyword)
    {
        var before = _fixture.Backend.Received.Count;

        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Contains((location, keyword), await ErrorsAsync(response));
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    [Theory]
    [InlineData("ABCDE", "maxLength")]
    [InlineData("abc", "pattern")]
    public async Task A_header_failing_an_allOf_branch_is_a_400_naming_it(string value, string keyword)
    {
        var before = _fixture.Backend.Received.Count;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/composed");
        request.Headers.Add("X-Code", value);

        using var response = await _fixture.Gateway.Client.SendAsync(request);

        Assert.Contains(("header.X-Code", keyword), await ErrorsAsync(response));
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    [Theory]
    [InlineData("/lists/a%2Cb")] // one item "a,b": the encoded comma is data
    [InlineData("/lists/a,b?ids=a%2Cb%2Cc")]
    [InlineData("/lists/x?ids=a%2Cb&ids=c")] // a key given twice adds its items
    [InlineData("/lists/x?nums=1,2")]
    [InlineData("/lists/x?spaced=a+b")]
    [InlineData("/lists/x?spaced=a%20b")]
    [InlineData("/lists/x?piped=a%7Cb")]
    public async Task A_delimited_array_is_split_before_it_is_decoded_and_reaches_the_backend_as_sent(string target)
    {
        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, _fixture.Backend.Last.RawTarget);
    }

    [Theory]
    [InlineData("/lists/a,b,c", "path.tags", "maxItems")]
    [InlineData("/lists/ab%2Ccd", "path.tags", "maxLength")] // one item "ab,cd", five characters
    [InlineData("/lists/x?ids=a,b,c", "query.ids", "maxItems")]
    [InlineData("/lists/x?ids=a,b&ids=c", "query.ids", "maxItems")]
    [InlineData("/lists/x?nums=1%2C2", "query.nums", "type")] // one item "1,2", not two numbers
    [InlineData("/lists/x?spaced=a+b%20c", "query.spaced", "maxItems")]
    [InlineData("/lists/x?piped=a%7Cb%7Cc", "query.piped", "maxItems")]
    public async Task A_delimited_array_breaking_its_schema_is_a_400_naming_it(string target, string location, string keyword)
    {
        var before = _fixture.Backend.Received.Count;

        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Contains((location, keyword), await ErrorsAsync(response));
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    [Theory]
    [InlineData("/v1/customers?expand%5B%5D=data.default_source&expand%5B%5D=data.sources&limit=3")]
    [InlineData("/v1/customers?expand%5B%5D=data.sources")]
    [InlineData("/v1/customers?expand%5B0%5D=data.default_source&expand%5B1%5D=data.sources")]
    [InlineData("/v1/customers?ids%5B2%5D=3&ids%5B0%5D=1&ids%5B1%5D=2")]
    [InlineData("/v1/customers?ids%5B%5D=1&ids%5B%5D=2&expanded=x")]
    [InlineData("/v1/customers")]
    public async Task A_deepObject_array_read_as_name_brackets_reaches_the_backend_as_sent(string target)
    {
        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, _fixture.Backend.Last.RawTarget);
    }

    [Theory]
    [InlineData("/v1/customers?expand[]=TOOLONG", "query.expand", "maxLength")]
    [InlineData("/v1/customers?ids[]=1&ids[]=x", "query.ids", "type")]
    [InlineData("/v1/customers?ids[0]=1&ids[1]=2&ids[2]=3&ids[3]=4", "query.ids", "maxItems")]
    [InlineData("/v1/customers?expand=data.sources", "query.expand", "style")]
    [InlineData("/v1/customers?expand[a]=data.sources", "query.expand", "style")]
    [InlineData("/v1/customers?expand[0][x]=data.sources", "query.expand", "style")]
    [InlineData("/v1/customers?ids[]=1&ids[0]=2", "query.ids", "style")]
    [InlineData("/v1/customers?ids[0]=1&ids[0]=2", "query.ids", "style")]
    public async Task A_deepObject_array_breaking_its_schema_or_the_reading_is_a_400_naming_it(string target, string location, string keyword)
    {
        var before = _fixture.Backend.Received.Count;

        using var response = await _fixture.Gateway.Client.GetAsync(target.Replace("TOOLONG", new string('a', 5001)));

        Assert.Contains((location, keyword), await ErrorsAsync(response));
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    internal static async Task<(string Location, string Keyword)[]> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal("BAD_REQUEST_PARAMETERS", document.RootElement.GetProperty("type").GetString());
        Assert.All(document.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.Contains("parameter '", e.GetProperty("message").GetString()));
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("parameter").GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }

    public sealed class Fixture() : SpecGatewayFixture("composed.openapi.yaml");
}
