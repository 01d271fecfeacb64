using System;
using System.IO;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>
/// Where the repository and the shared reference data are. Found by walking up from the test binaries to
/// GatewayGen.sln (CI builds map source paths to /_/, so [CallerFilePath] cannot be trusted).
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestsDirectory { get; } = Path.Combine(Root, "tests", "GatewayGen.Generator.Tests");

    /// <summary>../shared next to the repository (read-only reference data: corpus, conformance suite).</summary>
    public static string Shared { get; } = Path.GetFullPath(Environment.GetEnvironmentVariable("GATEWAYGEN_SHARED") ?? Path.Combine(Root, "..", "shared"));

    public static string Spec(string name) => Path.Combine(TestsDirectory, "Specs", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GatewayGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GatewayGen.sln not found above " + AppContext.BaseDirectory);
    }
}
