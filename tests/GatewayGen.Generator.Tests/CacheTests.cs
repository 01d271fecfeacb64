using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The stage's response cache, compiled from the document and served over HTTP against a backend whose every
/// answer differs (it counts): hits, misses, the key, TTL expiry, one entry per caller, what is never stored,
/// invalidation, the admin flush and the cache metrics.
/// </summary>
public sealed class CacheTests : IAsyncLifetime
{
    private const string AdminToken = "cache-test-admin-token-0123456789abcdef";

    private const string Spec = """
        openapi: 3.0.3
        info: { title: Cached, version: '1' }
        x-gatewaygen-stages:
          dev:
            cache: { enabled: true, ttlSeconds: 300, capacityMb: 8 }
        x-amazon-apigateway-gateway-responses:
          INTEGRATION_FAILURE: { statusCode: 200 }
        x-gatewaygen-usage-plans:
          reader: { quota: { limit: 1000, period: DAY } }
          operator: { quota: { limit: 1000, period: DAY }, cacheInvalidation: true }
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: x-api-key }
        paths:
          /items/{id}:
            get:
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: lang, in: query, schema: { type: string } }
                - { name: page, in: query, schema: { type: integer } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: BACKEND/items/{id}
                requestParameters: { integration.request.path.id: method.request.path.id }
                cacheKeyParameters: [ method.request.querystring.lang ]
            post:
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: POST
                uri: BACKEND/items/{id}
                requestParameters: { integration.request.path.id: method.request.path.id }
          /short:
            get:
              responses: { '200': { description: ok } }
              x-gatewaygen-cache: { ttlSeconds: 1 }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: BACKEND/short }
          /uncached:
            get:
              responses: { '200': { description: ok } }
              x-gatewaygen-cache: { enabled: false }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: BACKEND/uncached }
          /answers/{kind}:
            get:
              parameters:
                - { name: kind, in: path, required: true, schema: { type: string } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: BACKEND/answers/{kind}
                requestParameters: { integration.request.path.kind: method.request.path.kind }
          /dead:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: 'http://127.0.0.1:9/dead' }
          /mine:
            get:
              security: [ { key: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: BACKEND/mine }
          /strict:
            get:
              security: [ { key: [] } ]
              responses: { '200': { description: ok } }
              x-gatewaygen-cache: { unauthorizedCacheControlHeaderStrategy: FAIL_WITH_403 }
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: BACKEND/strict }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-cache-" + Guid.NewGuid().ToString("N"));
    private TestBackend _backend = null!;
    private CompiledGateway _gateway = null!;
    private HttpClient _admin = null!;
    private int _served;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _backend = await TestBackend.StartAsync(RespondAsync);
        var adminPort = FreePort();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/cached.openapi.yaml", Spec.Replace("BACKEND", _backend.Url)) },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"), "--Gateway:Admin:Token=" + AdminToken, $"--Gateway:Admin:Url=http://127.0.0.1:{adminPort}" });
        _admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        _admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // Every answer names the request and carries a number no other answer has.
    private async Task RespondAsync(HttpContext context)
    {
        var served = Interlocked.Increment(ref _served);
        var path = context.Request.Path.Value!;
        var response = context.Response;
        response.ContentType = "text/plain";
        switch (path)
        {
            case "/answers/error":
                response.StatusCode = 500;
                break;
            case "/answers/no-store":
                response.Headers.CacheControl = "no-store";
                break;
            case "/answers/private":
                response.Headers.CacheControl = "private, max-age=60";
                break;
            case "/answers/cookie":
                response.Headers.SetCookie = "session=" + served;
                break;
            case "/answers/public":
                response.Headers.CacheControl = "public, max-age=60";
                break;
            case "/answers/vary":
                response.Headers.Vary = "Accept-Language";
                break;
            case "/answers/range" when context.Request.Headers.Range.Count > 0:
                response.StatusCode = 206;
                response.Headers["Content-Range"] = "bytes 0-4/100";
                await response.WriteAsync($"#{served:D4}");
                return;
            case "/answers/gzip" when context.Request.Headers.AcceptEncoding.ToString().Contains("gzip"):
                response.Headers.ContentEncoding = "gzip";
                var text = System.Text.Encoding.UTF8.GetBytes($"gzip #{served}");
                using (var compressed = new MemoryStream())
                {
                    using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(text);
                    }

                    await response.Body.WriteAsync(compressed.ToArray());
                }

                return;
            case "/answers/big":
                await response.WriteAsync(new string('x', ResponseCache.MaxEntryBytes + 1) + " " + served);
                return;
        }

        response.Headers["X-Backend-Header"] = "kept";
        await response.WriteAsync($"{context.Request.Method} {path}{context.Request.QueryString} #{served}");
    }

    [Fact]
    public async Task The_second_request_is_answered_from_the_cache_with_the_backends_headers_and_an_age()
    {
        var first = await SendAsync("/items/1");
        var second = await SendAsync("/items/1");

        Assert.Equal(first.Body, second.Body);
        Assert.Single(_backend.Received);
        Assert.Equal("kept", second.Header("X-Backend-Header"));
        Assert.NotNull(second.Header("Age"));
        Assert.Null(first.Header("Age"));
        Assert.NotEqual(first.Header("x-amzn-RequestId"), second.Header("x-amzn-RequestId")); // the hit gets its own request id
    }

    [Fact]
    public async Task Path_parameters_and_cacheKeyParameters_tell_entries_apart_and_other_parameters_share_one()
    {
        var one = await SendAsync("/items/1?lang=en");
        var two = await SendAsync("/items/2?lang=en");
        var french = await SendAsync("/items/1?lang=fr");
        var pageTwo = await SendAsync("/items/1?lang=en&page=2");

        Assert.Equal(3, new[] { one.Body, two.Body, french.Body }.Distinct().Count());
        Assert.Equal(one.Body, pageTwo.Body); // page is not in the key: API Gateway's rule
        Assert.Equal(3, _backend.Received.Count);
    }

    [Fact]
    public async Task An_entry_expires_after_its_ttl()
    {
        var first = await SendAsync("/short");
        Assert.Equal(first.Body, (await SendAsync("/short")).Body);

        await Task.Delay(1500);
        var later = await SendAsync("/short");

        Assert.NotEqual(first.Body, later.Body);
        Assert.Equal(2, _backend.Received.Count);
    }

    [Fact]
    public async Task Posts_operations_that_opt_out_and_answers_that_must_not_be_kept_always_reach_the_backend()
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "/items/1"), (HttpMethod.Get, "/uncached"), (HttpMethod.Get, "/answers/error"),
            (HttpMethod.Get, "/answers/no-store"), (HttpMethod.Get, "/answers/private"), (HttpMethod.Get, "/answers/cookie"),
            (HttpMethod.Get, "/answers/big"),
        })
        {
            var first = await SendAsync(path, method: method);
            var second = await SendAsync(path, method: method);
            Assert.NotEqual(first.Body, second.Body);
        }

        Assert.Equal(14, _backend.Received.Count);
    }

    [Fact]
    public async Task A_range_a_backend_encoding_and_a_gateway_error_made_200_never_come_from_the_cache()
    {
        var part = await SendAsync("/answers/range", headers: new() { ["Range"] = "bytes=0-4" });
        var whole = await SendAsync("/answers/range");
        var wholeAgain = await SendAsync("/answers/range");
        Assert.Equal(HttpStatusCode.PartialContent, part.Status);
        Assert.Equal(HttpStatusCode.OK, whole.Status);
        Assert.NotEqual(part.Body, whole.Body);
        Assert.Equal(whole.Body, wholeAgain.Body); // the full answer is kept

        // The backend gzips for a client that accepts it (without saying Vary): a client that does not gets plain text.
        var gzipped = await SendAsync("/answers/gzip", headers: new() { ["Accept-Encoding"] = "gzip" });
        var plain = await SendAsync("/answers/gzip");
        Assert.Equal("gzip", gzipped.Header("Content-Encoding"));
        Assert.Null(plain.Header("Content-Encoding"));
        Assert.StartsWith("GET /answers/gzip #", plain.Body);
        Assert.Equal(plain.Body, (await SendAsync("/answers/gzip")).Body);

        // INTEGRATION_FAILURE customised to 200: still the gateway's error, never a cached success.
        var dead = await SendAsync("/dead");
        var deadAgain = await SendAsync("/dead");
        Assert.Equal(HttpStatusCode.OK, dead.Status);
        Assert.Null(deadAgain.Header("Age"));
    }

    [Fact]
    public async Task An_answer_to_a_request_with_a_cookie_is_kept_only_when_the_backend_says_it_is_public()
    {
        var session = new Dictionary<string, string> { ["Cookie"] = "session=alice" };
        var first = await SendAsync("/items/9", headers: session);
        var second = await SendAsync("/items/9", headers: session);
        Assert.NotEqual(first.Body, second.Body);

        var shared = await SendAsync("/answers/public", headers: session);
        Assert.Equal(shared.Body, (await SendAsync("/answers/public", headers: new() { ["Cookie"] = "session=bob" })).Body);
    }

    [Fact]
    public async Task An_answer_that_varies_by_a_header_is_served_only_to_requests_with_the_same_value()
    {
        var english = await SendAsync("/answers/vary", headers: new() { ["Accept-Language"] = "en" });
        var englishAgain = await SendAsync("/answers/vary", headers: new() { ["Accept-Language"] = "en" });
        var german = await SendAsync("/answers/vary", headers: new() { ["Accept-Language"] = "de" });

        Assert.Equal(english.Body, englishAgain.Body);
        Assert.NotEqual(english.Body, german.Body);
    }

    [Fact]
    public async Task Each_caller_of_a_secured_operation_has_its_own_entries_and_nobody_skips_auth_through_the_cache()
    {
        var alice = CreateKey("reader");
        var bob = CreateKey("reader");

        var aliceFirst = await SendAsync("/mine", alice);
        var aliceSecond = await SendAsync("/mine", alice);
        var bobFirst = await SendAsync("/mine", bob);
        var anonymous = await SendAsync("/mine");

        Assert.Equal(aliceFirst.Body, aliceSecond.Body);
        Assert.NotEqual(aliceFirst.Body, bobFirst.Body);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.Status);
        Assert.Equal(2, _backend.Received.Count);
    }

    [Fact]
    public async Task Max_age_0_refreshes_the_entry_only_for_a_plan_that_may_invalidate()
    {
        var reader = CreateKey("reader");
        var operatorKey = CreateKey("operator");
        var noCache = new Dictionary<string, string> { ["Cache-Control"] = "max-age=0" };

        var first = await SendAsync("/mine", reader);
        var ignored = await SendAsync("/mine", reader, noCache);
        Assert.Equal(first.Body, ignored.Body);
        Assert.StartsWith("ignored", ignored.Header(ResponseCache.InvalidationIgnoredHeader));

        var operatorFirst = await SendAsync("/mine", operatorKey);
        var refreshed = await SendAsync("/mine", operatorKey, noCache);
        var afterRefresh = await SendAsync("/mine", operatorKey);
        Assert.NotEqual(operatorFirst.Body, refreshed.Body);
        Assert.Equal(refreshed.Body, afterRefresh.Body);

        // FAIL_WITH_403: the caller is told, and nothing reaches the backend.
        var before = _backend.Received.Count;
        var refused = await SendAsync("/strict", reader, noCache);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("ACCESS_DENIED", refused.Body);
        Assert.Equal(before, _backend.Received.Count);
    }

    [Fact]
    public async Task The_admin_listener_flushes_one_resource_or_the_whole_stage()
    {
        var item = await SendAsync("/items/1");
        var shortAnswer = await SendAsync("/short");

        using (var flushed = await _admin.DeleteAsync("/cache?stage=dev&resource=/items/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, flushed.StatusCode);
        }

        Assert.NotEqual(item.Body, (await SendAsync("/items/1")).Body);
        Assert.Equal(shortAnswer.Body, (await SendAsync("/short")).Body);

        using (var all = await _admin.DeleteAsync("/cache?stage=dev"))
        using (var otherStage = await _admin.DeleteAsync("/cache?stage=prod"))
        using (var unknown = await _admin.DeleteAsync("/cache?stage=dev&resource=/nothing"))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, otherStage.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.NotEqual(shortAnswer.Body, (await SendAsync("/short")).Body);
    }

    [Fact]
    public async Task Hits_and_misses_are_counted_per_operation()
    {
        await SendAsync("/items/7");
        await SendAsync("/items/7");
        await SendAsync("/items/7");

        var metrics = _gateway.Services.GetRequiredService<GatewayMetrics>().Exposition.Write();
        Assert.Contains("gatewaygen_cache_hit_total{api=\"Cached\",stage=\"dev\",method=\"GET\",resource=\"/items/{id}\"} 2", metrics);
        Assert.Contains("gatewaygen_cache_miss_total{api=\"Cached\",stage=\"dev\",method=\"GET\",resource=\"/items/{id}\"} 1", metrics);
    }

    private string CreateKey(string plan)
    {
        var registry = _gateway.Services.GetRequiredService<ApiKeyRegistry>();
        var (_, key) = registry.Store.Create(plan, null, DateTimeOffset.UtcNow);
        registry.Refresh();
        return key;
    }

    private async Task<Answer> SendAsync(string path, string? key = null, Dictionary<string, string>? headers = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _gateway.Client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Answer(HttpStatusCode Status, string Body, Dictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
