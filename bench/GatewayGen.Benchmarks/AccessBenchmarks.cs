using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Benchmarks;

/// <summary>
/// What API keys, throttles and quotas add to a request: the admission of an open operation (the account's
/// token bucket, which every request passes) against one that needs a key (hash and look it up, the plan's
/// bucket, the plan's method bucket, the quota counter). Limits are set so nothing is ever refused.
/// </summary>
[MemoryDiagnoser]
public class AccessBenchmarks
{
    private static readonly ThrottleSettings Unlimited = new(1e9, 1_000_000_000);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-bench-" + Guid.NewGuid().ToString("N"));
    private GatewayAccess _access = null!;
    private OperationAccess _open = null!;
    private OperationAccess _keyed = null!;
    private OperationAccess _keyedWithMethodThrottle = null!;
    private DefaultHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_folder);
        var store = new ApiKeyStore(Path.Combine(_folder, "bench.db"));
        var plans = new Dictionary<string, UsagePlan>
        {
            ["bench"] = new("bench", Unlimited, new QuotaSettings(long.MaxValue, QuotaPeriod.Month), new Dictionary<string, ThrottleSettings> { ["POST /orders"] = Unlimited }),
        };
        var (_, key) = store.Create("bench", null, DateTimeOffset.UtcNow);
        var settings = new GatewayAccessSettings(plans, Unlimited, UsesApiKeys: true);
        _access = new GatewayAccess(settings, new ApiKeyRegistry(new Lazy<ApiKeyStore>(store)), new QuotaCounters(() => store), TimeProvider.System,
            new GatewayAuthorizers(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), settings, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
                new GatewayInfo("bench", "0", "bench", null, Array.Empty<GatewayApiInfo>()), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = _folder }));
        var api = new ApiAccess("Orders", null);
        _open = new OperationAccess("GET /orders", Array.Empty<SecurityAlternative>(), null, api);
        _keyed = new OperationAccess("GET /orders", new[] { SecurityAlternative.ApiKey(ApiKeyLocation.Header, "x-api-key") }, null, api);
        _keyedWithMethodThrottle = new OperationAccess("POST /orders", new[] { SecurityAlternative.ApiKey(ApiKeyLocation.Header, "x-api-key") }, null, api);
        _context = new DefaultHttpContext();
        _context.Request.Headers["x-api-key"] = key;
        if (Admit(_open) || Admit(_keyed) || Admit(_keyedWithMethodThrottle))
        {
            throw new InvalidOperationException("A benchmark request was refused.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The baseline: an operation without a key; only the account's bucket.</summary>
    [Benchmark(Baseline = true)]
    public bool OpenOperation() => Admit(_open);

    /// <summary>Key from the header, SHA-256, lookup, the plan's bucket, the quota, the account's bucket.</summary>
    [Benchmark]
    public bool KeyThrottleQuota() => Admit(_keyed);

    /// <summary>The same with the plan's per-method bucket too.</summary>
    [Benchmark]
    public bool KeyMethodThrottleQuota() => Admit(_keyedWithMethodThrottle);

    private bool Admit(OperationAccess operation)
    {
        var rejected = _access.RejectAsync(_context, operation);
        return rejected.IsCompletedSuccessfully ? rejected.Result : rejected.AsTask().GetAwaiter().GetResult();
    }
}
