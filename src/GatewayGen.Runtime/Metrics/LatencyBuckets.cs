using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>
/// The Latency histogram's bucket bounds, shared by GET /metrics and the stored history, and percentiles read off
/// bucket counts the way Prometheus's histogram_quantile does (linear within the bucket that holds the rank).
/// </summary>
internal static class LatencyBuckets
{
    /// <summary>Upper bounds in seconds, as a gateway's answers spread: 1 ms to 30 s. Not to be written to.</summary>
    internal static readonly double[] Bounds = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

    /// <summary>A bucket's upper bound in seconds; +Inf for the one above them all.</summary>
    public static double UpperBound(int bucket) => bucket < Bounds.Length ? Bounds[bucket] : double.PositiveInfinity;

    /// <summary>The bucket a value in seconds falls in; Bounds.Length for one above them all.</summary>
    public static int Of(double seconds)
    {
        for (var i = 0; i < Bounds.Length; i++)
        {
            if (seconds <= Bounds[i])
            {
                return i;
            }
        }

        return Bounds.Length;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0.99 for p99) in seconds of observations counted per bucket, or null with
    /// none; a rank beyond the last bound answers that bound (the histogram knows no more).
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (below + counts[i] >= rank && counts[i] > 0)
            {
                if (i >= Bounds.Length)
                {
                    return Bounds[^1];
                }

                var lower = i == 0 ? 0 : Bounds[i - 1];
                return lower + ((Bounds[i] - lower) * Math.Max(0, rank - below) / counts[i]);
            }

            below += counts[i];
        }

        return Bounds[^1];
    }
}
