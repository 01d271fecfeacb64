using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>`keys create|list|revoke|usage` as an operator runs them against the gateway's store.</summary>
public sealed class KeyCommandsTests : IDisposable
{
    private readonly TemporaryStore _file = new();
    private readonly ServiceProvider _services;

    public KeyCommandsTests()
    {
        var plans = new Dictionary<string, UsagePlan>
        {
            ["basic"] = new("basic", null, new QuotaSettings(1000, QuotaPeriod.Month), new Dictionary<string, ThrottleSettings>()),
            ["gold"] = new("gold", null, null, new Dictionary<string, ThrottleSettings>()),
        };
        var store = new Lazy<ApiKeyStore>(_file.Open);
        _services = new ServiceCollection()
            .AddSingleton(new GatewayAccessSettings(plans, ThrottleSettings.AccountDefault, UsesApiKeys: true))
            .AddSingleton(new ApiKeyRegistry(store))
            .AddSingleton(TimeProvider.System)
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _file.Dispose();
    }

    [Fact]
    public void Create_prints_the_new_key_alone_on_the_last_line_and_the_store_keeps_only_its_hash()
    {
        var (code, output, _) = Run("create", "--plan", "basic", "--name", "mobile app");

        Assert.Equal(0, code);
        var key = output.Last();
        Assert.Matches("^[A-Za-z0-9]{40}$", key);
        var stored = Assert.Single(_file.Open().List());
        Assert.Equal(ApiKeyHash.Of(key), stored.Hash);
        Assert.Equal(("basic", "mobile app"), (stored.Plan, stored.Name));
        Assert.DoesNotContain(key, File.ReadAllText(_file.FilePath + "-wal", System.Text.Encoding.Latin1) + File.ReadAllText(_file.FilePath, System.Text.Encoding.Latin1));
    }

    [Fact]
    public void List_revoke_and_usage_find_a_key_by_its_id_or_its_value()
    {
        var key = Run("create", "--plan", "basic").Output.Last();
        var id = _file.Open().List().Single().Id;
        _file.Open().AddUsage(id, QuotaPeriods.Start(QuotaPeriod.Month, DateTimeOffset.UtcNow), 42);

        var usage = Run("usage", id).Output;
        Assert.Contains(usage, line => line.StartsWith("quota: 42 of 1000 requests used this month", StringComparison.Ordinal) && line.EndsWith("958 left", StringComparison.Ordinal));

        Assert.Equal($"Revoked API key {id}.", Assert.Single(Run("revoke", key).Output));
        Assert.Contains(Run("list").Output, line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains("revoked", StringComparison.Ordinal));
        Assert.Equal($"API key {id} was already revoked.", Assert.Single(Run("revoke", id).Output));
    }

    [Fact]
    public void An_unknown_plan_or_key_is_an_error_that_says_what_exists()
    {
        var (code, _, error) = Run("create", "--plan", "platinum");
        Assert.Equal(2, code);
        Assert.Equal(new[] { "There is no usage plan 'platinum'.", "Usage plans of this gateway: basic, gold" }, error);

        var missing = Run("revoke", "nosuchkey0");
        Assert.Equal(1, missing.Code);
        Assert.Equal("No API key has the id or value 'nosuchkey0'.", Assert.Single(missing.Error));
    }

    private (int Code, string[] Output, string[] Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = KeyCommands.Run(_services, args, output, error);
        return (code, Lines(output), Lines(error));
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
