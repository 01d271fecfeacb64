using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>`deployments`: the publish history, newest first, with each stage's active deployment marked.</summary>
public sealed class DeploymentCommandsTests : IDisposable
{
    private readonly TemporaryStore _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void The_newest_deployment_of_each_stage_is_the_active_one()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        Record(clock, new GatewayInfo("prod", "0.1.0.0", "aaaaaaaaaaaaaaaa", "first prod", Array.Empty<GatewayApiInfo>()));
        clock.Advance(TimeSpan.FromHours(1));
        Record(clock, new GatewayInfo("dev", "0.1.0.0", "bbbbbbbbbbbbbbbb", null, Array.Empty<GatewayApiInfo>()));
        clock.Advance(TimeSpan.FromHours(1));
        Record(clock, new GatewayInfo("prod", "0.1.0.0", "cccccccccccccccc", "hotfix", Array.Empty<GatewayApiInfo>()));

        var lines = List(clock);

        Assert.Equal(new[] { "* cccccccccccccccc", "* bbbbbbbbbbbbbbbb", "  aaaaaaaaaaaaaaaa" }, lines.Skip(1).Take(3).Select(l => l[..18]));
        Assert.EndsWith("hotfix", lines[1]);
    }

    private void Record(FakeClock clock, GatewayInfo info)
    {
        using var services = Services(clock, info);
        using var output = new StringWriter();
        Assert.Equal(0, DeploymentCommands.Run(services, new[] { "record" }, output, TextWriter.Null));
    }

    private string[] List(FakeClock clock)
    {
        using var services = Services(clock, new GatewayInfo("dev", "0.1.0.0", "bbbbbbbbbbbbbbbb", null, Array.Empty<GatewayApiInfo>()));
        using var output = new StringWriter();
        Assert.Equal(0, DeploymentCommands.Run(services, Array.Empty<string>(), output, TextWriter.Null));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r', ' ')).ToArray();
    }

    private ServiceProvider Services(FakeClock clock, GatewayInfo info) => new ServiceCollection()
        .AddSingleton(info)
        .AddSingleton(new ApiKeyRegistry(new Lazy<ApiKeyStore>(_file.Open)))
        .AddSingleton<TimeProvider>(clock)
        .BuildServiceProvider();
}
