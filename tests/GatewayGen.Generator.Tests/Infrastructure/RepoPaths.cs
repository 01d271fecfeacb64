using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>Where the repository and the shared reference data are, found from this source file.</summary>
internal static class RepoPaths
{
    public static string TestsDirectory { get; } = Path.GetDirectoryName(ThisFile())!;

    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestsDirectory, "..", ".."));

    /// <summary>../shared next to the repository (read-only reference data: corpus, conformance suite).</summary>
    public static string Shared { get; } = Path.GetFullPath(Environment.GetEnvironmentVariable("GATEWAYGEN_SHARED") ?? Path.Combine(Root, "..", "shared"));

    public static string Spec(string name) => Path.Combine(TestsDirectory, "Specs", name);

    private static string ThisFile([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
