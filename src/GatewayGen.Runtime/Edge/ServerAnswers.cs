using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayGen.Runtime;

/// <summary>
/// Gives the answers Kestrel makes on its own (a malformed request, a URL or headers over the limit, headers that
/// arrive too slowly, an HTTP version it does not speak) the gateway's JSON body and a request id. Kestrel writes
/// them before any middleware runs and offers no hook for their body (aspnet/KestrelHttpServer#2947), so this
/// connection middleware watches what is written while no request of the connection is inside the application:
/// on HTTP/1.x that is only Kestrel's own answers, each a head with "Content-Length: 0" before the connection
/// closes. It wraps the connection, not just its transport, so that it also sees the plain text inside TLS.
/// </summary>
internal static class ServerAnswers
{
    /// <summary>The connection middleware, for <c>ListenOptions.Use</c>.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(GatewayEdgeSettings settings) =>
        next => connection => next(new WatchedConnection(connection, settings));

    /// <summary>The JSON answer the gateway gives in place of Kestrel's empty one, by status.</summary>
    internal static (GatewayResponseType Type, string Message) Describe(int status, GatewayEdgeSettings settings) => status switch
    {
        400 => (GatewayResponseType.Default4xx, "The request is not a well-formed HTTP request."),
        408 => (GatewayResponseType.Default4xx, "The request did not arrive in time."),
        411 => (GatewayResponseType.Default4xx, "The request needs a Content-Length or a chunked body."),
        413 => (GatewayResponseType.RequestTooLarge, $"The request body is larger than the gateway's limit of {settings.MaxPayloadBytes} bytes."),
        414 => (GatewayResponseType.RequestTooLarge, $"The URL is longer than the gateway's limit of {settings.MaxUrlLength} characters."),
        431 => (GatewayResponseType.RequestTooLarge, $"The request headers are larger than the gateway's limit of {settings.MaxHeadersTotalBytes} bytes."),
        505 => (GatewayResponseType.Default5xx, "The HTTP version is not supported; use HTTP/1.1 or HTTP/2."),
        >= 500 => (GatewayResponseType.Default5xx, "The gateway could not handle the request."),
        _ => (GatewayResponseType.Default4xx, "The request was refused."),
    };

    /// <summary>
    /// Kestrel's own answer made a gateway response: the same head with a JSON body, or null when
    /// <paramref name="written"/> is not such an answer (an HTTP/1.x head of a 4xx/5xx with an empty body).
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written, GatewayEdgeSettings settings)
    {
        if (!IsHttp1Head(written) || !TryStatus(written, out var status) || status < 400)
        {
            return null;
        }

        var end = written.IndexOf("\r\n\r\n"u8);
        if (end < 0 || end + 4 != written.Length)
        {
            return null;
        }

        var head = written.Slice(0, end + 2); // with the last header's CRLF
        var contentLength = head.IndexOf("\r\nContent-Length: 0\r\n"u8);
        if (contentLength < 0)
        {
            return null;
        }

        var (type, message) = Describe(status, settings);
        var requestId = RequestIds.New();
        var body = GatewayErrors.Body(type, message, requestId);
        var buffer = new ArrayBufferWriter<byte>(head.Length + body.Length + 128);
        buffer.Write(head.Slice(0, contentLength + 2));
        buffer.Write(head.Slice(contentLength + "\r\nContent-Length: 0\r\n".Length));
        buffer.Write("Content-Type: application/json\r\n"u8);
        buffer.Write(Encoding.ASCII.GetBytes($"{EdgeMiddleware.RequestIdHeader}: {requestId}\r\nContent-Length: {body.Length}\r\n\r\n"));
        buffer.Write(body);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsHttp1Head(ReadOnlySpan<byte> written) =>
        written.StartsWith("HTTP/1.1 "u8) || written.StartsWith("HTTP/1.0 "u8);

    private static bool TryStatus(ReadOnlySpan<byte> written, out int status)
    {
        status = 0;
        if (written.Length < 12)
        {
            return false;
        }

        for (var i = 9; i < 12; i++)
        {
            if (written[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            status = status * 10 + written[i] - '0';
        }

        return true;
    }

    /// <summary>A Kestrel connection whose output pipes (the socket's, and TLS's inside it) are watched.</summary>
    private sealed class WatchedConnection : ConnectionContext
    {
        private readonly ConnectionContext _inner;
        private readonly GatewayConnection _state;
        private readonly GatewayEdgeSettings _settings;
        private IDuplexPipe _transport;

        public WatchedConnection(ConnectionContext inner, GatewayEdgeSettings settings)
        {
            _inner = inner;
            _settings = settings;
            _state = new GatewayConnection();
            inner.Features.Set(_state);
            _transport = new WatchedPipe(inner.Transport, _state, settings);
        }

        // TLS sets the decrypted pipe here; each pipe is watched on its own (the socket's then only sees TLS records).
        public override IDuplexPipe Transport
        {
            get => _transport;
            set => _transport = value as WatchedPipe ?? (IDuplexPipe)new WatchedPipe(value, _state, _settings);
        }

        public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }

        public override IFeatureCollection Features => _inner.Features;

        public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }

        public override CancellationToken ConnectionClosed { get => _inner.ConnectionClosed; set => _inner.ConnectionClosed = value; }

        public override EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }

        public override EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }

        public override void Abort() => _inner.Abort();

        public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

        public override ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    private sealed class WatchedPipe(IDuplexPipe inner, GatewayConnection state, GatewayEdgeSettings settings) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;

        public PipeWriter Output { get; } = new AnswerWriter(inner.Output, state, settings);
    }

    /// <summary>
    /// Passes writes through while a request is inside the application; holds the others until they are flushed,
    /// then rewrites them if they are one of Kestrel's answers. The first held write that is not an HTTP/1.x head
    /// (TLS records, HTTP/2 frames) turns the watching off for good.
    /// </summary>
    private sealed class AnswerWriter(PipeWriter inner, GatewayConnection state, GatewayEdgeSettings settings) : PipeWriter
    {
        private ArrayBufferWriter<byte>? _held;
        private bool _holding;
        private bool _passThrough;

        private bool ShouldHold => !_passThrough && !state.InApplication;

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            _holding = ShouldHold;
            return _holding ? Held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);
        }

        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            _holding = ShouldHold;
            return _holding ? Held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);
        }

        public override void Advance(int bytes)
        {
            if (_holding)
            {
                Held.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            if (ShouldHold || _held is { WrittenCount: > 0 })
            {
                Held.Write(source.Span);
                return FlushAsync(cancellationToken);
            }

            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            return inner.CompleteAsync(exception);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

        private ArrayBufferWriter<byte> Held => _held ??= new ArrayBufferWriter<byte>(256);

        private void Release()
        {
            if (_held is not { WrittenCount: > 0 } held)
            {
                return;
            }

            var written = held.WrittenSpan;
            if (!IsHttp1Head(written))
            {
                _passThrough = true;
            }

            var rewritten = Rewrite(written, settings);
            inner.Write(rewritten is null ? written : rewritten);
            held.Clear();
        }
    }
}

/// <summary>
/// One client connection as the edge sees it: whether one of its requests is inside the application. What Kestrel
/// writes on an HTTP/1.x connection while none is, is Kestrel's own answer.
/// </summary>
internal sealed class GatewayConnection
{
    private volatile bool _inApplication;

    public bool InApplication => _inApplication;

    public void Enter() => _inApplication = true;

    public void Leave() => _inApplication = false;
}
