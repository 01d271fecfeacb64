using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Threading;

namespace GatewayGen.Runtime;

/// <summary>
/// GET /metrics on the admin listener: the gateway's instruments aggregated by a MeterListener and written in
/// Prometheus text format, exactly the families gatewaygen_count_total, gatewaygen_4xx_error_total,
/// gatewaygen_5xx_error_total, gatewaygen_cache_hit_total, gatewaygen_cache_miss_total, gatewaygen_latency_seconds
/// and gatewaygen_integration_latency_seconds with the labels api, stage, method and resource. Written here
/// rather than with OpenTelemetry's Prometheus exporter: that one is a beta and adds families and labels of its
/// own (target_info, otel_scope_*), which this fixed set of names does not allow.
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    private static readonly double[] Buckets = LatencyBuckets.Bounds;

    private static readonly (string Instrument, string Family, string Help, bool Histogram)[] Families =
    {
        ("gatewaygen.count", "gatewaygen_count_total", "Requests (API Gateway's Count).", false),
        ("gatewaygen.4xx_error", "gatewaygen_4xx_error_total", "Requests answered with a 4xx status (API Gateway's 4XXError).", false),
        ("gatewaygen.5xx_error", "gatewaygen_5xx_error_total", "Requests answered with a 5xx status (API Gateway's 5XXError).", false),
        ("gatewaygen.cache_hit", "gatewaygen_cache_hit_total", "Requests answered from the cache (API Gateway's CacheHitCount).", false),
        ("gatewaygen.cache_miss", "gatewaygen_cache_miss_total", "Requests the cache could not answer (API Gateway's CacheMissCount).", false),
        ("gatewaygen.latency", "gatewaygen_latency_seconds", "From a request's arrival to its answer, in seconds (API Gateway's Latency).", true),
        ("gatewaygen.integration_latency", "gatewaygen_integration_latency_seconds", "The backend call, in seconds (API Gateway's IntegrationLatency).", true),
    };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, SeriesKey Key), Series> _series = new();

    /// <summary>Listens to <paramref name="metrics"/>' meter (only that one: several gateways may share a process).</summary>
    internal PrometheusExposition(GatewayMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((PrometheusExposition)state!).Add(instrument.Name, tags, value));
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((PrometheusExposition)state!).Observe(instrument.Name, tags, value));
        _listener.Start();
    }

    private readonly record struct SeriesKey(string Api, string Stage, string Method, string Resource);

    // One labelled series: a counter's total, or a histogram's buckets, sum and count.
    private sealed class Series(bool histogram)
    {
        public long Total;
        public readonly long[] BucketCounts = histogram ? new long[Buckets.Length + 1] : Array.Empty<long>(); // the last: above every bound
        public double Sum;
    }

    private static SeriesKey Key(ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags)
    {
        string api = "", stage = "", method = "", resource = "";
        foreach (var tag in tags)
        {
            var value = tag.Value as string ?? "";
            switch (tag.Key)
            {
                case "api": api = value; break;
                case "stage": stage = value; break;
                case "method": method = value; break;
                case "resource": resource = value; break;
            }
        }

        return new SeriesKey(api, stage, method, resource);
    }

    private Series SeriesOf(string instrument, ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags, bool histogram) =>
        _series.GetOrAdd((instrument, Key(tags)), static (_, histogram) => new Series(histogram), histogram);

    private void Add(string instrument, ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags, long value) =>
        Interlocked.Add(ref SeriesOf(instrument, tags, histogram: false).Total, value);

    private void Observe(string instrument, ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags, double value)
    {
        var series = SeriesOf(instrument, tags, histogram: true);
        lock (series)
        {
            series.Total++;
            series.Sum += value;
            series.BucketCounts[LatencyBuckets.Of(value)]++; // cumulative counts are summed when written
        }
    }

    /// <summary>
    /// Every series' running totals: (instrument, api, stage, method, resource) to (total, sum) and, of a histogram,
    /// its count per bucket of <see cref="LatencyBuckets.Bounds"/>.
    /// </summary>
    internal System.Collections.Generic.List<(string Instrument, string Api, string Stage, string Method, string Resource, long Total, double Sum, long[]? Buckets)> Snapshot()
    {
        var snapshot = new System.Collections.Generic.List<(string, string, string, string, string, long, double, long[]?)>();
        foreach (var entry in _series)
        {
            var series = entry.Value;
            long total;
            double sum;
            long[]? buckets = null;
            lock (series)
            {
                total = Interlocked.Read(ref series.Total);
                sum = series.Sum;
                if (series.BucketCounts.Length > 0)
                {
                    buckets = (long[])series.BucketCounts.Clone();
                }
            }

            var key = entry.Key.Key;
            snapshot.Add((entry.Key.Instrument, key.Api, key.Stage, key.Method, key.Resource, total, sum, buckets));
        }

        return snapshot;
    }

    /// <summary>The exposition: every family, its series sorted by their labels.</summary>
    public string Write()
    {
        var text = new StringBuilder(4096);
        foreach (var family in Families)
        {
            text.Append("# HELP ").Append(family.Family).Append(' ').Append(family.Help).Append('\n');
            text.Append("# TYPE ").Append(family.Family).Append(family.Histogram ? " histogram\n" : " counter\n");
            var series = new System.Collections.Generic.List<(SeriesKey Key, Series Series)>();
            foreach (var entry in _series)
            {
                if (entry.Key.Instrument == family.Instrument)
                {
                    series.Add((entry.Key.Key, entry.Value));
                }
            }

            series.Sort(static (a, b) => string.CompareOrdinal(a.Key.ToString(), b.Key.ToString()));
            foreach (var (key, values) in series)
            {
                if (!family.Histogram)
                {
                    text.Append(family.Family).Append('{');
                    Labels(text, key);
                    text.Append("} ").Append(Interlocked.Read(ref values.Total).ToString(CultureInfo.InvariantCulture)).Append('\n');
                    continue;
                }

                long total;
                double sum;
                var counts = new long[Buckets.Length + 1];
                lock (values)
                {
                    total = values.Total;
                    sum = values.Sum;
                    Array.Copy(values.BucketCounts, counts, counts.Length);
                }

                long cumulative = 0;
                for (var i = 0; i <= Buckets.Length; i++)
                {
                    cumulative = i < Buckets.Length ? cumulative + counts[i] : total;
                    text.Append(family.Family).Append("_bucket{");
                    Labels(text, key);
                    text.Append(",le=\"").Append(i < Buckets.Length ? Buckets[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf").Append("\"} ")
                        .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                text.Append(family.Family).Append("_sum{");
                Labels(text, key);
                text.Append("} ").Append(sum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                text.Append(family.Family).Append("_count{");
                Labels(text, key);
                text.Append("} ").Append(total.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void Labels(StringBuilder text, SeriesKey key)
    {
        Label(text, "api", key.Api).Append(',');
        Label(text, "stage", key.Stage).Append(',');
        Label(text, "method", key.Method).Append(',');
        Label(text, "resource", key.Resource);
    }

    // Prometheus text format: a label value escapes backslash, double quote and line feed.
    private static StringBuilder Label(StringBuilder text, string name, string value)
    {
        text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        return text.Append('"');
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
