using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayGen.Runtime;

/// <summary>
/// Holds back the first bytes of an answer of unknown length (a chunked backend answer, the gateway's own JSON
/// errors) until it is known to reach its API's minimum compression size: one that ends before then is sent with
/// its Content-Length, so it is not compressed; a longer one goes on to be compressed. ResponseCompression has no
/// size threshold, and decides at the first write. Written by hand because nothing in ASP.NET Core holds a prefix.
/// An answer that streams is not held: a flush sends what is held at once, uncompressed and chunked (its size is
/// unknown then), and after <see cref="IHttpResponseBodyFeature.DisableBuffering"/> nothing is held at all.
/// </summary>
internal sealed class SizeDecidingBody(HttpContext context, Stream next) : Stream
{
    private byte[]? _held;
    private int _count;
    private int _minimum;
    private bool _passing;
    private bool _streaming;

    /// <summary>True once held bytes were sent on a flush: the answer is then not compressed (ResponseCompression asks).</summary>
    public bool SentUncompressed { get; private set; }

    /// <summary>Puts the body between the endpoint and compression for one request; gives the response back after.</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // Only a client that accepts a coding can get a compressed answer; the others pay nothing for this.
        if (context.Request.Headers.AcceptEncoding.Count == 0)
        {
            await next(context);
            return;
        }

        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = new SizeDecidingBody(context, original.Stream);
        var feature = new Feature(body, original);
        context.Features.Set<IHttpResponseBodyFeature>(feature);
        context.Features.Set(body);
        try
        {
            await next(context);
            await feature.Writer.FlushAsync(context.RequestAborted);
            await body.EndAsync();
        }
        finally
        {
            // A failed answer's held bytes are dropped: the edge writes its error in their place.
            body.Drop();
            context.Features.Set(original);
            context.Features.Set<SizeDecidingBody>(null);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Hold(buffer.Span))
        {
            return;
        }

        await ReleaseAsync(cancellationToken);
        await next.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    // A flush asks for what was written to be sent now: held bytes go out uncompressed (compression would hold
    // them too). One before any byte waits for the first, so that the decision is still the size's.
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_passing && _count > 0)
        {
            SentUncompressed = true;
            if (!context.Response.HasStarted)
            {
                await GatewayCompression.AddVary(context);
            }

            await ReleaseAsync(cancellationToken);
        }

        if (_passing)
        {
            await next.FlushAsync(cancellationToken);
        }
    }

    public override void Flush() => FlushAsync(default).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>True when the bytes were held; false once the answer is known to pass (then they are written on).</summary>
    private bool Hold(ReadOnlySpan<byte> data)
    {
        if (_passing || _streaming)
        {
            return false;
        }

        if (_held is null)
        {
            var settings = ApiSettings.Of(context)?.Compression;
            if (settings is null || settings.MinimumSize == 0 || context.Response.ContentLength is not null || !settings.Applies(context.Response))
            {
                _passing = true; // nothing to decide: compressed or not as the headers say
                return false;
            }

            _minimum = settings.MinimumSize;
            _held = ArrayPool<byte>.Shared.Rent(Math.Min(_minimum, 16 * 1024));
        }

        if (_count + data.Length >= _minimum)
        {
            return false; // long enough to be compressed
        }

        if (_count + data.Length > _held.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_minimum, Math.Max(_held.Length * 2, _count + data.Length)));
            _held.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_held);
            _held = larger;
        }

        data.CopyTo(_held.AsSpan(_count));
        _count += data.Length;
        return true;
    }

    private async ValueTask ReleaseAsync(CancellationToken cancellationToken)
    {
        _passing = true;
        if (_held is { } held)
        {
            _held = null;
            try
            {
                await next.WriteAsync(held.AsMemory(0, _count), cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(held);
            }
        }
    }

    // The answer ended while held: its whole length is known now, and under the size.
    private async Task EndAsync()
    {
        if (!_passing && _held is not null && !context.Response.HasStarted)
        {
            context.Response.ContentLength = _count;
        }

        await ReleaseAsync(context.RequestAborted);
    }

    // DisableBuffering: the endpoint streams, so nothing more is held (compression, if it applies, then flushes each write).
    private sealed class Feature(SizeDecidingBody body, IHttpResponseBodyFeature prior) : StreamResponseBodyFeature(body, prior)
    {
        public override void DisableBuffering()
        {
            body._streaming = true;
            base.DisableBuffering();
        }
    }

    private void Drop()
    {
        _passing = true;
        if (_held is { } held)
        {
            _held = null;
            ArrayPool<byte>.Shared.Return(held);
        }
    }
}
