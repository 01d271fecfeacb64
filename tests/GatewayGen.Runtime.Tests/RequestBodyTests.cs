using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>The buffered body that is validated and then replayed to the integration.</summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task The_body_is_read_whole_and_replayed_byte_for_byte_as_the_request_body()
    {
        // Larger than the first pooled buffer (no Content-Length: 4 KiB), and sent in small reads.
        var sent = Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(",", Enumerable.Range(0, 3000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}");
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(sent, chunk: 700);

        using var body = await RequestBody.ReadAsync(context);

        Assert.Equal(sent, body.Span.ToArray());
        Assert.Same(body, context.Request.Body);
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy);
        Assert.Equal(sent, copy.ToArray());

        // Replayable: an integration that retries rewinds and reads again.
        context.Request.Body.Position = 0;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        Assert.Equal(Encoding.UTF8.GetString(sent), await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task After_dispose_the_body_cannot_be_read_so_a_returned_buffer_is_never_replayed()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream("{\"a\":1}"u8.ToArray());
        var body = await RequestBody.ReadAsync(context);

        body.Dispose();

        Assert.False(context.Request.Body.CanRead);
        Assert.Throws<ObjectDisposedException>(() => context.Request.Body.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => body.Span.Length);
    }

    [Fact]
    public async Task An_empty_body_is_empty()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream();

        using var body = await RequestBody.ReadAsync(context);

        Assert.True(body.IsEmpty);
        Assert.Equal(-1, context.Request.Body.ReadByte());
    }

    [Fact]
    public async Task A_zlib_wrapped_deflate_body_is_decoded()
    {
        var text = "{\"deflated\":\"" + new string('x', 5000) + "\"}";
        using var encoded = new MemoryStream();
        using (var encoder = new System.IO.Compression.ZLibStream(encoded, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            encoder.Write(Encoding.UTF8.GetBytes(text));
        }

        var context = new DefaultHttpContext();
        context.Request.Headers.ContentEncoding = "deflate";
        context.Request.Body = new TrickleStream(encoded.ToArray(), chunk: 300);

        using var body = await RequestBody.ReadAsync(context);

        Assert.Equal(text, Encoding.UTF8.GetString(body.Span));
        Assert.False(context.Request.Headers.ContainsKey("Content-Encoding"), "the body the integration gets is no longer encoded");
        Assert.Equal(text.Length, context.Request.ContentLength);
    }

    // A client body that arrives in pieces, as a network stream delivers it.
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, chunk)), cancellationToken);
    }
}
