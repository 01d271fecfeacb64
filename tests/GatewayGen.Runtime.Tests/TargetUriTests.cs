using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests;

public sealed class TargetUriTests
{
    [Theory]
    [InlineData("rex", "rex")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a%2Fb", "a%2Fb")] // ASP.NET Core keeps an encoded slash encoded in route values
    [InlineData("a b?c#d", "a%20b%3Fc%23d")]
    [InlineData("100%", "100%25")]
    [InlineData("été", "%C3%A9t%C3%A9")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_segment_value_never_adds_a_path_segment(string? value, string expected) =>
        Assert.Equal(expected, TargetUri.Segment(value));

    [Theory]
    [InlineData("css/site main.css", "css/site%20main.css")]
    [InlineData("a/b%2Fc/d", "a/b%2Fc/d")]
    [InlineData("single", "single")]
    public void A_greedy_value_keeps_its_slashes_and_escapes_each_segment(string value, string expected) =>
        Assert.Equal(expected, TargetUri.GreedyPath(value));

    [Theory]
    [InlineData("http://b/x", "?a=1&b=%20", "http://b/x?a=1&b=%20")]
    [InlineData("http://b/x?fixed=1", "?a=1", "http://b/x?fixed=1&a=1")]
    [InlineData("http://b/x", "", "http://b/x")]
    [InlineData("http://b/x", "?", "http://b/x")]
    public void The_client_query_string_is_appended_as_sent(string target, string query, string expected) =>
        Assert.Equal(expected, TargetUri.AppendQuery(target, new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void Mapped_query_parameters_are_escaped_and_absent_ones_skipped()
    {
        var target = TargetUri.AppendQueryParameter("http://b/x", "q", "red shoes&more");
        target = TargetUri.AppendQueryParameter(target, "page", null);
        target = TargetUri.AppendQueryParameter(target, "n", "2");

        Assert.Equal("http://b/x?q=red%20shoes%26more&n=2", target);
    }
}
