using System;
using System.IO;
using System.Reflection;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>Paths in the repository, and the configuration these tests were built in (gateways are built alike).</summary>
internal static class Repo
{
    // Found by walking up from the test binaries: CI builds map source paths to /_/, so [CallerFilePath] cannot be trusted.
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Path_(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    /// <summary>The built dll of a gateway project under the repository.</summary>
    public static string GatewayDll(string projectDirectory, string name) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", name + ".dll");

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

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
