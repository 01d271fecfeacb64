using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// What a cache lookup decided: answered from the cache (the handler stops), or a miss whose answer is being
/// captured and is stored, if it may be, by <see cref="StoreAsync"/> after the integration ran.
/// </summary>
public readonly struct CacheLookup
{
    private readonly ResponseCapture? _capture;

    internal CacheLookup(bool answered, ResponseCapture? capture)
    {
        Answered = answered;
        _capture = capture;
    }

    /// <summary>The cache answered (or refused the request): nothing else is to be written.</summary>
    public bool Answered { get; }

    /// <summary>Stores the integration's answer when it may be cached; a no-op after a hit or when nothing is captured.</summary>
    public ValueTask StoreAsync(HttpContext context) => _capture is null ? default : _capture.StoreAsync(context);
}

/// <summary>
/// Passes the answer to the client as it is written and keeps a copy of it up to the entry limit (1 MB): the
/// client never waits for the cache, and a larger answer simply is not stored.
/// </summary>
internal sealed class ResponseCapture : Stream
{
    private readonly Stream _inner;
    private readonly ResponseCache _cache;
    private readonly OperationCache _operation;
    private readonly string _key;
    private readonly Dictionary<string, StringValues> _before;
    private readonly HttpResponse _response;
    private KeyValuePair<string, StringValues>[]? _asWritten;
    private byte[] _buffer = Array.Empty<byte>();
    private int _length;
    private bool _overflowed;

    public ResponseCapture(HttpContext context, ResponseCache cache, OperationCache operation, string key)
    {
        _inner = context.Response.Body;
        _response = context.Response;
        _cache = cache;
        _operation = operation;
        _key = key;

        // Headers set before the integration ran (the request id, CORS) belong to this request, not to the entry.
        _before = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Response.Headers)
        {
            _before[header.Key] = header.Value;
        }

        context.Response.Body = this;
    }

    public ReadOnlySpan<byte> Captured => _buffer.AsSpan(0, _length);

    public bool Overflowed => _overflowed;

    public bool WasSetBefore(string name, StringValues values) => _before.TryGetValue(name, out var before) && before.Equals(values);

    /// <summary>
    /// The response headers as the integration set them, taken before its first byte reaches the layers outside (a
    /// compressing body adds Content-Encoding and Vary then, for bytes this copy holds uncompressed).
    /// </summary>
    public IEnumerable<KeyValuePair<string, StringValues>> HeadersAsWritten => _asWritten ?? (IEnumerable<KeyValuePair<string, StringValues>>)_response.Headers;

    private void BeforeFirstWrite()
    {
        if (_asWritten is null)
        {
            _asWritten = new KeyValuePair<string, StringValues>[_response.Headers.Count];
            var i = 0;
            foreach (var header in _response.Headers)
            {
                _asWritten[i++] = header;
            }
        }
    }

    public async ValueTask StoreAsync(HttpContext context)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client left mid-answer: nothing complete to keep, nobody to tell
        }

        // An answer without a body has its headers taken now, before the flush starts the response (and CORS and
        // compression add theirs for this client). Bytes a pipe writer still holds come through before the copy is
        // judged; then the edge's body is back.
        BeforeFirstWrite();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        context.Response.Body = _inner;
        await _cache.StoreAsync(context, _operation, _key, this);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_overflowed)
        {
            return;
        }

        if (_length + bytes.Length > ResponseCache.MaxEntryBytes)
        {
            _overflowed = true;
            _buffer = Array.Empty<byte>();
            _length = 0;
            return;
        }

        if (_length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(ResponseCache.MaxEntryBytes, Math.Max(_length + bytes.Length, Math.Max(4096, _buffer.Length * 2))));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        BeforeFirstWrite();
        _inner.Write(buffer, offset, count);
        Keep(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeFirstWrite();
        _inner.Write(buffer);
        Keep(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeFirstWrite();
        await _inner.WriteAsync(buffer, cancellationToken);
        Keep(buffer.Span);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
