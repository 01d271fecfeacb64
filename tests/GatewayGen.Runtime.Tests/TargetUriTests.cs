using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit;

namespace GatewayGen.Runtime.Tests;

public sealed class TargetUriTests
{
    [Theory]
    [InlineData("rex", "rex")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a b?c#d", "a%20b%3Fc%23d")]
    [InlineData("100%", "100%25")]
    [InlineData("été", "%C3%A9t%C3%A9")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_value_from_elsewhere_never_adds_a_path_segment(string? value, string expected) =>
        Assert.Equal(expected, TargetUri.Segment(value, "query.id"));

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void A_dot_segment_from_a_mapped_value_is_refused_naming_the_parameter(string value)
    {
        var refused = Assert.Throws<GatewayRequestException>(() => TargetUri.Segment(value, "query.id"));
        Assert.Equal(GatewayResponseType.BadRequestParameters, refused.Type);
        Assert.Contains("query parameter 'id'", refused.Message);
    }

    [Theory]
    [InlineData("/pets/%252f", "/pets/%2f", "%2f", "%252f")] // one layer of encoding is not lost
    [InlineData("/pets/a%2Fb", "/pets/a%2Fb", "a%2Fb", "a%2Fb")] // an encoded slash stays inside its segment
    [InlineData("/pets/%zz", "/pets/%zz", "%zz", "%zz")] // an invalid escape passes as sent
    [InlineData("/pets/%C3%A9t%C3%A9", "/pets/été", "été", "%C3%A9t%C3%A9")]
    [InlineData("/pets/%e9", "/pets/%e9", "%e9", "%e9")] // not UTF-8: left as written by the server, and by us
    [InlineData("/pets/a:b@c", "/pets/a:b@c", "a:b@c", "a:b@c")]
    public void A_whole_segment_path_value_goes_on_as_the_client_wrote_it(string rawTarget, string path, string value, string expected) =>
        Assert.Equal(expected, TargetUri.PathValue(Request(rawTarget, path), value, 1));

    [Fact]
    public void A_path_value_whose_raw_text_cannot_be_found_is_escaped_into_its_segment()
    {
        // The server removed a dot segment, so raw and decoded segments no longer line up.
        var context = Request("/x/../pets/a%20b", "/pets/a b");
        Assert.Equal("a%20b", TargetUri.PathValue(context, "a b", 1));
        Assert.Equal("a%2Fb", TargetUri.PathValue(context, "a/b", 1));
    }

    [Theory]
    [InlineData("/static/css/site%20main.css", "/static/css/site main.css", "css/site main.css", "css/site%20main.css")]
    [InlineData("/static/a/b%2Fc/%252e", "/static/a/b%2Fc/%2e", "a/b%2Fc/%2e", "a/b%2Fc/%252e")]
    public void A_greedy_value_keeps_its_slashes_and_its_escapes(string rawTarget, string path, string value, string expected) =>
        Assert.Equal(expected, TargetUri.GreedyPathValue(Request(rawTarget, path), value, 1));

    [Fact]
    public void A_greedy_value_without_its_raw_text_escapes_each_segment()
    {
        var context = new DefaultHttpContext();
        Assert.Equal("css/site%20main.css", TargetUri.GreedyPathValue(context, "css/site main.css", 1));
    }

    [Theory]
    [InlineData("/files/report.json", "/files/report.json", "report", "report")]
    [InlineData("/files/a%20b.json", "/files/a b.json", "a b", "a%20b")]
    [InlineData("/files/%zz.json", "/files/%zz.json", "%zz", "%zz")] // an invalid escape passes as sent
    [InlineData("/files/%252f.json", "/files/%2f.json", "%2f", "%252f")] // no layer of encoding is lost
    [InlineData("/files/a%2Fb.json", "/files/a%2Fb.json", "a%2Fb", "a%2Fb")] // an encoded slash stays in its segment
    [InlineData("/files/%C3%A9t%C3%A9.json", "/files/été.json", "été", "%C3%A9t%C3%A9")]
    [InlineData("/files/%e9.json", "/files/%e9.json", "%e9", "%e9")]
    [InlineData("/files/x-%78", "/files/x-x", "x", "x")] // spelled two ways ("x" and "%78"): escaped from the value
    public void A_value_sharing_its_segment_is_raw_when_it_can_be_and_escaped_otherwise(string rawTarget, string path, string value, string expected) =>
        Assert.Equal(expected, TargetUri.PathPartValue(Request(rawTarget, path), value, 1));

    [Theory]
    [InlineData("http://b/x", "?a=1&b=%20", "http://b/x?a=1&b=%20")]
    [InlineData("http://b/x?fixed=1", "?a=1", "http://b/x?fixed=1&a=1")]
    [InlineData("http://b/x", "?q=%252f&r=%zz", "http://b/x?q=%252f&r=%zz")]
    [InlineData("http://b/x", "", "http://b/x")]
    [InlineData("http://b/x", "?", "http://b/x")]
    public void The_client_query_string_is_appended_as_sent(string target, string query, string expected) =>
        Assert.Equal(expected, TargetUri.AppendQuery(target, new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void A_query_string_never_carries_a_character_a_url_cannot()
    {
        // Kestrel refuses these on the wire; a request built in-process (or an HTTP/2 :path) must not pass them raw.
        Assert.Equal("http://b/x?a=1%202%0D%0AX:%20y", TargetUri.AppendQuery("http://b/x", new QueryString("?a=1 2\r\nX: y")));
    }

    [Fact]
    public void Mapped_query_parameters_are_escaped_and_absent_ones_skipped()
    {
        var target = TargetUri.AppendQueryParameter("http://b/x", "q", "red shoes&more");
        target = TargetUri.AppendQueryParameter(target, "page", null);
        target = TargetUri.AppendQueryParameter(target, "n", "2");

        Assert.Equal("http://b/x?q=red%20shoes%26more&n=2", target);
    }

    [Fact]
    public void The_built_url_is_sent_without_canonicalisation()
    {
        Assert.Equal("/pets/%252f/%zz", TargetUri.Create("http://b/pets/%252f/%zz").PathAndQuery);
    }

    private static DefaultHttpContext Request(string rawTarget, string path)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        context.Request.Path = path;
        return context;
    }
}
