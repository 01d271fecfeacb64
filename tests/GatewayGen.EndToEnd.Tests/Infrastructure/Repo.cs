using System;
using System.IO;
using System.Reflection;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>Paths in the repository, and the configuration these tests were built in (gateways are built alike).</summary>
internal static class Repo
{
    public static string Root => GatewayGen.Tests.Shared.RepositoryRoot.Path;

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>A path inside the repository.</summary>
    public static string InRepo(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    /// <summary>The built dll of a gateway project under the repository.</summary>
    public static string GatewayDll(string projectDirectory, string name) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", name + ".dll");

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
