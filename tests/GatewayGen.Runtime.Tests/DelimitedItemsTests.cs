using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>StyledParameters.DelimitedItems: delimited array items split on the raw query or path text, then decoded.</summary>
public sealed class DelimitedItemsTests
{
    [Theory]
    [InlineData("?ids=a%2Cb", ParameterStyle.Form, new[] { "a,b" })]
    [InlineData("?ids=a,b%20c", ParameterStyle.Form, new[] { "a", "b c" })]
    [InlineData("?ids=a+b,c", ParameterStyle.Form, new[] { "a b", "c" })]
    [InlineData("?ids=a,b&x=1&ids=c", ParameterStyle.Form, new[] { "a", "b", "c" })]
    [InlineData("?i%64s=a,b", ParameterStyle.Form, new[] { "a", "b" })]
    [InlineData("?ids=", ParameterStyle.Form, new[] { "" })]
    [InlineData("?ids=a%20b+c", ParameterStyle.SpaceDelimited, new[] { "a", "b", "c" })]
    [InlineData("?ids=a%2Cb%20c", ParameterStyle.SpaceDelimited, new[] { "a,b", "c" })]
    [InlineData("?ids=a|b%7Cc", ParameterStyle.PipeDelimited, new[] { "a", "b", "c" })]
    [InlineData("?ids=a%2Cb|c", ParameterStyle.PipeDelimited, new[] { "a,b", "c" })]
    public void Query_items_are_split_on_the_raw_text_then_decoded(string query, ParameterStyle style, string[] expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        ValidationErrors? errors = null;

        var items = StyledParameters.DelimitedItems(context, new StyledParameter("ids", "query") { Style = style }, ref errors);

        Assert.Equal(expected, items.ToArray());
        Assert.Null(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?other=a,b")]
    [InlineData("?idsx=a")]
    public void An_absent_query_array_has_no_items(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        ValidationErrors? errors = null;

        var items = StyledParameters.DelimitedItems(context, new StyledParameter("ids", "query") { Style = ParameterStyle.Form }, ref errors);

        Assert.Equal(0, items.Count);
    }

    [Fact]
    public void A_path_array_is_split_on_the_raw_segment_then_decoded()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = new PathString("/lists/a,b,c");
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = "/lists/a%2Cb,c";
        context.Request.RouteValues["tags"] = "a,b,c";
        ValidationErrors? errors = null;

        var items = StyledParameters.DelimitedItems(context, new StyledParameter("tags", "path") { Style = ParameterStyle.Simple, RouteName = "tags", Segment = 1 }, ref errors);

        Assert.Equal(new[] { "a,b", "c" }, items.ToArray());
    }
}
