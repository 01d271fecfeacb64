using System;
using System.Linq;
using System.Threading.RateLimiting;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>
/// API Gateway's worked example of its token bucket (10,000 requests per second, burst 5,000), at a thousandth
/// of the scale: 10 per second, burst 5, on a fake clock.
/// </summary>
public sealed class TokenBucketTests
{
    private static readonly ThrottleSettings TenPerSecondBurstFive = new(10, 5);

    [Fact]
    public void Requests_spread_evenly_at_the_rate_are_all_served()
    {
        var clock = new FakeClock(DateTimeOffset.UnixEpoch);
        var bucket = new TokenBucket(TenPerSecondBurstFive, clock);

        var served = 0;
        for (var i = 0; i < 30; i++) // three seconds, one request every 100 ms
        {
            served += Acquire(bucket) ? 1 : 0;
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(30, served);
    }

    [Fact]
    public void Requests_all_at_once_are_served_up_to_the_burst_and_the_rest_throttled_until_tokens_refill()
    {
        var clock = new FakeClock(DateTimeOffset.UnixEpoch);
        var bucket = new TokenBucket(TenPerSecondBurstFive, clock);

        var first = Enumerable.Range(0, 10).Select(_ => Acquire(bucket)).ToArray();
        Assert.Equal(5, first.Count(served => served));
        Assert.All(first.Skip(5), served => Assert.False(served));

        // One token returns every 100 ms: the rejection says so, and the bucket agrees.
        using (var rejected = bucket.AttemptAcquire())
        {
            Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.Equal(TimeSpan.FromMilliseconds(100), retryAfter);
        }

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(Acquire(bucket));
        Assert.False(Acquire(bucket));

        // Idle for a second: the bucket refills to its burst, not beyond.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => Acquire(bucket)));
    }

    private static bool Acquire(TokenBucket bucket)
    {
        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }
}
