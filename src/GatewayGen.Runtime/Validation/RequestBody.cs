using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// A request body read whole into a pooled buffer so it can be validated before anything is sent on. It then
/// stands in as <see cref="HttpRequest.Body"/>, replaying the very same bytes to the integration. Dispose gives
/// the buffer back; reading after that throws rather than replaying a buffer someone else now owns.
/// </summary>
public sealed class RequestBody : Stream
{
    private byte[]? _buffer;
    private int _position;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The number of bytes the client sent.</summary>
    public override long Length { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, (int)Length);

    /// <summary>True when the request carries no body at all (no bytes, whatever the headers say).</summary>
    public bool IsEmpty => Length == 0;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(RequestBody));

    private ReadOnlyMemory<byte> Remaining => Buffer.AsMemory(_position, (int)Length - _position);

    /// <summary>
    /// Reads the whole body (Kestrel's MaxRequestBodySize still applies) and makes <see cref="HttpRequest.Body"/>
    /// replay it. Completes without allocating a task when the bytes have already arrived. A body with a
    /// Content-Encoding (gzip, br, deflate) is decoded first, within the payload limit: what the gateway reads is
    /// what it validates and what the integration then receives, without the Content-Encoding. Only a whole stream
    /// is decoded: one cut off, or with bytes after its end, is refused.
    /// </summary>
    /// <exception cref="GatewayRequestException">413 when the decoded body is over the payload limit; 415 for a coding that is not supported or data that is not one whole stream of it.</exception>
    public static ValueTask<RequestBody> ReadAsync(HttpContext context) =>
        RequestContentCoding.Of(context.Request) is { } coding ? ReadDecodedAsync(context, coding) : ReadAsync(context, long.MaxValue);

    // The limit counts decoded bytes, and reading stops as soon as they pass it: a small body that inflates to
    // gigabytes (a zip bomb) is refused after the first limit's worth.
    private static async ValueTask<RequestBody> ReadDecodedAsync(HttpContext context, string coding)
    {
        var request = context.Request;
        var limit = context.RequestServices?.GetService<GatewayEdgeSettings>()?.MaxPayloadBytes ?? long.MaxValue;
        RequestBody decoded;
        using (var sent = await ReadAsync(context, limit))
        {
            decoded = RequestContentCoding.Decode(coding, sent, limit);
        }

        request.Body = decoded;
        request.Headers.Remove("Content-Encoding");
        request.ContentLength = decoded.Length;
        return decoded;
    }

    /// <summary>A body over a pooled buffer that it now owns (gives back on dispose).</summary>
    internal static RequestBody Own(byte[] pooled, int length) => new(pooled, length);

    /// <summary>
    /// Reads the whole body, refusing it (413 <c>REQUEST_TOO_LARGE</c>) as soon as it holds more than
    /// <paramref name="limit"/> bytes: Kestrel's own limit counts a chunked body's framing too, so the exact
    /// payload limit is kept here.
    /// </summary>
    public static async ValueTask<RequestBody> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.Body is RequestBody alreadyRead)
        {
            alreadyRead.Position = 0; // the edge read a chunked body already
            return alreadyRead;
        }

        var capacity = request.ContentLength is > 0 and <= int.MaxValue ? (int)request.ContentLength.Value : 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw new GatewayRequestException(GatewayResponseType.RequestTooLarge, $"The request body is larger than the gateway's limit of {limit} bytes.");
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var body = new RequestBody(buffer, length);
        request.Body = body;
        return body;
    }

    /// <summary>Whether the request says it has a body: a non-zero Content-Length or chunked transfer encoding.</summary>
    public static bool IsPresent(HttpContext context) =>
        context.Request.ContentLength is { } length ? length > 0 : context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    /// <summary>
    /// Whether the request's Content-Type is one of <paramref name="mediaTypes"/> ("application/json",
    /// "application/*", "*/*"), ignoring parameters such as charset. A body without Content-Type counts as
    /// application/json, as API Gateway treats it.
    /// </summary>
    public static bool HasMediaType(HttpContext context, string[] mediaTypes) => MediaTypeIndex(context, mediaTypes) >= 0;

    /// <summary>
    /// The index of the declared media range that the request's Content-Type falls in, the most specific one when
    /// several do (text/plain over text/* over */*); -1 when none does (a 415). A body without Content-Type counts
    /// as application/json, as API Gateway treats it.
    /// </summary>
    public static int MediaTypeIndex(HttpContext context, string[] mediaTypes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType ?? "application/json", out var contentType) || !contentType.MediaType.HasValue)
        {
            return -1;
        }

        return MediaRanges.BestMatch(contentType.MediaType.AsSpan(), mediaTypes);
    }

    /// <summary>Whether the request's Content-Type is JSON (application/json, text/json, any +json); no Content-Type counts as JSON.</summary>
    public static bool IsJson(HttpContext context) => MediaRanges.IsJson((context.Request.ContentType ?? "application/json").AsSpan());

    /// <summary>A read-only stream over the bytes, apart from this one's position (form parsers read it; the integration still gets every byte).</summary>
    internal MemoryStream OpenReader() => new(Buffer, 0, (int)Length, writable: false);

    /// <inheritdoc />
    public override bool CanRead => _buffer is not null;

    /// <inheritdoc />
    public override bool CanSeek => _buffer is not null;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, Length);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, (int)Length - _position);
        Remaining.Span.Slice(0, count).CopyTo(destination);
        _position += count;
        return count;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
        new(Read(destination.Span));

    /// <inheritdoc />
    public override void CopyTo(Stream destination, int bufferSize)
    {
        destination.Write(Remaining.Span);
        _position = (int)Length;
    }

    /// <summary>Writes the rest of the bytes in one go, with no intermediate copy buffer (HttpClient's StreamContent calls this).</summary>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        var remaining = Remaining;
        _position = (int)Length;
        await destination.WriteAsync(remaining, cancellationToken);
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        _ = Buffer;
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("A request body is read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A request body is read-only.");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
