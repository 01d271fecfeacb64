using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>API keys, usage plans and throttles compiled from a document, served over HTTP with a real store.</summary>
public sealed class AccessTests : IAsyncLifetime
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Access, version: '1' }
        x-gatewaygen-usage-plans:
          basic:
            throttle: { rateLimit: 0.001, burstLimit: 3 }
            quota: { limit: 1000, period: DAY }
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: x-api-key }
        security: [ { key: [] } ]
        paths:
          /pets:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /legacy:
            get:
              security: [ { api_key: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /status:
            get:
              security: []
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-access-" + Guid.NewGuid().ToString("N"));
    private CompiledGateway _gateway = null!;

    private string StorePath => Path.Combine(_folder, "gateway.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/access.openapi.yaml", Spec) }, hostArguments: new[] { "--Gateway:Store=" + StorePath });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Operations_under_an_api_key_requirement_refuse_requests_without_a_valid_key_and_open_ones_do_not()
    {
        using var status = await GetAsync("/status", key: null);
        using var undefinedScheme = await GetAsync("/legacy", key: null); // an undefined scheme fails closed
        using var missing = await GetAsync("/pets", key: null);
        using var unknown = await GetAsync("/pets", key: "0123456789012345678901234567890123456789");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, undefinedScheme.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, "MISSING_AUTHENTICATION_TOKEN"), (missing.StatusCode, await TypeAsync(missing)));
        Assert.Equal((HttpStatusCode.Forbidden, "INVALID_API_KEY"), (unknown.StatusCode, await TypeAsync(unknown)));
    }

    [Fact]
    public async Task A_key_made_by_another_process_works_within_a_second_and_the_plan_throttles_it()
    {
        // `keys create` in another process: its own store object on the same file.
        var (record, key) = new ApiKeyStore(StorePath).Create("basic", null, DateTimeOffset.UtcNow);
        Assert.True(await EventuallyAsync(key, HttpStatusCode.OK), "the new key was not accepted within 5 seconds");

        // Burst 3 (one was spent above), then 429 with Retry-After.
        using (var second = await GetAsync("/pets", key))
        using (var third = await GetAsync("/pets", key))
        using (var throttled = await GetAsync("/pets", key))
        {
            Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429 }, new[] { second.StatusCode, third.StatusCode, throttled.StatusCode });
            Assert.Equal("THROTTLED", await TypeAsync(throttled));
            Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // Revoked elsewhere: refused within a second.
        new ApiKeyStore(StorePath).Revoke(record.Id, DateTimeOffset.UtcNow);
        Assert.True(await EventuallyAsync(key, HttpStatusCode.Forbidden), "the revoked key was still accepted after 5 seconds");
    }

    [Fact]
    public async Task A_graceful_stop_writes_every_counted_request_to_the_store()
    {
        var registry = _gateway.Services.GetRequiredService<ApiKeyRegistry>();
        var (record, key) = registry.Store.Create("basic", null, DateTimeOffset.UtcNow);
        registry.Refresh();
        for (var i = 0; i < 3; i++)
        {
            using var response = await GetAsync("/pets", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _gateway.DisposeAsync(); // StopAsync: the last counts are written
        _gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/access.openapi.yaml", Spec) }, hostArguments: new[] { "--Gateway:Store=" + StorePath });

        Assert.Equal(3, new ApiKeyStore(StorePath).GetUsage(record.Id, QuotaPeriods.Start(QuotaPeriod.Day, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task The_operator_sets_the_account_throttle_that_every_request_passes()
    {
        await _gateway.DisposeAsync();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/access.openapi.yaml", Spec) },
            hostArguments: new[] { "--Gateway:Store=" + StorePath, "--Gateway:AccountThrottle:RateLimit=0.001", "--Gateway:AccountThrottle:BurstLimit=2" });

        using var first = await GetAsync("/status", key: null);
        using var second = await GetAsync("/status", key: null);
        using var throttled = await GetAsync("/status", key: null);

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429 }, new[] { first.StatusCode, second.StatusCode, throttled.StatusCode });
        Assert.Equal("THROTTLED", await TypeAsync(throttled));
    }

    [Theory]
    [InlineData("RateLimit", "fast", "Gateway:AccountThrottle:RateLimit must be a number above 0, not 'fast'.")]
    [InlineData("RateLimit", "0", "Gateway:AccountThrottle:RateLimit must be a number above 0, not '0'.")]
    [InlineData("BurstLimit", "2.5", "Gateway:AccountThrottle:BurstLimit must be a whole number up to 2147483647, not '2.5'.")]
    public async Task A_bad_account_throttle_stops_the_gateway_at_start_naming_the_setting(string setting, string value, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/access.openapi.yaml", Spec) },
            hostArguments: new[] { "--Gateway:Store=" + StorePath, $"--Gateway:AccountThrottle:{setting}={value}" }));

        Assert.Equal(message, (failure.InnerException ?? failure).Message);
    }

    [Fact]
    public async Task The_admin_listener_manages_keys_as_JSON_and_refuses_anyone_without_its_token()
    {
        var adminPort = FreePort();
        await _gateway.DisposeAsync();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/access.openapi.yaml", Spec) },
            hostArguments: new[] { "--Gateway:Store=" + StorePath, "--Gateway:Admin:Token=s3cret-admin-token-of-at-least-32-chars", $"--Gateway:Admin:Url=http://127.0.0.1:{adminPort}" });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };

        using (var anonymous = await admin.GetAsync("/keys"))
        using (var wrong = await admin.SendAsync(WithToken(HttpMethod.Get, "/keys", "not-the-token")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Load balancers probe without the token: liveness, and readiness that asks the key store.
        using (var ping = await admin.GetAsync("/ping"))
        using (var health = await admin.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Healthy", report.GetProperty("status").GetString());
            Assert.Equal("reachable", report.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());
        }

        using (var deployment = await admin.SendAsync(WithToken(HttpMethod.Get, "/deployment", "s3cret-admin-token-of-at-least-32-chars")))
        {
            var info = System.Text.Json.JsonDocument.Parse(await deployment.Content.ReadAsStringAsync()).RootElement;
            Assert.Matches("^[0-9a-f]{16}$", info.GetProperty("id").GetString());
            Assert.Equal("dev", info.GetProperty("stage").GetString());
        }

        // Create: the key is in the answer once, and works at once.
        using var create = WithToken(HttpMethod.Post, "/keys", "s3cret-admin-token-of-at-least-32-chars");
        create.Content = new StringContent("""{"plan":"basic","name":"partner"}""", System.Text.Encoding.UTF8, "application/json");
        using var created = await admin.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var createdJson = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = createdJson.RootElement.GetProperty("key").GetString()!;
        var id = createdJson.RootElement.GetProperty("id").GetString()!;
        using (var admitted = await GetAsync("/pets", key))
        {
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using (var listed = await admin.SendAsync(WithToken(HttpMethod.Get, "/keys", "s3cret-admin-token-of-at-least-32-chars")))
        {
            var keys = System.Text.Json.JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("keys");
            Assert.Equal((id, "partner"), (keys[0].GetProperty("id").GetString(), keys[0].GetProperty("name").GetString()));
            Assert.DoesNotContain(key, keys.ToString());
        }

        using (var usage = await admin.SendAsync(WithToken(HttpMethod.Get, $"/keys/{id}/usage", "s3cret-admin-token-of-at-least-32-chars")))
        {
            var quota = System.Text.Json.JsonDocument.Parse(await usage.Content.ReadAsStringAsync()).RootElement.GetProperty("quota");
            Assert.Equal((1000, "DAY"), (quota.GetProperty("limit").GetInt64(), quota.GetProperty("period").GetString()));
            Assert.Equal(1000, quota.GetProperty("used").GetInt64() + quota.GetProperty("remaining").GetInt64());
        }

        // Revoke: refused at once. Gateway routes are not served on the admin port.
        using (var revoked = await admin.SendAsync(WithToken(HttpMethod.Delete, "/keys/" + id, "s3cret-admin-token-of-at-least-32-chars")))
        using (var refused = await GetAsync("/pets", key))
        using (var noRoute = await admin.SendAsync(WithToken(HttpMethod.Get, "/status", "s3cret-admin-token-of-at-least-32-chars")))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, noRoute.StatusCode);
        }
    }

    private static HttpRequestMessage WithToken(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Polls (at most 50 times, 100 ms apart) until the key gets the expected status.
    private async Task<bool> EventuallyAsync(string key, HttpStatusCode expected)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var response = await GetAsync("/pets", key);
            if (response.StatusCode == expected)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        return await _gateway.Client.SendAsync(request);
    }

    private static async Task<string?> TypeAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
}
