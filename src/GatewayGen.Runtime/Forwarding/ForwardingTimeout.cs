using System;
using System.Collections.Concurrent;
using System.Threading;

namespace GatewayGen.Runtime;

/// <summary>
/// The cancellation of one backend call: fires when the integration's timeout passes or the client goes away.
/// Pooled because a linked source per request cost a source, its timer and a registration every time; a source
/// that never fired is reset and reused (YARP pools its per-request sources the same way).
/// </summary>
internal sealed class ForwardingTimeout : CancellationTokenSource
{
    private const int MaxPooled = 1024;
    private static readonly ConcurrentQueue<ForwardingTimeout> Pool = new();
    private static readonly Action<object?> CancelSource = static source => ((ForwardingTimeout)source!).Cancel();
    private static int _pooled;

    private CancellationTokenRegistration _clientAborted;

    private ForwardingTimeout()
    {
    }

    /// <summary>A source that cancels after <paramref name="timeout"/> or when <paramref name="clientAborted"/> fires.</summary>
    public static ForwardingTimeout Start(TimeSpan timeout, CancellationToken clientAborted)
    {
        if (Pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            source = new ForwardingTimeout();
        }

        source.CancelAfter(timeout);
        source._clientAborted = clientAborted.UnsafeRegister(CancelSource, source);
        return source;
    }

    /// <summary>Stops the timer and the link to the client, and pools the source unless it fired.</summary>
    public void Return()
    {
        _clientAborted.Dispose();
        _clientAborted = default;
        if (TryReset())
        {
            if (Interlocked.Increment(ref _pooled) <= MaxPooled)
            {
                Pool.Enqueue(this);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }

        Dispose();
    }
}
