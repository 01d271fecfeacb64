using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GatewayGen.Runtime;

/// <summary>
/// The client's body on its way to a backend. A failure reading it is the client's (kept in <see cref="ClientFailure"/>,
/// so the answer is its 4xx, or none when it went away), a failure writing it the backend's: YARP's
/// ForwarderError tells the same two apart. StreamContent would surface both as one HttpRequestException.
/// </summary>
internal sealed class ClientBodyContent(Stream body) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Why reading the client's body failed, if it did.</summary>
    public Exception? ClientFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (body is RequestBody buffered)
        {
            await buffered.CopyToAsync(stream, BufferSize, cancellationToken); // already read whole: nothing left to fail on the client's side
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(), cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested || exception is not OperationCanceledException)
                {
                    ClientFailure = exception;
                    throw;
                }

                if (read == 0)
                {
                    return;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The length, when known, is set as the Content-Length header by the forwarder; otherwise the body goes chunked.
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
