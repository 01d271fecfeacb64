using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace GatewayGen.Runtime;

/// <summary>
/// Owns access logs: one line per request, with API Gateway's $context names, to a file (Gateway:AccessLog:Path)
/// or standard output ("-"). JSON lines by default; Gateway:AccessLog:Format takes API Gateway's
/// accessLogSettings.format ($context.x placeholders, JSON or CLF). Lines are written off the request path through
/// a bounded channel: when it is full a line is dropped and counted, never waited for.
/// </summary>
public sealed class AccessLog : BackgroundService
{
    /// <summary>The variables a line can hold, in the default JSON line's order.</summary>
    public static readonly IReadOnlyList<string> Variables = new[]
    {
        "requestId", "extendedRequestId", "identity.sourceIp", "identity.userAgent", "requestTime", "requestTimeEpoch", "httpMethod",
        "resourcePath", "path", "protocol", "status", "responseLength", "responseLatency", "integrationLatency", "integrationStatus",
        "stage", "apiId", "deploymentId", "identity.apiKeyId", "authorizer.principalId", "error.message", "error.responseType",
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly string _path;
    private readonly (string? Literal, string? Variable)[]? _format;
    private readonly bool _jsonFormat;
    private readonly GatewayInfo _info;
    private long _dropped;

    private AccessLog(string path, string? format, GatewayInfo info)
    {
        _path = path;
        _info = info;
        if (format is not null)
        {
            _format = Parse(format);
            _jsonFormat = format.TrimStart().StartsWith('{');
        }
    }

    /// <summary>The access log configuration asks for, or null when it is off.</summary>
    public static AccessLog? FromConfiguration(IConfiguration configuration, GatewayInfo info) =>
        configuration["Gateway:AccessLog:Path"] is { Length: > 0 } path ? new AccessLog(path, configuration["Gateway:AccessLog:Format"] is { Length: > 0 } format ? format : null, info) : null;

    /// <summary>Lines dropped because the writer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the line of an answered request; never blocks.</summary>
    internal void Write(HttpContext context, RequestRecord record)
    {
        var line = _format is null ? JsonLine(context, record) : FormattedLine(context, record);
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var toStdout = _path == "-";
        await using var stream = toStdout ? Console.OpenStandardOutput() : new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false };
        try
        {
            while (await _lines.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    await writer.WriteAsync(line);
                    await writer.WriteAsync('\n');
                }

                await writer.FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }

        while (_lines.Reader.TryRead(out var rest))
        {
            await writer.WriteAsync(rest);
            await writer.WriteAsync('\n');
        }

        await writer.FlushAsync(CancellationToken.None);
    }

    private string JsonLine(HttpContext context, RequestRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            foreach (var variable in Variables)
            {
                var value = Value(context, record, variable);
                if (value is null)
                {
                    json.WriteNull(variable);
                }
                else if (variable is "status" or "responseLength" or "requestTimeEpoch" or "integrationStatus")
                {
                    json.WriteNumber(variable, long.Parse(value, CultureInfo.InvariantCulture));
                }
                else if (variable is "responseLatency" or "integrationLatency")
                {
                    json.WriteNumber(variable, double.Parse(value, CultureInfo.InvariantCulture));
                }
                else
                {
                    json.WriteString(variable, value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string FormattedLine(HttpContext context, RequestRecord record)
    {
        var line = new StringBuilder(256);
        foreach (var (literal, variable) in _format!)
        {
            if (literal is not null)
            {
                line.Append(literal);
                continue;
            }

            var value = Value(context, record, variable!) ?? "-";
            // Inside a JSON format a value is JSON-escaped, so a client's quote cannot end the string early.
            line.Append(_jsonFormat ? JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value : Plain(value));
        }

        return line.ToString();
    }

    // A plain (CLF) line: control characters are escaped, so a client cannot start a forged line.
    private static string Plain(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                var escaped = new StringBuilder(value.Length + 8);
                foreach (var d in value)
                {
                    escaped.Append(char.IsControl(d) ? "\\x" + ((int)d).ToString("x2", CultureInfo.InvariantCulture) : d.ToString());
                }

                return escaped.ToString();
            }
        }

        return value;
    }

    // "$context.requestId" and "${context.requestId}"... as API Gateway writes them; an unknown one stays as written.
    private static (string? Literal, string? Variable)[] Parse(string format)
    {
        var parts = new List<(string?, string?)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            if (format.AsSpan(i).StartsWith("$context.", StringComparison.Ordinal))
            {
                var start = i + "$context.".Length;
                var end = start;
                while (end < format.Length && (char.IsLetterOrDigit(format[end]) || format[end] == '.'))
                {
                    end++;
                }

                var name = format.Substring(start, end - start).TrimEnd('.');
                if (Variables.Contains(name))
                {
                    if (literal.Length > 0)
                    {
                        parts.Add((literal.ToString(), null));
                        literal.Clear();
                    }

                    parts.Add((null, name));
                    i = start + name.Length;
                    continue;
                }
            }

            literal.Append(format[i]);
            i++;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null));
        }

        return parts.ToArray();
    }

    private string? Value(HttpContext context, RequestRecord record, string variable) => variable switch
    {
        "requestId" or "extendedRequestId" => context.TraceIdentifier,
        "identity.sourceIp" => context.Connection.RemoteIpAddress?.ToString(),
        "identity.userAgent" => context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null,
        "requestTime" => record.At.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
        "requestTimeEpoch" => record.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "httpMethod" => context.Request.Method,
        "resourcePath" => context.Features.Get<OperationMetrics>()?.Resource is { Length: > 0 } resource ? resource : null, // none for a 404/405
        "path" => context.Request.PathBase.Add(context.Request.Path).Value,
        "protocol" => context.Request.Protocol,
        "status" => context.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
        "responseLength" => record.ResponseBytes.ToString(CultureInfo.InvariantCulture),
        "responseLatency" => System.Diagnostics.Stopwatch.GetElapsedTime(record.Started).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture),
        "integrationLatency" => record.IntegrationLatencyMs?.ToString("0.###", CultureInfo.InvariantCulture),
        "integrationStatus" => record.IntegrationStatus?.ToString(CultureInfo.InvariantCulture),
        "stage" => _info.Stage,
        "apiId" => context.Features.Get<OperationMetrics>()?.Api,
        "deploymentId" => _info.DeploymentId,
        "identity.apiKeyId" => context.Items.TryGetValue(GatewayAccess.ApiKeyIdItem, out var key) ? key as string : null,
        "authorizer.principalId" => GatewayPrincipal.Of(context)?.PrincipalId,
        "error.message" => record.ErrorMessage,
        "error.responseType" => record.ErrorType,
        _ => null,
    };
}
