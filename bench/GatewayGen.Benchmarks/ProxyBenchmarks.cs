using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Benchmarks;

/// <summary>
/// One request at a time through the gateway generated from orders.openapi.yaml, against the same request sent to
/// its backend directly; client, gateway and backend share this process and talk over loopback. The baselines
/// are the direct requests, so the difference in Allocated is what the gateway allocates per proxied request
/// (Kestrel's side of the client connection, the route handler, the policies and the HTTP client to the backend),
/// and the difference in time is its latency without load. Throughput under load is bench/run's job.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class ProxyBenchmarks
{
    private const string BackendUrl = "http://127.0.0.1:18181";
    private const string GatewayUrl = "http://127.0.0.1:18182";
    private static readonly byte[] OrderJson = """{"id":"8c0a8e6e-3b8f-4d53-9a58-0c7f5d2f3e11","status":"open"}"""u8.ToArray();

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-bench-" + Guid.NewGuid().ToString("N"));
    private WebApplication _backend = null!;
    private WebApplication _gateway = null!;
    private HttpMessageInvoker _client = null!;
    private byte[] _body = null!;
    private string _key = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        Directory.CreateDirectory(_folder);
        _body = OrderBodies.Valid(1024);

        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls(BackendUrl);
        backend.Logging.ClearProviders();
        _backend = backend.Build();
        _backend.MapGet("/orders/{orderId}", (HttpContext context) => Answer(context, StatusCodes.Status200OK));
        _backend.MapPost("/orders", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await Answer(context, StatusCodes.Status201Created);
        });
        await _backend.StartAsync();

        var store = Path.Combine(_folder, "bench.db");
        var gateway = WebApplication.CreateSlimBuilder(
        [
            "--urls", GatewayUrl, $"--{GatewayHosting.StorePathKey}={store}",
            $"--{GatewayHosting.AccountThrottleKey}:RateLimit=1000000000", $"--{GatewayHosting.AccountThrottleKey}:BurstLimit=1000000000",
            // Extra host arguments, to measure a setting against the default.
            .. (Environment.GetEnvironmentVariable("PROXY_BENCH_GATEWAY_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ]);
        // The gateway keeps the default logging providers, as a deployed one does: what logging costs per request counts.
        gateway.AddGateway();
        _gateway = gateway.Build();
        _gateway.MapGateway();
        await _gateway.StartAsync();
        var keys = (ApiKeyRegistry)_gateway.Services.GetService(typeof(ApiKeyRegistry))!;
        (_, _key) = keys.Store.Create("bench", "bench", DateTimeOffset.UtcNow);
        keys.Refresh();

        _client = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
        foreach (var (name, send, expected) in new (string, Func<Task<HttpStatusCode>>, HttpStatusCode)[]
        {
            ("GET direct", GetDirect, HttpStatusCode.OK), ("GET through the gateway", GetThroughGateway, HttpStatusCode.OK),
            ("POST direct", PostDirect, HttpStatusCode.Created), ("POST through the gateway", PostThroughGateway, HttpStatusCode.Created),
        })
        {
            if (await send() is var status && status != expected)
            {
                throw new InvalidOperationException($"{name} answered {status}, not {expected}: the benchmark would measure an error path.");
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _gateway.StopAsync();
        await _backend.StopAsync();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The baseline of GET: the backend asked directly.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("GET")]
    public Task<HttpStatusCode> GetDirect() => SendAsync(HttpMethod.Get, BackendUrl + "/orders/42", body: null);

    /// <summary>GET through a proxy route without policies (the account's throttle only, as every request).</summary>
    [Benchmark, BenchmarkCategory("GET")]
    public Task<HttpStatusCode> GetThroughGateway() => SendAsync(HttpMethod.Get, GatewayUrl + "/orders/42", body: null);

    /// <summary>The baseline of POST: the 1 KiB order sent to the backend directly.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("POST")]
    public Task<HttpStatusCode> PostDirect() => SendAsync(HttpMethod.Post, BackendUrl + "/orders", _body);

    /// <summary>POST through the gateway: API key, the plan's throttle and quota, the body validated, then proxied.</summary>
    [Benchmark, BenchmarkCategory("POST")]
    public Task<HttpStatusCode> PostThroughGateway() => SendAsync(HttpMethod.Post, GatewayUrl + "/orders", _body);

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string url, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("x-api-key", _key);
        }

        using var response = await _client.SendAsync(request, default);
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode;
    }

    private static Task Answer(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = OrderJson.Length;
        return context.Response.Body.WriteAsync(OrderJson).AsTask();
    }
}
