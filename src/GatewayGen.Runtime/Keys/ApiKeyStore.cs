using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace GatewayGen.Runtime;

/// <summary>
/// The embedded store: one SQLite file with the API keys (hashed), the quota counters, the deployment history
/// and the metrics' per-minute rollups. WAL mode and a busy
/// timeout let several gateway processes and the admin commands share the file safely. Each call opens its
/// own pooled connection, so the store is safe to use from any thread.
/// </summary>
public sealed partial class ApiKeyStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            hash BLOB NOT NULL UNIQUE,
            plan TEXT NOT NULL,
            name TEXT,
            created_utc TEXT NOT NULL,
            revoked_utc TEXT);
        CREATE TABLE IF NOT EXISTS deployments (
            id TEXT NOT NULL,
            stage TEXT NOT NULL,
            description TEXT,
            created_utc TEXT,
            git_commit TEXT,
            generator TEXT NOT NULL,
            recorded_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS metric_minutes (
            minute INTEGER NOT NULL,
            stage TEXT NOT NULL,
            api TEXT NOT NULL,
            method TEXT NOT NULL,
            resource TEXT NOT NULL,
            count INTEGER NOT NULL,
            errors_4xx INTEGER NOT NULL,
            errors_5xx INTEGER NOT NULL,
            cache_hits INTEGER NOT NULL,
            cache_misses INTEGER NOT NULL,
            latency_sum REAL NOT NULL,
            latency_count INTEGER NOT NULL,
            integration_latency_sum REAL NOT NULL,
            integration_latency_count INTEGER NOT NULL,
            PRIMARY KEY (minute, stage, api, method, resource));
        CREATE TABLE IF NOT EXISTS metric_latency_buckets (
            minute INTEGER NOT NULL,
            stage TEXT NOT NULL,
            api TEXT NOT NULL,
            method TEXT NOT NULL,
            resource TEXT NOT NULL,
            le REAL NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (minute, stage, api, method, resource, le));
        CREATE TABLE IF NOT EXISTS stages (
            stage TEXT PRIMARY KEY,
            description TEXT,
            invoke_url TEXT,
            deployment_id TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            seen_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS quota_usage (
            key_id TEXT NOT NULL,
            period_start TEXT NOT NULL,
            used INTEGER NOT NULL,
            PRIMARY KEY (key_id, period_start));
        """;

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public ApiKeyStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 10 }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <summary>Creates a key bound to <paramref name="plan"/>; the returned key is shown once and never stored.</summary>
    public (ApiKeyRecord Record, string Key) Create(string plan, string? name, DateTimeOffset now)
    {
        var key = ApiKeyHash.NewKey();
        var record = new ApiKeyRecord(ApiKeyHash.NewId(), ApiKeyHash.Of(key), plan, name, now, null);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, hash, plan, name, created_utc) VALUES ($id, $hash, $plan, $name, $created)";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$hash", record.Hash.ToBytes());
        command.Parameters.AddWithValue("$plan", plan);
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", Text(now));
        command.ExecuteNonQuery();
        return (record, key);
    }

    /// <summary>Every key, oldest first.</summary>
    public IReadOnlyList<ApiKeyRecord> List() => Query("SELECT id, hash, plan, name, created_utc, revoked_utc FROM api_keys ORDER BY created_utc, id", null);

    /// <summary>The key with this id, or whose hash matches this key; null when there is none.</summary>
    public ApiKeyRecord? Find(string keyOrId)
    {
        var found = Query("SELECT id, hash, plan, name, created_utc, revoked_utc FROM api_keys WHERE id = $id OR hash = $hash", keyOrId);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>A key's quota use in the period that contains <paramref name="now"/>.</summary>
    public QuotaUsage Usage(string keyId, QuotaSettings quota, DateTimeOffset now)
    {
        var start = QuotaPeriods.Start(quota.Period, now);
        var used = GetUsage(keyId, start);
        return new QuotaUsage(quota, start, QuotaPeriods.End(quota.Period, start), used, Math.Max(0, quota.Limit - used));
    }

    private List<ApiKeyRecord> Query(string sql, string? keyOrId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (keyOrId is not null)
        {
            command.Parameters.AddWithValue("$id", keyOrId);
            command.Parameters.AddWithValue("$hash", ApiKeyHash.Of(keyOrId).ToBytes());
        }

        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(new ApiKeyRecord(
                reader.GetString(0),
                ApiKeyHash.FromBytes((byte[])reader.GetValue(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Parse(reader.GetString(5))));
        }

        return keys;
    }

    /// <summary>Revokes a key; false when it does not exist or was already revoked.</summary>
    public bool Revoke(string id, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_utc = $now WHERE id = $id AND revoked_utc IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Text(now));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Adds <paramref name="delta"/> requests to a key's count for the period starting at <paramref name="periodStart"/>
    /// and returns the total, which includes what other processes sharing the file have added.
    /// </summary>
    public long AddUsage(string keyId, DateTimeOffset periodStart, long delta)
    {
        return Usage("""
            INSERT INTO quota_usage (key_id, period_start, used) VALUES ($key, $period, $delta)
            ON CONFLICT (key_id, period_start) DO UPDATE SET used = used + excluded.used
            RETURNING used
            """, keyId, periodStart, delta);
    }

    /// <summary>A key's count for the period starting at <paramref name="periodStart"/>.</summary>
    public long GetUsage(string keyId, DateTimeOffset periodStart)
    {
        return Usage("SELECT used FROM quota_usage WHERE key_id = $key AND period_start = $period", keyId, periodStart, 0);
    }

    // One count of quota_usage ($key, $period, $delta), or 0 when the row does not exist.
    private long Usage(string sql, string keyId, DateTimeOffset periodStart, long delta)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", keyId);
        command.Parameters.AddWithValue("$period", Text(periodStart));
        command.Parameters.AddWithValue("$delta", delta);
        return command.ExecuteScalar() is { } used and not DBNull ? Convert.ToInt64(used, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Appends a deployment to the history (at publish: `deployments record`).</summary>
    public void RecordDeployment(GatewayInfo info, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO deployments (id, stage, description, created_utc, git_commit, generator, recorded_utc) VALUES ($id, $stage, $description, $created, $commit, $generator, $recorded)";
        command.Parameters.AddWithValue("$id", info.DeploymentId);
        command.Parameters.AddWithValue("$stage", info.Stage);
        command.Parameters.AddWithValue("$description", (object?)info.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", info.Created is { } created ? Text(created) : DBNull.Value);
        command.Parameters.AddWithValue("$commit", (object?)info.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$generator", info.GeneratorVersion);
        command.Parameters.AddWithValue("$recorded", Text(now));
        command.ExecuteNonQuery();
    }

    /// <summary>The deployment history, newest first.</summary>
    public IReadOnlyList<DeploymentRecord> Deployments()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, stage, description, created_utc, git_commit, generator, recorded_utc FROM deployments ORDER BY recorded_utc DESC, rowid DESC";
        using var reader = command.ExecuteReader();
        var deployments = new List<DeploymentRecord>();
        while (reader.Read())
        {
            deployments.Add(new DeploymentRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                Parse(reader.GetString(6))));
        }

        return deployments;
    }

    /// <summary>
    /// A number that changes whenever the keys change (a count and the latest change), so a running gateway
    /// notices keys created or revoked by another process without reloading them every time.
    /// </summary>
    public string KeysVersion()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) || '/' || coalesce(max(created_utc), '') || '/' || coalesce(max(revoked_utc), '') FROM api_keys";
        return (string)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
