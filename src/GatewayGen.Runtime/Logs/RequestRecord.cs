using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// What one request's access-log line needs that only its pipeline learns: the backend's status and latency, the
/// gateway error it was answered with, how many body bytes went out. Made per request only when access logs are on.
/// </summary>
internal sealed class RequestRecord
{
    public RequestRecord(long started, DateTimeOffset at)
    {
        Started = started;
        At = at;
    }

    public long Started { get; }

    public DateTimeOffset At { get; }

    public double? IntegrationLatencyMs { get; set; }

    public int? IntegrationStatus { get; set; }

    public string? ErrorType { get; private set; }

    public string? ErrorMessage { get; private set; }

    public long ResponseBytes;

    public static RequestRecord? Of(HttpContext context) => context.Features.Get<RequestRecord>();

    /// <summary>The gateway answered with one of its own responses.</summary>
    public static void Error(HttpContext context, GatewayResponseType type, string message)
    {
        if (Of(context) is { } record)
        {
            record.ErrorType = type.Name;
            record.ErrorMessage = message;
        }
    }
}

/// <summary>The response body, counting what is written (the access log's responseLength).</summary>
internal sealed class CountingBody(Stream inner, RequestRecord record) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        record.ResponseBytes += count;
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        record.ResponseBytes += buffer.Length;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        record.ResponseBytes += count;
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
