using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>API keys, throttles and quotas as a caller meets them, on a real store and a fake clock.</summary>
public sealed class GatewayAccessTests : IDisposable
{
    // Sunday 22 November 2026, 23:00 UTC: one hour before the daily quota resets.
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 23, 0, 0, TimeSpan.Zero);

    private readonly TemporaryStore _file = new();
    private readonly FakeClock _clock = new(Start);
    private readonly ApiKeyStore _store;
    private readonly ApiAccess _api = new("Pets", null);

    public GatewayAccessTests() => _store = _file.Open();

    public void Dispose() => _file.Dispose();

    private static readonly Dictionary<string, UsagePlan> Plans = new()
    {
        ["basic"] = new UsagePlan("basic", new ThrottleSettings(1, 2), new QuotaSettings(3, QuotaPeriod.Day), new Dictionary<string, ThrottleSettings>()),
        ["gold"] = new UsagePlan("gold", null, null, new Dictionary<string, ThrottleSettings> { ["POST /pets"] = new ThrottleSettings(1, 1) }),
    };

    [Fact]
    public async Task A_missing_key_and_an_unknown_key_are_403s_named_as_API_Gateway_names_them()
    {
        var access = NewAccess();
        var operation = KeyedOperation("GET /pets");

        var missing = await SendAsync(access, operation, key: null);
        var unknown = await SendAsync(access, operation, key: "not-a-key-anyone-was-given");

        Assert.Equal((403, "MISSING_AUTHENTICATION_TOKEN"), missing);
        Assert.Equal((403, "INVALID_API_KEY"), unknown);
    }

    [Fact]
    public async Task A_key_is_admitted_and_a_revoked_key_is_refused_once_the_registry_has_looked_again()
    {
        var (record, key) = _store.Create("gold", "mobile app", _clock.GetUtcNow());
        var registry = new ApiKeyRegistry(new Lazy<ApiKeyStore>(_store));
        var access = NewAccess(registry);
        var operation = KeyedOperation("GET /pets");

        Assert.Equal((200, ""), await SendAsync(access, operation, key));

        _store.Revoke(record.Id, _clock.GetUtcNow());
        registry.Refresh(); // GatewayStoreService does this every second
        Assert.Equal((403, "INVALID_API_KEY"), await SendAsync(access, operation, key));
    }

    [Fact]
    public async Task Throttled_requests_get_Retry_After_and_do_not_count_against_the_quota()
    {
        var (record, key) = _store.Create("basic", null, _clock.GetUtcNow());
        var quotas = new QuotaCounters(() => _store);
        var access = NewAccess(quotas: quotas);
        var operation = KeyedOperation("GET /pets");

        // Burst 2: of four requests at once, two pass and two are throttled; only the two count.
        var results = new List<(int, string)>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await SendAsync(access, operation, key));
        }

        Assert.Equal(new[] { (200, ""), (200, ""), (429, "THROTTLED"), (429, "THROTTLED") }, results);
        Assert.Equal(2, quotas.Used(record.Id));
        var throttled = NewContext(key);
        Assert.True(await access.RejectAsync(throttled, operation));
        Assert.Equal("1", throttled.Response.Headers.RetryAfter.ToString()); // one token per second

        // A second later a token is back: the third request of the day passes; the fourth is over the quota of 3,
        // and Retry-After points at midnight UTC, an hour (less a second) away.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((200, ""), await SendAsync(access, operation, key));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var context = NewContext(key);
        Assert.True(await access.RejectAsync(context, operation));
        Assert.Equal((429, "QUOTA_EXCEEDED"), Result(context));
        Assert.Equal("3598", context.Response.Headers.RetryAfter.ToString());

        // The next day the quota starts again.
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((200, ""), await SendAsync(access, operation, key));
    }

    [Fact]
    public async Task A_plans_method_throttle_applies_to_its_operation_only()
    {
        var (_, key) = _store.Create("gold", null, _clock.GetUtcNow());
        var access = NewAccess();
        var post = KeyedOperation("POST /pets");
        var get = KeyedOperation("GET /pets");

        Assert.Equal((200, ""), await SendAsync(access, post, key));
        Assert.Equal((429, "THROTTLED"), await SendAsync(access, post, key));
        Assert.Equal((200, ""), await SendAsync(access, get, key));
    }

    [Fact]
    public async Task Operation_stage_and_account_throttles_apply_to_every_caller_without_keys()
    {
        var operation = new OperationAccess("GET /status", Array.Empty<SecurityAlternative>(), new ThrottleSettings(1, 1), _api);
        var access = NewAccess();
        Assert.Equal((200, ""), await SendAsync(access, operation, key: null));
        Assert.Equal((429, "THROTTLED"), await SendAsync(access, operation, key: null));

        var stage = new OperationAccess("GET /status", Array.Empty<SecurityAlternative>(), null, new ApiAccess("Pets", new ThrottleSettings(1, 2)));
        Assert.Equal((200, ""), await SendAsync(access, stage, key: null));
        Assert.Equal((200, ""), await SendAsync(access, stage, key: null));
        Assert.Equal((429, "THROTTLED"), await SendAsync(access, stage, key: null));

        var tinyAccount = NewAccess(account: new ThrottleSettings(1, 1));
        var open = new OperationAccess("GET /status", Array.Empty<SecurityAlternative>(), null, _api);
        Assert.Equal((200, ""), await SendAsync(tinyAccount, open, key: null));
        Assert.Equal((429, "THROTTLED"), await SendAsync(tinyAccount, open, key: null));
    }

    [Fact]
    public void Quota_counts_survive_a_restart_and_two_processes_on_one_store_add_up()
    {
        var (record, _) = _store.Create("basic", null, _clock.GetUtcNow());
        var quota = new QuotaSettings(100, QuotaPeriod.Day);
        var first = new QuotaCounters(() => _store);
        var second = new QuotaCounters(() => new ApiKeyStore(_file.FilePath)); // another process: its own connections

        for (var i = 0; i < 7; i++)
        {
            Assert.True(first.TryConsume(record.Id, quota, _clock.GetUtcNow(), out _));
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.True(second.TryConsume(record.Id, quota, _clock.GetUtcNow(), out _));
        }

        first.Flush();
        second.Flush();
        first.Flush(); // each learns the other's count when it writes

        Assert.Equal(12, _store.GetUsage(record.Id, QuotaPeriods.Start(QuotaPeriod.Day, _clock.GetUtcNow())));
        Assert.Equal(12, first.Used(record.Id));
        Assert.Equal(12, second.Used(record.Id));

        var restarted = new QuotaCounters(() => _store);
        Assert.True(restarted.TryConsume(record.Id, quota, _clock.GetUtcNow(), out _));
        Assert.Equal(13, restarted.Used(record.Id));
    }

    [Fact]
    public async Task Admitting_a_keyed_request_allocates_nothing()
    {
        var (_, key) = _store.Create("gold", null, _clock.GetUtcNow());
        var unlimited = new Dictionary<string, UsagePlan>
        {
            ["gold"] = new("gold", new ThrottleSettings(1e9, 1_000_000_000), new QuotaSettings(long.MaxValue, QuotaPeriod.Month), new Dictionary<string, ThrottleSettings> { ["GET /pets"] = new ThrottleSettings(1e9, 1_000_000_000) }),
        };
        var access = new GatewayAccess(new GatewayAccessSettings(unlimited, new ThrottleSettings(1e9, 1_000_000_000), UsesApiKeys: true), new ApiKeyRegistry(new Lazy<ApiKeyStore>(_store)), new QuotaCounters(() => _store), _clock, NoAuthorizers());
        var operation = KeyedOperation("GET /pets");
        var context = NewContext(key);
        Assert.False(await access.RejectAsync(context, operation)); // first use: buckets, counter, registry

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            // Completes synchronously when admitted, so awaiting it allocates nothing either.
            Assert.False(await access.RejectAsync(context, operation));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private GatewayAccess NewAccess(ApiKeyRegistry? registry = null, QuotaCounters? quotas = null, ThrottleSettings? account = null) =>
        new(new GatewayAccessSettings(Plans, account ?? ThrottleSettings.AccountDefault, UsesApiKeys: true),
            registry ?? new ApiKeyRegistry(new Lazy<ApiKeyStore>(_store)),
            quotas ?? new QuotaCounters(() => _store),
            _clock,
            NoAuthorizers());

    private GatewayAuthorizers NoAuthorizers() =>
        new(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), GatewayAccessSettings.Default, _clock, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, new GatewayInfo("test", "0", "d", null, Array.Empty<GatewayApiInfo>()), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() });

    private OperationAccess KeyedOperation(string route) => new(route, new[] { SecurityAlternative.ApiKey(ApiKeyLocation.Header, "x-api-key") }, null, _api);

    private static async Task<(int Status, string Type)> SendAsync(GatewayAccess access, OperationAccess operation, string? key)
    {
        var context = NewContext(key);
        return await access.RejectAsync(context, operation) ? Result(context) : (200, "");
    }

    private static DefaultHttpContext NewContext(string? key)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        if (key is not null)
        {
            context.Request.Headers["x-api-key"] = key;
        }

        return context;
    }

    private static (int Status, string Type) Result(DefaultHttpContext context)
    {
        var body = ((MemoryStream)context.Response.Body).ToArray();
        using var document = JsonDocument.Parse(body);
        return (context.Response.StatusCode, document.RootElement.GetProperty("type").GetString()!);
    }
}
