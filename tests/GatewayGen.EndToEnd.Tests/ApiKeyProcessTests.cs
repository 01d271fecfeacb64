using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// The Petstore binary with API keys, as an operator runs it: `keys create` in one process, the gateway in
/// another, one store file; quota counts survive a graceful stop whole and a kill -9 but for the last second.
/// </summary>
public sealed class ApiKeyProcessTests : IDisposable
{
    private static readonly string Petstore = PetstoreKeys.Petstore;
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-keys");
    private readonly Dictionary<string, string> _environment;
    private readonly string _url = $"http://127.0.0.1:{Ports.Free()}";
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ApiKeyProcessTests() => _environment = new() { ["Gateway__Store"] = Path.Combine(_folder, "gateway.db") };

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_key_created_by_the_binary_opens_the_partner_route_and_a_graceful_stop_loses_no_count()
    {
        var (key, id) = await CreateKeyAsync("partner");
        await using var gateway = await StartAsync();

        using (var anonymous = await _client.GetAsync(_url + "/inventory"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        }

        for (var i = 0; i < 7; i++)
        {
            using var response = await GetWithKeyAsync("/inventory", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await gateway.StopGracefullyAsync(); // SIGTERM, straight after the last request

        Assert.Contains("quota: 7 of 100000 requests used this month", await UsageAsync(id));
    }

    [Fact]
    public async Task A_kill_9_loses_at_most_the_last_second_of_counts()
    {
        var (key, id) = await CreateKeyAsync("basic");
        await using var gateway = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            using var response = await GetWithKeyAsync("/inventory", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // more than one write interval
        using (var last = await GetWithKeyAsync("/inventory", key))
        {
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        }

        gateway.KillHard();

        var usage = await UsageAsync(id);
        Assert.True(usage.Contains("quota: 5 of 1000", StringComparison.Ordinal) || usage.Contains("quota: 6 of 1000", StringComparison.Ordinal), usage);
    }

    [Fact]
    public async Task Two_gateway_processes_on_one_store_count_one_quota_together()
    {
        var (key, id) = await CreateKeyAsync("partner");
        var secondUrl = $"http://127.0.0.1:{Ports.Free()}";
        await using var first = await StartAsync();
        await using var second = RunningProcess.Start("dotnet", new[] { Petstore, "--urls", secondUrl }, _folder, _environment);
        await second.WaitUntilAnsweringAsync(secondUrl + "/status");

        for (var i = 0; i < 6; i++)
        {
            using var viaFirst = await GetWithKeyAsync("/inventory", key);
            using var viaSecond = await GetWithKeyAsync(secondUrl + "/inventory", key, absolute: true);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (viaFirst.StatusCode, viaSecond.StatusCode));
        }

        await first.StopGracefullyAsync();
        await second.StopGracefullyAsync();

        Assert.Contains("quota: 12 of 100000 requests used this month", await UsageAsync(id));
    }

    private Task<(string Key, string Id)> CreateKeyAsync(string plan) => PetstoreKeys.CreateAsync(_folder, _environment, plan);

    private async Task<string> UsageAsync(string id)
    {
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { Petstore, "keys", "usage", id }, _folder, _environment);
        Assert.True(exitCode == 0, output);
        return output;
    }

    private async Task<RunningProcess> StartAsync()
    {
        var gateway = RunningProcess.Start("dotnet", new[] { Petstore, "--urls", _url }, _folder, _environment);
        await gateway.WaitUntilAnsweringAsync(_url + "/status");
        return gateway;
    }

    private async Task<HttpResponseMessage> GetWithKeyAsync(string path, string key, bool absolute = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, absolute ? path : _url + path);
        request.Headers.Add("x-api-key", key);
        return await _client.SendAsync(request);
    }
}
