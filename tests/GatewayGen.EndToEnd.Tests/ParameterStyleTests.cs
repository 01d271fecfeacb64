using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// Issue 18: deepObject, matrix, label and content parameters (its /params/ operations), composed scalars, delimited
/// arrays split before decoding and deepObject arrays (/params2/) through the real ProxyGateway process to nginx:
/// valid values reach nginx exactly as sent, invalid ones are a 400 naming parameter and property.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class ParameterStyleTests : IClassFixture<ProxyGatewayTests.Fixture>
{
    private readonly ProxyGatewayTests.Fixture _fixture;

    public ParameterStyleTests(ProxyGatewayTests.Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("/params/deep?color%5BR%5D=100&color%5BG%5D=200", "/echo/deep?color%5BR%5D=100&color%5BG%5D=200")]
    [InlineData("/params/matrix/;R=100;G=2", "/echo/matrix/;R=100;G=2")]
    [InlineData("/params/label/.1.2.3", "/echo/label/.1.2.3")]
    [InlineData("/params/json?filter=%7B%22q%22%3A%22red%20shoes%22%7D", "/echo/json?filter=%7B%22q%22%3A%22red%20shoes%22%7D")]
    [InlineData("/params2/composed/42?level=3", "/echo/composed/42?level=3")]
    [InlineData("/params2/composed/main.yaml?level=high", "/echo/composed/main.yaml?level=high")]
    [InlineData("/params2/lists/a%2Cb?ids=x%2Cy%2Cz", "/echo/lists/a%2Cb?ids=x%2Cy%2Cz")]
    [InlineData("/params2/lists/a,b?ids=x,y&nums=1%7C2", "/echo/lists/a,b?ids=x,y&nums=1%7C2")]
    [InlineData("/params2/expand?expand%5B%5D=data.source&expand%5B%5D=customer", "/echo/expand?expand%5B%5D=data.source&expand%5B%5D=customer")]
    [InlineData("/params2/expand?expand%5B0%5D=customer", "/echo/expand?expand%5B0%5D=customer")]
    [InlineData("/params2/expand?trial_end=now", "/echo/expand?trial_end=now")]
    public async Task A_valid_styled_parameter_reaches_nginx_as_sent(string target, string expected)
    {
        using var response = await _fixture.Client.GetAsync(target);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("uri=" + expected, body.Split('\n')[0]);
    }

    [Theory]
    [InlineData("/params/deep?color%5BR%5D=300", "query.color.R", "maximum")]
    [InlineData("/params/deep?color%5BG%5D=1", "query.color.R", "required")]
    [InlineData("/params/deep?color%5BR%5D=1&color%5BX%5D=1", "query.color.X", "false")]
    [InlineData("/params/matrix/;R=red", "path.color.R", "type")]
    [InlineData("/params/matrix/R=1", "path.color", "style")]
    [InlineData("/params/label/.1.0", "path.ids", "minimum")]
    [InlineData("/params/label/1.2", "path.ids", "style")]
    [InlineData("/params/json?filter=%7B%22q%22%3A%22x%22%7D", "query.filter.q", "minLength")]
    [InlineData("/params/json?filter=nope", "query.filter", "json")]
    [InlineData("/params2/composed/1?level=11", "query.level", "anyOf")]
    [InlineData("/params2/composed/1?level=medium", "query.level", "anyOf")]
    [InlineData("/params2/lists/a,b,c", "path.tags", "maxItems")]
    [InlineData("/params2/lists/ab%2Ccd", "path.tags", "maxLength")]
    [InlineData("/params2/lists/a?ids=x,y,z", "query.ids", "maxItems")]
    [InlineData("/params2/lists/a?nums=1%2C2", "query.nums", "type")]
    [InlineData("/params2/expand?expand%5B%5D=a&expand%5B%5D=b&expand%5B%5D=c", "query.expand", "maxItems")]
    [InlineData("/params2/expand?expand=customer", "query.expand", "style")]
    [InlineData("/params2/expand?trial_end=later", "query.trial_end", "anyOf")]
    public async Task An_invalid_styled_parameter_is_a_400_naming_parameter_and_property(string target, string location, string keyword)
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
