using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// API Gateway's metrics from a real gateway process in front of nginx: GET /metrics on the admin listener, with
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

    public async Task InitializeAsync()
    {
        await _nginx.InitializeAsync();
        _address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway"), "--urls", _address.ToString(),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + _admin,
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(_admin, "/ping").ToString());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _nginx.DisposeAsync();
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
