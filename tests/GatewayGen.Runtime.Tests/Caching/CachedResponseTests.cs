using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests.Caching;

/// <summary>A cached answer is stored and replayed as the backend gave it, never with another request's framing.</summary>
public sealed class CachedResponseTests
{
    [Fact]
    public async Task An_entry_replays_status_headers_and_body_but_not_the_request_id_or_framing()
    {
        var headers = new HeaderDictionary
        {
            ["Content-Type"] = "application/json",
            ["X-Multi"] = new[] { "a", "b" },
            ["Content-Length"] = "2",
            ["Transfer-Encoding"] = "chunked",
            ["x-amzn-RequestId"] = "the-first-request",
        };
        var stored = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var bytes = CachedResponse.Write(203, stored, new[] { new KeyValuePair<string, string?>("accept-language", "en") }, headers, "{}"u8);

        var entry = CachedResponse.Read(bytes)!;
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        context.Response.Headers["x-amzn-RequestId"] = "this-request";
        await entry.WriteAsync(context, stored.AddSeconds(42));

        Assert.Equal(203, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal(new[] { "a", "b" }, context.Response.Headers["X-Multi"].ToArray());
        Assert.Equal("this-request", context.Response.Headers["x-amzn-RequestId"].ToString());
        Assert.False(context.Response.Headers.ContainsKey("Transfer-Encoding"));
        Assert.Equal(2, context.Response.ContentLength);
        Assert.Equal("42", context.Response.Headers.Age.ToString());
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public void An_entry_fits_only_requests_with_the_values_its_vary_headers_had()
    {
        var bytes = CachedResponse.Write(200, DateTimeOffset.UnixEpoch, new[] { new KeyValuePair<string, string?>("accept-language", "en"), new KeyValuePair<string, string?>("x-absent", null) }, new HeaderDictionary(), default);
        var entry = CachedResponse.Read(bytes)!;

        Assert.True(entry.Fits(Request(("Accept-Language", "en"))));
        Assert.False(entry.Fits(Request(("Accept-Language", "de"))));
        Assert.False(entry.Fits(Request(("Accept-Language", "en"), ("X-Absent", "now present"))));
    }

    [Fact]
    public void Bytes_of_another_format_or_cut_short_are_a_miss_not_an_error()
    {
        var bytes = CachedResponse.Write(200, DateTimeOffset.UnixEpoch, Array.Empty<KeyValuePair<string, string?>>(), new HeaderDictionary { ["X"] = "y" }, "body"u8);

        Assert.Null(CachedResponse.Read(bytes[..(bytes.Length - 3)]));
        Assert.Null(CachedResponse.Read(new byte[] { 99, 1, 2 }));
        Assert.Null(CachedResponse.Read(Array.Empty<byte>()));
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
