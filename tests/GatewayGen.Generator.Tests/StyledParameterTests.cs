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
/// Object, content (JSON) and matrix/label parameters parsed by OpenAPI's style table and validated with their schema
/// (Specs/styles.openapi.yaml): valid ones reach the backend as sent, invalid ones are a 400 naming parameter and property.
/// </summary>
public sealed class StyledParameterTests : IClassFixture<StyledParameterTests.Fixture>
{
    private const string Functions = """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class StylesFunctions
        {
            public static partial ValueTask<IResult> Typed(GetTypedByIdRequest r) =>
                new(TypedResults.Text($"id={r.Id} color={{{string.Join(",", r.Color.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}}} filter={r.Filter ?? "-"}"));
        }
        """;

    private readonly Fixture _fixture;

    public StyledParameterTests(Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("/deep?color%5BR%5D=100&color%5BG%5D=200&page=2")]
    [InlineData("/deep?color%5BR%5D=100&color%5Bname%5D=a%20b")]
    [InlineData("/form?R=100&G=200&page=2")]
    [InlineData("/form?R=100&G=200&PAGE=2")] // PAGE is the page parameter (names ignore case), not a property of color
    [InlineData("/flat?color=R,100,G,200")]
    [InlineData("/flat?color=R,1,name,a%2Cb&pipes=x%7C1%7Cy%7C2")]
    [InlineData("/matrix/;color=R,100,G,200")]
    [InlineData("/matrix-explode/;R=100;G=200")]
    [InlineData("/label/.R.100.G.200")]
    [InlineData("/label-explode/.R=100.G=200")]
    [InlineData("/simple/R,100,G,200")]
    [InlineData("/simple/R,100,name,a%2Cb")]
    [InlineData("/ids/;id=5/.1.2.3")]
    [InlineData("/range?created%5Bgt%5D=1&created%5Blt%5D=9")]
    [InlineData("/range?created=5")]
    [InlineData("/range")]
    [InlineData("/json?filter=%7B%22q%22%3A%22shoes%22%7D")]
    public async Task A_valid_styled_value_reaches_the_backend_as_sent(string target)
    {
        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, _fixture.Backend.Last.RawTarget);
    }

    [Fact]
    public async Task With_parameter_validation_off_styled_values_pass_unchecked_as_sent()
    {
        using var response = await _fixture.Gateway.Client.GetAsync("/unchecked/;id=x?color%5BR%5D=999&filter=nope");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/unchecked/;id=x?color%5BR%5D=999&filter=nope", _fixture.Backend.Last.RawTarget);
    }

    [Fact]
    public async Task An_exploded_simple_object_header_is_parsed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/simple/R,1");
        request.Headers.Add("X-Color", "R=100,G=300");

        using var response = await _fixture.Gateway.Client.SendAsync(request);

        Assert.Contains(("header.X-Color.G", "maximum"), await ErrorsAsync(response));
    }

    [Theory]
    [InlineData("/deep?color[R]=300", "query.color.R", "maximum")]
    [InlineData("/deep?Color[R]=300", "query.color.R", "maximum")] // ASP.NET Core binds Color[R] to color: checked as that
    [InlineData("/deep?color[R]=1&page[]=2", "query.page", "single")] // Express (qs) reads page[]=2 as page's value
    [InlineData("/deep?color[R]=red", "query.color.R", "type")]
    [InlineData("/deep?color[G]=1", "query.color.R", "required")]
    [InlineData("/deep?color[R]=1&color[B]=2", "query.color.B", "false")]
    [InlineData("/deep?color[R]=1&color[name]=toolong", "query.color.name", "maxLength")]
    [InlineData("/deep?color[R]=1&color[R]=2", "query.color", "style")]
    [InlineData("/deep?color=1", "query.color", "style")]
    [InlineData("/deep?page=1", "query.color", "required")]
    [InlineData("/form?R=1&G=-1", "query.color.G", "minimum")]
    [InlineData("/form?R=1&page=2&B=3", "query.color.B", "false")]
    [InlineData("/flat?color=R,100,G", "query.color", "style")]
    [InlineData("/flat?color=R,1&pipes=x|one", "query.pipes.x", "type")]
    [InlineData("/matrix/;color=R,999", "path.color.R", "maximum")]
    [InlineData("/matrix/;colour=R,1", "path.color", "style")]
    [InlineData("/matrix-explode/;R=1;G", "path.color", "style")]
    [InlineData("/label/R.1", "path.color", "style")]
    [InlineData("/label-explode/.R=1.G=x", "path.color.G", "type")]
    [InlineData("/simple/G,1", "path.color.R", "required")]
    [InlineData("/ids/;id=500/.1.2", "path.id", "maximum")]
    [InlineData("/ids/5/.1.2", "path.id", "style")]
    [InlineData("/ids/;id=5/.1.x", "path.tags", "type")]
    [InlineData("/range?created=soon", "query.created", "anyOf")]
    [InlineData("/range?created%5Bgt%5D=soon", "query.created", "anyOf")]
    [InlineData("/range?created=5&created%5Bgt%5D=1", "query.created", "style")]
    [InlineData("/json?filter=%7B%22q%22%3A%22s%22%7D", "query.filter.q", "minLength")]
    [InlineData("/json?filter=%7B%7D", "query.filter.q", "required")]
    [InlineData("/json?filter=%7B%22q%22%3A%22ok%22%2C%22tags%22%3A%5B1%5D%7D", "query.filter.tags.0", "type")]
    [InlineData("/json?filter=%7Bq", "query.filter", "json")]
    [InlineData("/json", "query.filter", "required")]
    // additionalProperties: false fails as the false schema (keyword "false"), as in body validation.
    public async Task An_invalid_styled_value_is_a_400_naming_parameter_and_property(string target, string location, string keyword)
    {
        var before = _fixture.Backend.Received.Count;

        using var response = await _fixture.Gateway.Client.GetAsync(target);

        Assert.Contains((location, keyword), await ErrorsAsync(response));
        Assert.Equal(before, _fixture.Backend.Received.Count);
    }

    [Fact]
    public async Task A_content_parameter_without_a_schema_must_still_be_json()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/json?filter=%7B%22q%22%3A%22ok%22%7D");
        request.Headers.Add("raw", "[1, 2");

        using var response = await _fixture.Gateway.Client.SendAsync(request);

        Assert.Equal(new[] { ("header.raw", "json") }, await ErrorsAsync(response));
    }

    [Fact]
    public async Task A_path_value_without_its_matrix_prefix_is_one_style_error_not_a_missing_one()
    {
        using var response = await _fixture.Gateway.Client.GetAsync("/ids/5/.1.2");

        Assert.Equal(new[] { ("path.id", "style") }, await ErrorsAsync(response));
    }

    [Fact]
    public async Task A_function_gets_an_object_as_a_dictionary_and_content_as_its_json_text()
    {
        using var response = await _fixture.Gateway.Client.GetAsync("/typed/.7?color[R]=1&color[G]=2&filter=%7B%22a%22%3A1%7D");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("id=7 color={G=2,R=1} filter={\"a\":1}", await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string Location, string Keyword)[]> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal("BAD_REQUEST_PARAMETERS", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("parameter").GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }

    public sealed class Fixture() : SpecGatewayFixture("styles.openapi.yaml", null, Functions);
}
