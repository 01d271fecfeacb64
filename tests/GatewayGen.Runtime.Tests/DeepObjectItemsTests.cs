using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>GatewayGen's readings of what OpenAPI leaves undefined: deepObject arrays (expand[]=a, expand[0]=a) and scalars (name=VALUE).</summary>
public sealed class DeepObjectItemsTests
{
    private static readonly StyledParameter Expand = new("expand", "query") { Style = ParameterStyle.DeepObject, Explode = true };

    [Theory]
    [InlineData("?expand[]=a&expand[]=b", new[] { "a", "b" })]
    [InlineData("?expand%5B%5D=a%2Cb&limit=1&expand%5B%5D=c", new[] { "a,b", "c" })]
    [InlineData("?expand[1]=b&expand[0]=a&expand[10]=c", new[] { "a", "b", "c" })]
    [InlineData("?expand[]=", new[] { "" })]
    [InlineData("?expanded=x&expand[]=a", new[] { "a" })]
    public void Items_are_read_in_order(string query, string[] expected)
    {
        var (items, errors) = Read(query);

        Assert.Equal(expected, items);
        Assert.Null(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?limit=1&expanded=x")]
    public void Without_its_keys_the_array_is_absent(string query)
    {
        var (items, errors) = Read(query);

        Assert.Empty(items);
        Assert.Null(errors);
    }

    [Theory]
    [InlineData("?expand=a", "expand[]=VALUE or expand[N]=VALUE")]
    [InlineData("?expand[a]=x", "'expand[a]' is neither")]
    [InlineData("?expand[0][id]=x", "'expand[0][id]' is neither")]
    [InlineData("?expand[-1]=x", "'expand[-1]' is neither")]
    [InlineData("?expand[]=a&expand[0]=b", "it mixes")]
    [InlineData("?expand[0]=a&expand[0]=b", "item 0 is given more than once")]
    [InlineData("?expand[0]=a&expand[00]=b", "item 0 is given more than once")]
    public void A_key_outside_the_reading_is_a_style_error(string query, string problem)
    {
        var (_, errors) = Read(query);

        var error = Assert.Single(Assert.IsType<ValidationErrors>(errors).Items);
        Assert.Equal(("query.expand", "style"), (error.Location, error.Keyword));
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("?trial_end=now", "now", null)]
    [InlineData("?other=1", null, null)]
    [InlineData("?trial_end%5Bx%5D=1", null, "style")]
    [InlineData("?trial_end=1&trial_end=2", "2", "single")]
    public void A_deepObject_scalar_is_the_plain_name_value(string query, string? expected, string? keyword)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        ValidationErrors? errors = null;

        var value = StyledParameters.DeepObjectScalar(context, new StyledParameter("trial_end", "query") { Style = ParameterStyle.DeepObject, Explode = true }, ref errors);

        Assert.Equal(expected, value);
        Assert.Equal(keyword, errors is null ? null : Assert.Single(errors.Items).Keyword);
    }

    private static (string?[] Items, ValidationErrors? Errors) Read(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        ValidationErrors? errors = null;
        var items = StyledParameters.DeepObjectItems(context, Expand, ref errors);
        return (items.ToArray(), errors);
    }
}
