using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace GatewayGen.Runtime;

/// <summary>
/// A token bucket on System.Threading.RateLimiting's <see cref="RateLimiter"/> abstraction that reads time from
/// a <see cref="TimeProvider"/>. Written here because the library's TokenBucketRateLimiter reads the Stopwatch
/// (or its own timer) directly, so no test could drive it with a fake clock. Refills continuously at
/// RateLimit per second up to BurstLimit, as API Gateway's buckets do; a rejected lease says when to retry.
/// </summary>
public sealed class TokenBucket : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(true, null);

    private readonly TimeProvider _time;
    private readonly double _ratePerSecond;
    private readonly int _burst;
    private readonly object _gate = new();
    private double _tokens;
    private long _refilledAt;

    /// <summary>A full bucket.</summary>
    public TokenBucket(ThrottleSettings settings, TimeProvider time)
    {
        _time = time;
        _ratePerSecond = settings.RateLimit;
        _burst = settings.BurstLimit;
        _tokens = settings.BurstLimit;
        _refilledAt = time.GetTimestamp();
    }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Acquired;
            }

            var missing = permitCount - _tokens;
            var retryAfter = _ratePerSecond > 0 ? TimeSpan.FromSeconds(missing / _ratePerSecond) : TimeSpan.MaxValue;
            return new Lease(false, retryAfter);
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        _refilledAt = now;
        _tokens = Math.Min(_burst, _tokens + elapsed * _ratePerSecond);
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? Array.Empty<string>() : new[] { MetadataName.RetryAfter.Name };

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
