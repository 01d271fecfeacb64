using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// The stage cache in a real gateway process (tests/TestGateways/CacheGateway) in front of nginx, whose /unique/
/// answers carry a request id no other answer has: hits, misses, the key, TTL expiry, one entry per API key, the
/// admin flush and the cache's counters in GET /metrics.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class CacheGatewayTests : IAsyncLifetime
{
    private const string Token = "cache-e2e-token-0123456789abcdef";
    private readonly NginxBackend _nginx = new();
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-cache");
    private RunningProcess _gateway = null!;
    private HttpClient _client = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _nginx.InitializeAsync();
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        var admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/CacheGateway", "CacheGateway"), "--urls", address.ToString(),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + admin, "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"),
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(admin, "/ping").ToString());
        _client = new HttpClient { BaseAddress = address };
        _admin = new HttpClient { BaseAddress = admin };
        _admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _admin.Dispose();
        await _gateway.DisposeAsync();
        await _nginx.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Repeated_requests_are_hits_until_the_key_differs_the_ttl_passes_or_the_operator_flushes()
    {
        var first = await GetAsync("/items/1?lang=en");
        Assert.True(first.Body.StartsWith("id=", StringComparison.Ordinal), $"{first.Status}: {first.Body}");
        Assert.Equal(first.Body, (await GetAsync("/items/1?lang=en")).Body);
        Assert.Equal(first.Body, (await GetAsync("/items/1?lang=en&other=x")).Body); // not a key parameter
        Assert.NotEqual(first.Body, (await GetAsync("/items/1?lang=fr")).Body);
        Assert.NotEqual(first.Body, (await GetAsync("/items/2?lang=en")).Body);
        Assert.NotNull((await GetAsync("/items/1?lang=en")).Age);

        var shortLived = await GetAsync("/short");
        Assert.Equal(shortLived.Body, (await GetAsync("/short")).Body);
        await Task.Delay(1500);
        Assert.NotEqual(shortLived.Body, (await GetAsync("/short")).Body);

        using (var flush = await _admin.DeleteAsync("/cache?stage=dev&resource=/items/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, flush.StatusCode);
        }

        Assert.NotEqual(first.Body, (await GetAsync("/items/1?lang=en")).Body);

        // Misses: /items/1 en, fr, 2, en after the flush, /short twice; hits: /items/1 en three times, /short once.
        var metrics = await _admin.GetStringAsync("/metrics");
        Assert.Contains("gatewaygen_cache_hit_total{api=\"Cache\",stage=\"dev\",method=\"GET\",resource=\"/items/{id}\"} 3", metrics);
        Assert.Contains("gatewaygen_cache_miss_total{api=\"Cache\",stage=\"dev\",method=\"GET\",resource=\"/items/{id}\"} 4", metrics);
        Assert.Contains("gatewaygen_cache_hit_total{api=\"Cache\",stage=\"dev\",method=\"GET\",resource=\"/short\"} 1", metrics);
    }

    [Fact]
    public async Task Each_api_key_has_its_own_entry_and_a_request_without_one_is_refused_even_when_an_entry_exists()
    {
        var alice = await CreateKeyAsync();
        var bob = await CreateKeyAsync();

        var aliceFirst = await GetAsync("/tenant", alice);
        Assert.Equal(HttpStatusCode.OK, aliceFirst.Status);
        Assert.Equal(aliceFirst.Body, (await GetAsync("/tenant", alice)).Body);
        var bobFirst = await GetAsync("/tenant", bob);
        Assert.NotEqual(aliceFirst.Body, bobFirst.Body);
        Assert.Equal(bobFirst.Body, (await GetAsync("/tenant", bob)).Body);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/tenant")).Status);
    }

    private async Task<string> CreateKeyAsync()
    {
        using var created = await _admin.PostAsync("/keys", new StringContent("{\"plan\":\"tenants\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    private async Task<Answer> GetAsync(string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        using var response = await _client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Age);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, TimeSpan? Age);
}
