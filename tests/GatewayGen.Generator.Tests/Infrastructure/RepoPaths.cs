using System;
using System.IO;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>Where the repository and the shared reference data are.</summary>
internal static class RepoPaths
{
    public static string Root => GatewayGen.Tests.Shared.RepositoryRoot.Path;

    public static string TestsDirectory { get; } = Path.Combine(Root, "tests", "GatewayGen.Generator.Tests");

    /// <summary>../shared next to the repository (read-only reference data: corpus, conformance suite).</summary>
    public static string Shared { get; } = Path.GetFullPath(Environment.GetEnvironmentVariable("GATEWAYGEN_SHARED") ?? Path.Combine(Root, "..", "shared"));

    public static string Spec(string name) => Path.Combine(TestsDirectory, "Specs", name);

}
