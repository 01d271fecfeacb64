using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>Paths in the repository, and the configuration these tests were built in (gateways are built alike).</summary>
internal static class Repo
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", ".."));

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

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
