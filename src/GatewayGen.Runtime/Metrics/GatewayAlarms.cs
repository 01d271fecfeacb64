using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>One alarm from Gateway:Alarms:NAME, and its state.</summary>
/// <param name="Name">Its name in configuration.</param>
/// <param name="Metric">Count, 4XXError, 5XXError, Latency, IntegrationLatency, CacheHitCount or CacheMissCount.</param>
/// <param name="Threshold">The value it compares with.</param>
/// <param name="Period">How long each evaluation looks back.</param>
/// <param name="Resource">One resource's ("/pets/{petId}"), or every one's.</param>
/// <param name="Comparison">&gt;=, &gt;, &lt;= or &lt;.</param>
/// <param name="Webhook">Where each change of state is POSTed.</param>
public sealed record AlarmDefinition(string Name, string Metric, double Threshold, TimeSpan Period, string? Resource, string Comparison, Uri? Webhook)
{
    /// <summary>OK, or ALARM.</summary>
    public string State { get; internal set; } = "OK";

    /// <summary>The value of the last evaluation (a count, or an average in ms), null before the first.</summary>
    public double? LastValue { get; internal set; }

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset? Since { get; internal set; }
}

/// <summary>
/// Owns alarms: each Gateway:Alarms:NAME is evaluated every PeriodSeconds on what the metrics counted in that period
/// (a count, or an average latency in ms); a change between OK and ALARM is logged and POSTed to its Webhook as
/// JSON. Settings that cannot be evaluated are start-up problems.
/// </summary>
public sealed class GatewayAlarms : BackgroundService
{
    private static readonly Dictionary<string, string> Instruments = new(StringComparer.Ordinal)
    {
        ["Count"] = "gatewaygen.count",
        ["4XXError"] = "gatewaygen.4xx_error",
        ["5XXError"] = "gatewaygen.5xx_error",
        ["Latency"] = "gatewaygen.latency",
        ["IntegrationLatency"] = "gatewaygen.integration_latency",
        ["CacheHitCount"] = "gatewaygen.cache_hit",
        ["CacheMissCount"] = "gatewaygen.cache_miss",
    };

    private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
    {
        [">="] = ">=", ["GreaterThanOrEqualToThreshold"] = ">=", [">"] = ">", ["GreaterThanThreshold"] = ">",
        ["<="] = "<=", ["LessThanOrEqualToThreshold"] = "<=", ["<"] = "<", ["LessThanThreshold"] = "<",
    };

    private readonly PrometheusExposition _exposition;
    private readonly GatewayInfo _info;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) };

    internal GatewayAlarms(IConfiguration configuration, PrometheusExposition exposition, GatewayInfo info, TimeProvider time, ILogger logger)
    {
        _exposition = exposition;
        _info = info;
        _time = time;
        _logger = logger;
        var problems = new List<string>();
        var alarms = new List<AlarmDefinition>();
        foreach (var section in configuration.GetSection("Gateway:Alarms").GetChildren())
        {
            if (Parse(section, problems) is { } alarm)
            {
                alarms.Add(alarm);
            }
        }

        Alarms = alarms;
        Problems = problems;
    }

    /// <summary>Every alarm, with its state.</summary>
    public IReadOnlyList<AlarmDefinition> Alarms { get; }

    /// <summary>Settings the gateway cannot start with.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static AlarmDefinition? Parse(IConfigurationSection section, List<string> problems)
    {
        var metric = section["Metric"];
        if (metric is null || !Instruments.ContainsKey(metric))
        {
            problems.Add($"{section.Path}:Metric must be one of {string.Join(", ", Instruments.Keys)}, not '{metric}'.");
            return null;
        }

        if (!double.TryParse(section["Threshold"], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            problems.Add($"{section.Path}:Threshold must be a number, not '{section["Threshold"]}'.");
            return null;
        }

        var periodText = section["PeriodSeconds"] ?? "60";
        if (!double.TryParse(periodText, NumberStyles.Float, CultureInfo.InvariantCulture, out var period) || !(period >= 1 && period <= 86400))
        {
            problems.Add($"{section.Path}:PeriodSeconds must be from 1 to 86400, not '{periodText}'.");
            return null;
        }

        var comparisonText = section["Comparison"] ?? ">=";
        if (!Comparisons.TryGetValue(comparisonText, out var comparison))
        {
            problems.Add($"{section.Path}:Comparison must be >=, >, <= or < (or CloudWatch's names), not '{comparisonText}'.");
            return null;
        }

        Uri? webhook = null;
        if (section["Webhook"] is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out webhook) || JwtSettings.Refusal(webhook) is not null))
        {
            problems.Add($"{section.Path}:Webhook must be an https URL (plain http only to loopback), not '{url}'.");
            return null;
        }

        return new AlarmDefinition(section.Key, metric, threshold, TimeSpan.FromSeconds(period), section["Resource"] is { Length: > 0 } resource ? resource : null, comparison, webhook);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Alarms.Select(alarm => WatchAsync(alarm, stoppingToken)));

    private async Task WatchAsync(AlarmDefinition alarm, CancellationToken stoppingToken)
    {
        var instrument = Instruments[alarm.Metric];
        var before = Totals(instrument, alarm.Resource);
        using var timer = new PeriodicTimer(alarm.Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Totals(instrument, alarm.Resource);
                var count = now.Total - before.Total;
                var value = instrument.EndsWith("latency", StringComparison.Ordinal) ? (count == 0 ? 0 : (now.Sum - before.Sum) * 1000 / count) : count;
                before = now;
                alarm.LastValue = value;
                var breached = alarm.Comparison switch
                {
                    ">=" => value >= alarm.Threshold,
                    ">" => value > alarm.Threshold,
                    "<=" => value <= alarm.Threshold,
                    _ => value < alarm.Threshold,
                };
                var state = breached ? "ALARM" : "OK";
                if (state != alarm.State)
                {
                    var previous = alarm.State;
                    alarm.State = state;
                    alarm.Since = _time.GetUtcNow();
                    await NotifyAsync(alarm, previous, value, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private (long Total, double Sum) Totals(string instrument, string? resource)
    {
        long total = 0;
        double sum = 0;
        foreach (var series in _exposition.Snapshot())
        {
            if (series.Instrument == instrument && (resource is null || series.Resource == resource))
            {
                total += series.Total;
                sum += series.Sum;
            }
        }

        return (total, sum);
    }

    private async Task NotifyAsync(AlarmDefinition alarm, string previous, double value, CancellationToken cancellationToken)
    {
        var level = alarm.State == "ALARM" ? LogLevel.Warning : LogLevel.Information;
        _logger.Log(level, "Alarm {Alarm} is {State} (was {Previous}): {Metric} {Value} {Comparison} {Threshold}", alarm.Name, alarm.State, previous, alarm.Metric, value, alarm.Comparison, alarm.Threshold);
        if (alarm.Webhook is not { } webhook)
        {
            return;
        }

        var body = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("alarm", alarm.Name);
            json.WriteString("state", alarm.State);
            json.WriteString("previousState", previous);
            json.WriteString("metric", alarm.Metric);
            json.WriteNumber("value", Math.Round(value, 3));
            json.WriteString("comparison", alarm.Comparison);
            json.WriteNumber("threshold", alarm.Threshold);
            json.WriteNumber("periodSeconds", alarm.Period.TotalSeconds);
            json.WriteString("resource", alarm.Resource);
            json.WriteString("stage", _info.Stage);
            json.WriteString("at", alarm.Since ?? _time.GetUtcNow());
            json.WriteEndObject();
        }

        try
        {
            using var content = new ByteArrayContent(body.WrittenSpan.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(webhook, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("The webhook of alarm {Alarm} answered {Status}", alarm.Name, (int)response.StatusCode);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The webhook of alarm {Alarm} could not be reached: {Reason}", alarm.Name, exception.Message);
        }
    }
}
