using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Same inputs, same bytes: whatever the run and whatever order the documents come in.</summary>
public sealed class DeterminismTests
{
    private static readonly SpecFile[] Specs = new[] { "routing.openapi.yaml", "integrations.openapi.yaml", "parameters.openapi.yaml" }
        .Select(name => SpecFile.FromDisk(RepoPaths.Spec(name), "/p/" + name))
        .ToArray();

    [Fact]
    public void Two_runs_generate_identical_sources()
    {
        var first = GeneratorHarness.Run(Specs).Sources;
        var second = GeneratorHarness.Run(Specs).Sources;

        Assert.Equal(first.OrderBy(s => s.Key), second.OrderBy(s => s.Key));
    }

    [Fact]
    public void Document_order_does_not_change_the_output()
    {
        var forward = GeneratorHarness.Run(Specs).Sources;
        var reversed = GeneratorHarness.Run(Specs.Reverse().ToArray()).Sources;

        Assert.Equal(forward.OrderBy(s => s.Key), reversed.OrderBy(s => s.Key));
    }
}
