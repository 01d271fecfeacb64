using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// Metrics and access logs from a real gateway process in front of nginx: GET /metrics on the admin listener, with
/// its token, in Prometheus text that Prometheus's own promtool accepts (installed by .ci/run from Debian).
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Token = "metrics-test-token-0123456789abcdef";
    private readonly NginxBackend _nginx = new();
    private RunningProcess _gateway = null!;
    private Uri _address = null!;
    private Uri _admin = null!;
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-observability");

    private string AccessLogPath => Path.Combine(_folder, "access.log");

    public async Task InitializeAsync()
    {
        await _nginx.InitializeAsync();
        _address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", _address.ToString(),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + _admin,
            "--Gateway:AccessLog:Path=" + AccessLogPath,
            "--Gateway:Store=" + StorePath,
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(_admin, "/ping").ToString());
    }

    private string StorePath => Path.Combine(_folder, "gateway.db");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _nginx.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_history_keeps_per_minute_rollups_across_a_restart()
    {
        using (var client = new HttpClient { BaseAddress = _address })
        {
            for (var i = 0; i < 4; i++)
            {
                using var _ = await client.GetAsync($"/echo/h{i}");
            }

            using var down = await client.GetAsync("/down");
        }

        // A graceful stop writes what the last minute counted; a new process on the same store still has it.
        await _gateway.StopGracefullyAsync();
        await _gateway.DisposeAsync();
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", _address.ToString(),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + _admin, "--Gateway:Store=" + StorePath,
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(_admin, "/ping").ToString());

        using var admin = new HttpClient { BaseAddress = _admin };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var all = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/metrics/history?stage=dev&range=1h"));
        using var echo = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/metrics/history?range=3h&resource=" + Uri.EscapeDataString("/echo/{value}")));
        using var other = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/metrics/history?stage=prod&range=1d"));
        using var bad = await admin.GetAsync("/metrics/history?range=2h");

        static double Sum(System.Text.Json.JsonDocument history, string series) =>
            history.RootElement.GetProperty("series").GetProperty(series).EnumerateArray().Sum(point => point[1].GetDouble());
        Assert.Equal(5, Sum(all, "Count"));
        Assert.Equal(1, Sum(all, "5XXError"));
        Assert.Equal(0, Sum(all, "4XXError"));
        Assert.True(all.RootElement.GetProperty("series").GetProperty("Latency").EnumerateArray().All(point => point[1].GetDouble() > 0));
        Assert.Equal(60, all.RootElement.GetProperty("periodSeconds").GetDouble());
        var point = all.RootElement.GetProperty("series").GetProperty("Count")[0];
        Assert.InRange(point[0].GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(4, Sum(echo, "Count"));
        Assert.Equal(0, Sum(other, "Count")); // another stage's history: none in this store
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Deployments_list_the_current_one_and_the_stores_history_with_the_active_one_per_stage()
    {
        var environment = new System.Collections.Generic.Dictionary<string, string> { ["Gateway__Store"] = StorePath };
        for (var i = 0; i < 2; i++)
        {
            var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "deployments", "record" }, environment: environment, timeoutSeconds: 60);
            Assert.True(exitCode == 0, output);
        }

        using var admin = new HttpClient { BaseAddress = _admin };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var body = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/deployments"));

        var current = body.RootElement.GetProperty("current");
        Assert.Equal("dev", current.GetProperty("stage").GetString());
        var deployments = body.RootElement.GetProperty("deployments").EnumerateArray().ToList();
        Assert.Equal(2, deployments.Count);
        Assert.All(deployments, d => Assert.Equal(current.GetProperty("id").GetString(), d.GetProperty("id").GetString()));
        Assert.Equal(new[] { true, false }, deployments.Select(d => d.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task An_alarm_goes_to_ALARM_and_back_to_OK_and_says_so_to_its_webhook()
    {
        var hooks = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var hookPort = Ports.Free();
        var receiver = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(new[] { "--urls", $"http://127.0.0.1:{hookPort}" });
        var hookApp = receiver.Build();
        hookApp.MapPost("/hook", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            hooks.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
            return Microsoft.AspNetCore.Http.Results.NoContent();
        });
        await hookApp.StartAsync();
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        var admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        await using var gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", address.ToString(),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + admin, "--Gateway:Store=" + StorePath,
            "--Gateway:Alarms:backendDown:Metric=5XXError", "--Gateway:Alarms:backendDown:Threshold=2",
            "--Gateway:Alarms:backendDown:PeriodSeconds=1", "--Gateway:Alarms:backendDown:Resource=/down",
            $"--Gateway:Alarms:backendDown:Webhook=http://127.0.0.1:{hookPort}/hook",
        });
        try
        {
            await gateway.WaitUntilAnsweringAsync(new Uri(admin, "/ping").ToString());
            using var client = new HttpClient { BaseAddress = address };
            for (var i = 0; i < 30 && hooks.IsEmpty; i++) // a burst of 502s until the alarm fires (bounded)
            {
                for (var j = 0; j < 3; j++)
                {
                    using var _ = await client.GetAsync("/down");
                }

                await Task.Delay(200);
            }

            Assert.True(hooks.TryPeek(out var fired), "the alarm never fired");
            using (var alarm = System.Text.Json.JsonDocument.Parse(fired!))
            {
                Assert.Equal("backendDown", alarm.RootElement.GetProperty("alarm").GetString());
                Assert.Equal("ALARM", alarm.RootElement.GetProperty("state").GetString());
                Assert.Equal("5XXError", alarm.RootElement.GetProperty("metric").GetString());
                Assert.True(alarm.RootElement.GetProperty("value").GetDouble() >= 2);
                Assert.Equal("dev", alarm.RootElement.GetProperty("stage").GetString());
            }

            using var adminClient = new HttpClient { BaseAddress = admin };
            adminClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            for (var i = 0; i < 100 && !hooks.Last().Contains("\"state\":\"OK\"", StringComparison.Ordinal); i++) // quiet: back to OK
            {
                await Task.Delay(100);
            }

            Assert.Contains("\"state\":\"OK\"", hooks.Last());
            Assert.Contains("\"previousState\":\"ALARM\"", hooks.Last());
            using var states = System.Text.Json.JsonDocument.Parse(await adminClient.GetStringAsync("/alarms"));
            Assert.Equal("OK", states.RootElement.GetProperty("alarms")[0].GetProperty("state").GetString());
        }
        finally
        {
            await hookApp.StopAsync();
            await hookApp.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_metrics_reach_a_collector()
    {
        var posts = new System.Collections.Concurrent.ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var collectorPort = Ports.Free();
        var receiver = WebApplication.CreateSlimBuilder(new[] { "--urls", $"http://127.0.0.1:{collectorPort}" });
        var collector = receiver.Build();
        collector.MapPost("/v1/metrics", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            posts.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await collector.StartAsync();
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        await using var gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", address.ToString(), "--Gateway:Store=" + StorePath,
            $"--Gateway:Otlp:Endpoint=http://127.0.0.1:{collectorPort}/", "--Gateway:Otlp:IntervalSeconds=1",
        });
        try
        {
            await gateway.WaitUntilAnsweringAsync(new Uri(address, "/ready").ToString());
            using var client = new HttpClient { BaseAddress = address };
            using (var _ = await client.GetAsync("/echo/otlp"))
            {
            }

            for (var i = 0; i < 150 && !posts.Any(p => Contains(p.Body, "gatewaygen.count")); i++)
            {
                await Task.Delay(100);
            }

            var export = posts.FirstOrDefault(p => Contains(p.Body, "gatewaygen.count"));
            Assert.True(export.Body is not null, "no OTLP export named gatewaygen.count arrived");
            Assert.Equal("application/x-protobuf", export.ContentType);
            Assert.True(Contains(export.Body, "/echo/{value}"), "the resource dimension is in the export");
        }
        finally
        {
            await collector.StopAsync();
            await collector.DisposeAsync();
        }
    }

    // Protobuf keeps strings as UTF-8 bytes: a name in the export can be found as it is.
    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    [Fact]
    public async Task Alarm_settings_that_cannot_be_evaluated_stop_the_gateway()
    {
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", $"http://127.0.0.1:{Ports.Free()}",
            "--Gateway:Alarms:x:Metric=Errors", "--Gateway:Alarms:y:Metric=Count", "--Gateway:Alarms:y:Threshold=1", "--Gateway:Alarms:y:Webhook=http://hooks.example.com/x",
        }, timeoutSeconds: 60);

        Assert.Equal(2, exitCode);
        Assert.Contains("Gateway:Alarms:x:Metric must be one of Count, 4XXError", output);
        Assert.Contains("Gateway:Alarms:y:Webhook must be an https URL", output);
    }

    [Fact]
    public async Task Every_request_is_one_json_access_log_line_with_API_Gateways_context_names()
    {
        using var client = new HttpClient { BaseAddress = _address };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("log-test/1.0");
        using var ok = await client.GetAsync("/echo/logged");
        using var down = await client.GetAsync("/down");
        using var unknown = await client.GetAsync("/no/such/route");

        var lines = await LinesAsync(3);
        var okLine = Find(lines, ok);
        Assert.Equal("GET", okLine.GetProperty("httpMethod").GetString());
        Assert.Equal("/echo/{value}", okLine.GetProperty("resourcePath").GetString());
        Assert.Equal("/echo/logged", okLine.GetProperty("path").GetString());
        Assert.Equal(200, okLine.GetProperty("status").GetInt32());
        Assert.Equal(200, okLine.GetProperty("integrationStatus").GetInt32());
        Assert.True(okLine.GetProperty("integrationLatency").GetDouble() > 0);
        Assert.True(okLine.GetProperty("responseLatency").GetDouble() >= okLine.GetProperty("integrationLatency").GetDouble());
        Assert.Equal((await ok.Content.ReadAsByteArrayAsync()).Length, okLine.GetProperty("responseLength").GetInt32());
        Assert.Equal("127.0.0.1", okLine.GetProperty("identity.sourceIp").GetString());
        Assert.Equal("log-test/1.0", okLine.GetProperty("identity.userAgent").GetString());
        Assert.Equal("dev", okLine.GetProperty("stage").GetString());
        Assert.Equal("Proxy", okLine.GetProperty("apiId").GetString());

        var downLine = Find(lines, down);
        Assert.Equal(502, downLine.GetProperty("status").GetInt32());
        Assert.Equal("INTEGRATION_FAILURE", downLine.GetProperty("error.responseType").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, downLine.GetProperty("integrationStatus").ValueKind);

        var unknownLine = Find(lines, unknown);
        Assert.Equal(404, unknownLine.GetProperty("status").GetInt32());
        Assert.Equal("RESOURCE_NOT_FOUND", unknownLine.GetProperty("error.responseType").GetString());
    }

    // The line whose requestId is the response's x-amzn-RequestId.
    private static System.Text.Json.JsonElement Find(System.Collections.Generic.IEnumerable<System.Text.Json.JsonElement> lines, HttpResponseMessage response)
    {
        var id = response.Headers.GetValues("x-amzn-RequestId").Single();
        return Assert.Single(lines, line => line.GetProperty("requestId").GetString() == id);
    }

    // Lines are written off the request path: wait (bounded) until at least this many are there.
    private async Task<System.Collections.Generic.List<System.Text.Json.JsonElement>> LinesAsync(int atLeast)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (File.Exists(AccessLogPath))
            {
                using var stream = new FileStream(AccessLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var text = await new StreamReader(stream).ReadToEndAsync();
                var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone()).ToList();
                if (lines.Count >= atLeast)
                {
                    return lines;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the access log did not get its lines");
    }

    [Fact]
    public async Task A_custom_format_is_filled_in_and_a_client_cannot_break_its_line()
    {
        var log = Path.Combine(_folder, "custom.log");
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        await using var gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", address.ToString(),
            "--Gateway:AccessLog:Path=" + log,
            "--Gateway:AccessLog:Format={ \"id\":\"$context.requestId\", \"ua\":\"$context.identity.userAgent\", \"status\": $context.status, \"key\": \"$context.identity.apiKeyId\" }",
        });
        await gateway.WaitUntilAnsweringAsync(new Uri(address, "/ready").ToString());
        using var client = new HttpClient { BaseAddress = address };
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo/custom");
        request.Headers.TryAddWithoutValidation("User-Agent", "evil\", \"status\": 200, \"x\":\"");
        using var response = await client.SendAsync(request);
        var id = response.Headers.GetValues("x-amzn-RequestId").Single();

        string? line = null;
        for (var attempt = 0; attempt < 50 && line is null; attempt++)
        {
            await Task.Delay(100);
            if (File.Exists(log))
            {
                using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                line = (await new StreamReader(stream).ReadToEndAsync()).Split('\n').FirstOrDefault(l => l.Contains(id, StringComparison.Ordinal));
            }
        }

        Assert.NotNull(line);
        using var parsed = System.Text.Json.JsonDocument.Parse(line!);
        Assert.Equal(id, parsed.RootElement.GetProperty("id").GetString());
        Assert.Equal("evil\", \"status\": 200, \"x\":\"", parsed.RootElement.GetProperty("ua").GetString());
        Assert.Equal(200, parsed.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("-", parsed.RootElement.GetProperty("key").GetString());
        Assert.Equal(4, parsed.RootElement.EnumerateObject().Count()); // nothing the client sent became a field
    }

    [Fact]
    public async Task Metrics_count_time_and_split_errors_per_resource_in_text_promtool_accepts()
    {
        using var client = new HttpClient { BaseAddress = _address };
        for (var i = 0; i < 3; i++)
        {
            using var echoed = await client.GetAsync($"/echo/v{i}"); // three values, one resource
            Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        }

        using (var missing = await client.GetAsync("/files/nothing-here.txt"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // nginx's 404, passed through
        }

        using (var down = await client.GetAsync("/down"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        }

        // Requests no operation answers count too, in one series without a resource however many paths were tried.
        foreach (var unrouted in new[] { "/nowhere/1", "/nowhere/2" })
        {
            using var notFound = await client.GetAsync(unrouted);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }

        using (var wrongMethod = await client.DeleteAsync("/upload"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        }

        using var admin = new HttpClient { BaseAddress = _admin };
        using (var anonymous = await admin.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var response = await admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            new[] { "gatewaygen_4xx_error_total", "gatewaygen_5xx_error_total", "gatewaygen_cache_hit_total", "gatewaygen_cache_miss_total", "gatewaygen_count_total", "gatewaygen_integration_latency_seconds", "gatewaygen_latency_seconds" },
            Regex.Matches(text, @"^# TYPE (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal));
        const string Echo = "api=\"Proxy\",stage=\"dev\",method=\"GET\",resource=\"/echo/{value}\"";
        Assert.Contains($"gatewaygen_count_total{{{Echo}}} 3\n", text);
        Assert.Contains($"gatewaygen_integration_latency_seconds_count{{{Echo}}} 3\n", text);
        Assert.Matches(@"gatewaygen_4xx_error_total\{[^}]*resource=""/files/\{proxy\+\}""\} 1\n", text);
        Assert.Matches(@"gatewaygen_5xx_error_total\{[^}]*resource=""/down""\} 1\n", text);
        Assert.DoesNotContain("/echo/v1", text); // the template, never the raw path
        const string Unrouted = "api=\"Proxy\",stage=\"dev\",method=\"ANY\",resource=\"\"";
        Assert.Contains($"gatewaygen_count_total{{{Unrouted}}} 3\n", text);
        Assert.Contains($"gatewaygen_4xx_error_total{{{Unrouted}}} 3\n", text);
        Assert.DoesNotContain("nowhere", text);

        var (exitCode, output) = await PromtoolAsync(text);
        Assert.True(exitCode == 0, "promtool check metrics: " + output);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string text)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text);
            return await RunningProcess.RunAsync("sh", new[] { "-c", $"promtool check metrics < '{file}'" }, timeoutSeconds: 60);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
