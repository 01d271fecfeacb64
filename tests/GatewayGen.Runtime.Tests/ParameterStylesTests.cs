using System.Collections.Generic;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>OpenAPI's style table (3.0.3/3.1 "Style Examples"), parsed by ParameterStyles and StyledParameters.</summary>
public sealed class ParameterStylesTests
{
    [Theory]
    [InlineData("R,100,G,200", ParameterStyle.Simple, false)]
    [InlineData("R=100,G=200", ParameterStyle.Simple, true)]
    [InlineData("R,100,G,200", ParameterStyle.Form, false)]
    [InlineData("R 100 G 200", ParameterStyle.SpaceDelimited, false)]
    [InlineData("R%20100%20G%20200", ParameterStyle.SpaceDelimited, false)]
    [InlineData("R|100|G|200", ParameterStyle.PipeDelimited, false)]
    [InlineData(";color=R,100,G,200", ParameterStyle.Matrix, false)]
    [InlineData(";R=100;G=200", ParameterStyle.Matrix, true)]
    [InlineData(".R.100.G.200", ParameterStyle.Label, false)]
    [InlineData(".R=100.G=200", ParameterStyle.Label, true)]
    public void Each_object_style_reads_the_spec_example(string text, ParameterStyle style, bool explode)
    {
        Assert.True(ParameterStyles.TryParseObject(text, style, explode, "color", ParameterTextDecoding.Percent, out var properties, out var problem), problem);

        Assert.Equal(new Dictionary<string, string> { ["R"] = "100", ["G"] = "200" }, properties);
    }

    [Theory]
    [InlineData(";color", ParameterStyle.Matrix)]
    [InlineData(".", ParameterStyle.Label)]
    [InlineData("", ParameterStyle.Simple)]
    public void The_empty_value_is_the_empty_object(string text, ParameterStyle style)
    {
        Assert.True(ParameterStyles.TryParseObject(text, style, false, "color", ParameterTextDecoding.Percent, out var properties, out _));

        Assert.Empty(properties);
    }

    [Theory]
    [InlineData("name,a%2Cb%20c", ParameterStyle.Simple, false, ParameterTextDecoding.Percent, "a,b c")]
    [InlineData("name=a%3Db", ParameterStyle.Simple, true, ParameterTextDecoding.Percent, "a=b")]
    [InlineData(";name=a%3Bb", ParameterStyle.Matrix, true, ParameterTextDecoding.Percent, "a;b")]
    [InlineData(".name.a%2Eb", ParameterStyle.Label, false, ParameterTextDecoding.Percent, "a.b")]
    [InlineData("name,a+b%2B", ParameterStyle.Form, false, ParameterTextDecoding.Query, "a b+")]
    [InlineData("name,a%2Cb", ParameterStyle.Simple, false, ParameterTextDecoding.None, "a%2Cb")]
    public void Pieces_are_decoded_after_splitting_so_an_encoded_delimiter_stays_in_its_value(string text, ParameterStyle style, bool explode, ParameterTextDecoding decoding, string expected)
    {
        Assert.True(ParameterStyles.TryParseObject(text, style, explode, "color", decoding, out var properties, out var problem), problem);

        Assert.Equal(expected, properties["name"]);
    }

    [Theory]
    [InlineData("R,100,G", ParameterStyle.Simple, false, "3 items")]
    [InlineData("R=100,G", ParameterStyle.Simple, true, "property 'G' has no value")]
    [InlineData("R,1,R,2", ParameterStyle.Simple, false, "property 'R' is given twice")]
    [InlineData(";colour=R,1", ParameterStyle.Matrix, false, ";color=VALUE")]
    [InlineData("R=1;G=2", ParameterStyle.Matrix, true, ";NAME=VALUE")]
    [InlineData("R.1", ParameterStyle.Label, false, "start with '.'")]
    [InlineData(",1", ParameterStyle.Simple, false, "empty name")]
    public void Malformed_objects_say_what_is_wrong(string text, ParameterStyle style, bool explode, string expected)
    {
        Assert.False(ParameterStyles.TryParseObject(text, style, explode, "color", ParameterTextDecoding.Percent, out _, out var problem));

        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData(";id=5", ParameterStyle.Matrix, "5")]
    [InlineData(";id", ParameterStyle.Matrix, "")]
    [InlineData(";id=a%3Bb", ParameterStyle.Matrix, "a;b")]
    [InlineData(".5", ParameterStyle.Label, "5")]
    [InlineData(".", ParameterStyle.Label, "")]
    [InlineData("5", ParameterStyle.Simple, "5")]
    public void A_matrix_or_label_scalar_is_unwrapped(string text, ParameterStyle style, string expected)
    {
        Assert.True(ParameterStyles.TryUnwrap(text, style, "id", ParameterTextDecoding.Percent, out var value, out _));

        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("5", ParameterStyle.Matrix)]
    [InlineData(";idx=5", ParameterStyle.Matrix)]
    [InlineData("5", ParameterStyle.Label)]
    public void A_scalar_without_its_prefix_is_refused(string text, ParameterStyle style)
    {
        Assert.False(ParameterStyles.TryUnwrap(text, style, "id", ParameterTextDecoding.Percent, out _, out var problem));

        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData(";id=3,4,5", ParameterStyle.Matrix, false)]
    [InlineData(";id=3;id=4;id=5", ParameterStyle.Matrix, true)]
    [InlineData(".3.4.5", ParameterStyle.Label, false)]
    [InlineData(".3.4.5", ParameterStyle.Label, true)]
    [InlineData("3,4,5", ParameterStyle.Simple, false)]
    public void Each_array_style_reads_the_spec_example(string text, ParameterStyle style, bool explode)
    {
        Assert.True(ParameterStyles.TrySplitItems(text, style, explode, "id", ParameterTextDecoding.Percent, out var items, out var problem), problem);

        Assert.Equal(new[] { "3", "4", "5" }, items);
    }

    [Fact]
    public void An_exploded_matrix_array_names_itself_in_every_item()
    {
        Assert.False(ParameterStyles.TrySplitItems(";id=3;other=4", ParameterStyle.Matrix, true, "id", ParameterTextDecoding.Percent, out _, out var problem));

        Assert.Contains("';id=VALUE'", problem);
    }

    [Theory]
    [InlineData("?a=1&color=R%2C1&b=2", "color", "R%2C1")]
    [InlineData("?col%6Fr=x", "color", "x")]
    [InlineData("?flag&color", "color", "")]
    [InlineData("?a=1", "color", null)]
    public void The_raw_query_value_is_found_by_its_decoded_key(string query, string name, string? expected)
    {
        Assert.Equal(expected, StyledParameters.RawQueryValue(query, name));
    }

    [Fact]
    public void Properties_become_the_json_types_their_schema_names()
    {
        var parameter = new StyledParameter("color", "query")
        {
            Properties = ["R", "name", "on"],
            PropertyTypes = [JsonTypes.Integer, JsonTypes.String, JsonTypes.Boolean],
            OtherTypes = JsonTypes.Number,
        };
        var properties = new Dictionary<string, string> { ["R"] = "100", ["name"] = "100", ["on"] = "true", ["x"] = "1.5e3", ["bad"] = "01" };

        var json = System.Text.Encoding.UTF8.GetString(StyledParameters.ToJson(properties, parameter));

        Assert.Equal("""{"R":100,"name":"100","on":true,"x":1.5e3,"bad":"01"}""", json);
    }
}
