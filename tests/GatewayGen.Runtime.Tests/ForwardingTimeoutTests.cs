using System;
using System.Threading;
using System.Threading.Tasks;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>The pooled cancellation of backend calls: reuse must never carry one request's cancellation into another.</summary>
public sealed class ForwardingTimeoutTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    [Fact]
    public void The_client_going_away_cancels_the_backend_call()
    {
        using var client = new CancellationTokenSource();
        var timeout = ForwardingTimeout.Start(Long, client.Token);

        client.Cancel();

        Assert.True(timeout.Token.IsCancellationRequested);
        timeout.Return();
    }

    [Fact]
    public async Task The_timeout_fires_and_still_fires_on_a_reused_source()
    {
        for (var use = 0; use < 3; use++)
        {
            // Sources that did not fire go back to the pool; the next Start may get one of them.
            for (var quiet = 0; quiet < 10; quiet++)
            {
                var unused = ForwardingTimeout.Start(Long, CancellationToken.None);
                Assert.False(unused.Token.IsCancellationRequested);
                unused.Return();
            }

            var timeout = ForwardingTimeout.Start(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            await Task.WhenAny(Task.Delay(Timeout.Infinite, timeout.Token), Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(timeout.Token.IsCancellationRequested, "the timeout did not fire within 10 seconds");
            timeout.Return();
        }
    }

    [Fact]
    public void An_earlier_request_cannot_cancel_the_next_one_that_reuses_its_source()
    {
        using var firstClient = new CancellationTokenSource();
        using var secondClient = new CancellationTokenSource();
        var first = ForwardingTimeout.Start(Long, firstClient.Token);
        first.Return();

        for (var i = 0; i < 10; i++)
        {
            var next = ForwardingTimeout.Start(Long, secondClient.Token);
            firstClient.Cancel();
            Assert.False(next.Token.IsCancellationRequested);
            next.Return();
        }
    }

    [Fact]
    public void A_source_that_fired_is_not_handed_out_again()
    {
        using var client = new CancellationTokenSource();
        var fired = ForwardingTimeout.Start(Long, client.Token);
        client.Cancel();
        fired.Return();

        for (var i = 0; i < 10; i++)
        {
            var next = ForwardingTimeout.Start(Long, CancellationToken.None);
            Assert.NotSame(fired, next);
            Assert.False(next.Token.IsCancellationRequested);
            next.Return();
        }
    }
}
