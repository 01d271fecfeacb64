using System;
using System.Collections.Concurrent;

namespace GatewayGen.Runtime;

/// <summary>
/// Quota counts per API key: exact in memory on one node, written to the store every second (and on a
/// graceful stop) as increments, so several processes sharing the store add up rather than overwrite, and
/// each learns the others' counts at the next write.
/// </summary>
public sealed class QuotaCounters
{
    private readonly Func<ApiKeyStore> _store;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counters over the given store.</summary>
    public QuotaCounters(Func<ApiKeyStore> store) => _store = store;

    /// <summary>
    /// Counts one request against the key's quota, or says how long until the period ends when it is used up.
    /// A key's first request in a period reads the count so far from the store.
    /// </summary>
    public bool TryConsume(string keyId, QuotaSettings quota, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var counter = _counters.GetOrAdd(keyId, static id => new Counter(id));
        lock (counter)
        {
            var start = QuotaPeriods.Start(quota.Period, now);
            if (counter.PeriodStart != start)
            {
                if (counter.Pending > 0)
                {
                    _store().AddUsage(keyId, counter.PeriodStart, counter.Pending);
                }

                counter.PeriodStart = start;
                counter.Pending = 0;
                counter.Used = _store().GetUsage(keyId, start);
            }

            if (counter.Used >= quota.Limit)
            {
                retryAfter = QuotaPeriods.End(quota.Period, start) - now;
                return false;
            }

            counter.Used++;
            counter.Pending++;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>The count this node knows for a key in its current period (for `keys usage` and tests).</summary>
    public long Used(string keyId) => _counters.TryGetValue(keyId, out var counter) ? counter.Used : 0;

    /// <summary>Writes every pending count to the store and takes back the totals, which include other processes' counts.</summary>
    public void Flush()
    {
        foreach (var counter in _counters.Values)
        {
            long pending;
            DateTimeOffset start;
            lock (counter)
            {
                pending = counter.Pending;
                start = counter.PeriodStart;
                counter.Pending = 0;
            }

            if (start == default)
            {
                continue;
            }

            long total;
            try
            {
                total = _store().AddUsage(counter.KeyId, start, pending);
            }
            catch
            {
                lock (counter)
                {
                    counter.Pending += pending; // kept for the next write
                }

                throw;
            }

            lock (counter)
            {
                if (counter.PeriodStart == start)
                {
                    counter.Used = total + counter.Pending;
                }
            }
        }
    }

    private sealed class Counter(string keyId)
    {
        public string KeyId { get; } = keyId;

        public DateTimeOffset PeriodStart { get; set; }

        public long Used { get; set; }

        public long Pending { get; set; }
    }
}
