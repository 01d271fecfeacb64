using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// Issue 18: scalars whose schema combines others, delimited arrays split before decoding and deepObject arrays
/// through the real ProxyGateway process (its /params2/ operations) to nginx: valid values reach nginx exactly as
/// sent, invalid ones are a 400 naming the parameter.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class ParameterFidelityTests : IClassFixture<ProxyGatewayTests.Fixture>
{
    private readonly ProxyGatewayTests.Fixture _fixture;

    public ParameterFidelityTests(ProxyGatewayTests.Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("/params2/composed/42?level=3", "/echo/composed/42?level=3")]
    [InlineData("/params2/composed/main.yaml?level=high", "/echo/composed/main.yaml?level=high")]
    [InlineData("/params2/lists/a%2Cb?ids=x%2Cy%2Cz", "/echo/lists/a%2Cb?ids=x%2Cy%2Cz")]
    [InlineData("/params2/lists/a,b?ids=x,y&nums=1%7C2", "/echo/lists/a,b?ids=x,y&nums=1%7C2")]
    [InlineData("/params2/expand?expand%5B%5D=data.source&expand%5B%5D=customer", "/echo/expand?expand%5B%5D=data.source&expand%5B%5D=customer")]
    [InlineData("/params2/expand?expand%5B0%5D=customer", "/echo/expand?expand%5B0%5D=customer")]
    [InlineData("/params2/expand?trial_end=now", "/echo/expand?trial_end=now")]
    public async Task A_valid_parameter_reaches_nginx_as_sent(string target, string expected)
    {
        using var response = await _fixture.Client.GetAsync(target);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("uri=" + expected, body.Split('\n')[0]);
    }

    [Theory]
    [InlineData("/params2/composed/1?level=11", "query.level", "anyOf")]
    [InlineData("/params2/composed/1?level=medium", "query.level", "anyOf")]
    [InlineData("/params2/lists/a,b,c", "path.tags", "maxItems")]
    [InlineData("/params2/lists/ab%2Ccd", "path.tags", "maxLength")]
    [InlineData("/params2/lists/a?ids=x,y,z", "query.ids", "maxItems")]
    [InlineData("/params2/lists/a?nums=1%2C2", "query.nums", "type")]
    [InlineData("/params2/expand?expand%5B%5D=a&expand%5B%5D=b&expand%5B%5D=c", "query.expand", "maxItems")]
    [InlineData("/params2/expand?expand=customer", "query.expand", "style")]
    [InlineData("/params2/expand?trial_end=later", "query.trial_end", "anyOf")]
    public async Task An_invalid_parameter_is_a_400_naming_it(string target, string location, string keyword)
    {
        using var response = await _fixture.Client.GetAsync(target);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal("BAD_REQUEST_PARAMETERS", document.RootElement.GetProperty("type").GetString());
        var errors = document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("parameter").GetString(), e.GetProperty("keyword").GetString()))
            .ToArray();
        Assert.Contains((location, keyword), errors);
    }
}
