using System.IO;
using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The generated files of the samples and of the feature specs, compared with approved baselines
/// (Baselines/{case}/{hint}.txt). Accept a reviewed change with GATEWAYGEN_ACCEPT_BASELINES=1.
/// </summary>
public sealed class BaselineTests
{
    [Fact]
    public void Petstore_sample()
    {
        var sample = Path.Combine(RepoPaths.Root, "samples", "Petstore");
        var run = GeneratorHarness.Run(
            new[] { SpecFile.FromDisk(Path.Combine(sample, "petstore.openapi.yaml"), "/samples/Petstore/petstore.openapi.yaml") },
            new[] { File.ReadAllText(Path.Combine(sample, "Program.cs")) },
            new ProjectSettings(RootNamespace: "Petstore", OutputType: "Exe"));

        MatchAll("Petstore", run);
    }

    [Fact]
    public void Feature_specs()
    {
        var specs = new[] { "routing.openapi.yaml", "parameters.openapi.yaml", "integrations.openapi.yaml", "modern.openapi.json" }
            .Select(name => SpecFile.FromDisk(RepoPaths.Spec(name), "/specs/" + name))
            .Append(new SpecFile("/specs/legacy.swagger.json", File.ReadAllText(RepoPaths.Spec("legacy.swagger.json")), GatewayGenMetadata: "true"));

        MatchAll("Features", GeneratorHarness.Run(specs, null, new ProjectSettings(OutputType: "Exe")));
    }

    [Fact]
    public void Body_media_types()
    {
        // Forms (their shapes, schemas and encodings), per-media-type JSON schemas and wildcard ranges.
        var spec = SpecFile.FromDisk(RepoPaths.Spec("bodies.openapi.yaml"), "/specs/bodies.openapi.yaml");

        MatchAll("Bodies", GeneratorHarness.Run(new[] { spec }, null, new ProjectSettings(OutputType: "Exe")));
    }

    private static void MatchAll(string caseName, GeneratorRun run)
    {
        Assert.Empty(run.Exceptions);
        foreach (var (hintName, source) in run.Sources.OrderBy(s => s.Key, System.StringComparer.Ordinal))
        {
            Baseline.Match(caseName, hintName, source);
        }

        Assert.Empty(Baseline.Stale(caseName, run.Sources.Keys));
    }
}
