using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace GatewayGen.Runtime;

// The store's metrics tables: per-minute rollups, their latency buckets (for percentiles), and the stages that write them.
public sealed partial class ApiKeyStore
{
    /// <summary>Adds one flush of metric rollups (rows of the same minute and series add up, bucket by bucket).</summary>
    public void AddMetricMinutes(IReadOnlyList<MetricMinute> rows)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO metric_minutes VALUES ($minute, $stage, $api, $method, $resource, $count, $e4, $e5, $hits, $misses, $lsum, $lcount, $isum, $icount)
            ON CONFLICT (minute, stage, api, method, resource) DO UPDATE SET
              count = count + excluded.count, errors_4xx = errors_4xx + excluded.errors_4xx, errors_5xx = errors_5xx + excluded.errors_5xx,
              cache_hits = cache_hits + excluded.cache_hits, cache_misses = cache_misses + excluded.cache_misses,
              latency_sum = latency_sum + excluded.latency_sum, latency_count = latency_count + excluded.latency_count,
              integration_latency_sum = integration_latency_sum + excluded.integration_latency_sum,
              integration_latency_count = integration_latency_count + excluded.integration_latency_count
            """;
        using var buckets = connection.CreateCommand();
        buckets.Transaction = transaction;
        buckets.CommandText = """
            INSERT INTO metric_latency_buckets VALUES ($minute, $stage, $api, $method, $resource, $le, $count)
            ON CONFLICT (minute, stage, api, method, resource, le) DO UPDATE SET count = count + excluded.count
            """;
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            AddSeries(command, row);
            command.Parameters.AddWithValue("$count", row.Count);
            command.Parameters.AddWithValue("$e4", row.Errors4xx);
            command.Parameters.AddWithValue("$e5", row.Errors5xx);
            command.Parameters.AddWithValue("$hits", row.CacheHits);
            command.Parameters.AddWithValue("$misses", row.CacheMisses);
            command.Parameters.AddWithValue("$lsum", row.LatencySum);
            command.Parameters.AddWithValue("$lcount", row.LatencyCount);
            command.Parameters.AddWithValue("$isum", row.IntegrationLatencySum);
            command.Parameters.AddWithValue("$icount", row.IntegrationLatencyCount);
            command.ExecuteNonQuery();
            for (var bucket = 0; bucket < (row.LatencyBuckets?.Count ?? 0); bucket++)
            {
                if (row.LatencyBuckets![bucket] == 0)
                {
                    continue;
                }

                buckets.Parameters.Clear();
                AddSeries(buckets, row);
                // The bucket's upper bound, not its position: history stays readable if the bounds ever change.
                buckets.Parameters.AddWithValue("$le", LatencyBuckets.UpperBound(bucket));
                buckets.Parameters.AddWithValue("$count", row.LatencyBuckets[bucket]);
                buckets.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static void AddSeries(SqliteCommand command, MetricMinute row)
    {
        command.Parameters.AddWithValue("$minute", row.Minute);
        command.Parameters.AddWithValue("$stage", row.Stage);
        command.Parameters.AddWithValue("$api", row.Api);
        command.Parameters.AddWithValue("$method", row.Method);
        command.Parameters.AddWithValue("$resource", row.Resource);
    }

    /// <summary>
    /// Rollups of one stage from <paramref name="fromMinute"/> (unix ms) on, summed into points of
    /// <paramref name="periodMs"/>, optionally of one resource.
    /// </summary>
    public IReadOnlyList<MetricMinute> MetricHistory(string stage, long fromMinute, long periodMs, string? resource)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (minute / $period) * $period AS point, sum(count), sum(errors_4xx), sum(errors_5xx), sum(cache_hits), sum(cache_misses),
                   sum(latency_sum), sum(latency_count), sum(integration_latency_sum), sum(integration_latency_count)
            FROM metric_minutes
            WHERE stage = $stage AND minute >= $from AND ($resource IS NULL OR resource = $resource)
            GROUP BY point ORDER BY point
            """;
        command.Parameters.AddWithValue("$period", periodMs);
        command.Parameters.AddWithValue("$stage", stage);
        command.Parameters.AddWithValue("$from", fromMinute);
        command.Parameters.AddWithValue("$resource", (object?)resource ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var points = new List<MetricMinute>();
        while (reader.Read())
        {
            points.Add(ReadTotals(reader, reader.GetInt64(0), stage, "", "", resource ?? ""));
        }

        return points;
    }

    /// <summary>
    /// Each route's totals of one stage from <paramref name="fromMinute"/> (unix ms) on, with its latency buckets,
    /// busiest first.
    /// </summary>
    public IReadOnlyList<MetricMinute> RouteTotals(string stage, long fromMinute)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 0, sum(count), sum(errors_4xx), sum(errors_5xx), sum(cache_hits), sum(cache_misses),
                   sum(latency_sum), sum(latency_count), sum(integration_latency_sum), sum(integration_latency_count), api, method, resource
            FROM metric_minutes WHERE stage = $stage AND minute >= $from
            GROUP BY api, method, resource ORDER BY sum(count) DESC, resource, method;
            SELECT api, method, resource, le, sum(count)
            FROM metric_latency_buckets WHERE stage = $stage AND minute >= $from
            GROUP BY api, method, resource, le;
            """;
        command.Parameters.AddWithValue("$stage", stage);
        command.Parameters.AddWithValue("$from", fromMinute);
        using var reader = command.ExecuteReader();
        var routes = new List<MetricMinute>();
        var buckets = new Dictionary<(string, string, string), long[]>();
        while (reader.Read())
        {
            var route = ReadTotals(reader, 0, stage, reader.GetString(10), reader.GetString(11), reader.GetString(12));
            buckets[(route.Api, route.Method, route.Resource)] = new long[LatencyBuckets.Bounds.Length + 1];
            routes.Add(route);
        }

        reader.NextResult();
        while (reader.Read())
        {
            if (buckets.TryGetValue((reader.GetString(0), reader.GetString(1), reader.GetString(2)), out var counts))
            {
                counts[LatencyBuckets.Of(reader.GetDouble(3))] += reader.GetInt64(4);
            }
        }

        for (var i = 0; i < routes.Count; i++)
        {
            routes[i] = routes[i] with { LatencyBuckets = buckets[(routes[i].Api, routes[i].Method, routes[i].Resource)] };
        }

        return routes;
    }

    private static MetricMinute ReadTotals(SqliteDataReader reader, long minute, string stage, string api, string method, string resource) =>
        new(minute, stage, api, method, resource, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
            reader.GetDouble(6), reader.GetInt64(7), reader.GetDouble(8), reader.GetInt64(9));

    /// <summary>
    /// CloudWatch's retention: minutes older than 15 days are summed into hours, and anything older than 15 months
    /// is deleted.
    /// </summary>
    public void ThinMetrics(DateTimeOffset now)
    {
        var fifteenDays = now.AddDays(-15).ToUnixTimeMilliseconds();
        var fifteenMonths = now.AddMonths(-15).ToUnixTimeMilliseconds();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Only minutes not yet thinned are folded into their hour (which may exist already): hours stay as they are.
        command.CommandText = """
            DELETE FROM metric_minutes WHERE minute < $months;
            INSERT INTO metric_minutes
              SELECT (minute / 3600000) * 3600000, stage, api, method, resource, sum(count), sum(errors_4xx), sum(errors_5xx),
                sum(cache_hits), sum(cache_misses), sum(latency_sum), sum(latency_count), sum(integration_latency_sum), sum(integration_latency_count)
              FROM metric_minutes WHERE minute < $days AND minute % 3600000 <> 0
              GROUP BY (minute / 3600000), stage, api, method, resource
            ON CONFLICT (minute, stage, api, method, resource) DO UPDATE SET
              count = count + excluded.count, errors_4xx = errors_4xx + excluded.errors_4xx, errors_5xx = errors_5xx + excluded.errors_5xx,
              cache_hits = cache_hits + excluded.cache_hits, cache_misses = cache_misses + excluded.cache_misses,
              latency_sum = latency_sum + excluded.latency_sum, latency_count = latency_count + excluded.latency_count,
              integration_latency_sum = integration_latency_sum + excluded.integration_latency_sum,
              integration_latency_count = integration_latency_count + excluded.integration_latency_count;
            DELETE FROM metric_minutes WHERE minute < $days AND minute % 3600000 <> 0;
            DELETE FROM metric_latency_buckets WHERE minute < $months;
            INSERT INTO metric_latency_buckets
              SELECT (minute / 3600000) * 3600000, stage, api, method, resource, le, sum(count)
              FROM metric_latency_buckets WHERE minute < $days AND minute % 3600000 <> 0
              GROUP BY (minute / 3600000), stage, api, method, resource, le
            ON CONFLICT (minute, stage, api, method, resource, le) DO UPDATE SET count = count + excluded.count;
            DELETE FROM metric_latency_buckets WHERE minute < $days AND minute % 3600000 <> 0;
            """;
        command.Parameters.AddWithValue("$months", fifteenMonths);
        command.Parameters.AddWithValue("$days", fifteenDays);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// Notes that a gateway process serves <paramref name="stage"/>: its description, invoke URL and deployment;
    /// updated_utc moves only when the deployment changes (API Gateway's stage lastUpdatedDate).
    /// </summary>
    public void RecordStage(StageRecord stage)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO stages VALUES ($stage, $description, $url, $deployment, $updated, $now)
            ON CONFLICT (stage) DO UPDATE SET description = excluded.description, invoke_url = excluded.invoke_url, seen_utc = excluded.seen_utc,
              updated_utc = CASE WHEN deployment_id = excluded.deployment_id THEN updated_utc ELSE excluded.updated_utc END,
              deployment_id = excluded.deployment_id
            """;
        command.Parameters.AddWithValue("$stage", stage.Stage);
        command.Parameters.AddWithValue("$description", (object?)stage.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$url", (object?)stage.InvokeUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$deployment", stage.DeploymentId);
        command.Parameters.AddWithValue("$updated", Text(stage.Updated));
        command.Parameters.AddWithValue("$now", Text(stage.Seen));
        command.ExecuteNonQuery();
    }

    /// <summary>The stages gateway processes have recorded, by name.</summary>
    public IReadOnlyList<StageRecord> Stages()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stage, description, invoke_url, deployment_id, updated_utc, seen_utc FROM stages ORDER BY stage";
        using var reader = command.ExecuteReader();
        var stages = new List<StageRecord>();
        while (reader.Read())
        {
            stages.Add(new StageRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), Parse(reader.GetString(5)))
            {
                Updated = Parse(reader.GetString(4)),
            });
        }

        return stages;
    }
}
