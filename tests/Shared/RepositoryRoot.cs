using System;
using System.IO;

namespace GatewayGen.Tests.Shared;

/// <summary>
/// The repository root, found by walking up from the test binaries to GatewayGen.sln. CI builds map source
/// paths to /_/ (ContinuousIntegrationBuild), so [CallerFilePath] cannot be trusted. Linked into each test project.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "GatewayGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GatewayGen.sln not found above " + AppContext.BaseDirectory);
    }
}
