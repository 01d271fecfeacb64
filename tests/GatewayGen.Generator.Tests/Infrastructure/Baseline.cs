using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>
/// Approved snapshots of generated files, kept in Baselines/{case}/{hint}.txt (Verify is not in this machine's
/// NuGet copy, so this is the small hand-written version). On a mismatch the new text is written beside the
/// baseline as {hint}.received.txt and the test fails with a line diff. GATEWAYGEN_ACCEPT_BASELINES=1 accepts.
/// </summary>
internal static class Baseline
{
    private static bool Accepting => Environment.GetEnvironmentVariable("GATEWAYGEN_ACCEPT_BASELINES") == "1";

    public static string Directory(string caseName) => Path.Combine(RepoPaths.TestsDirectory, "Baselines", caseName);

    public static void Match(string caseName, string hintName, string actual) =>
        MatchFile(Path.Combine(Directory(caseName), hintName + ".txt"), actual);

    /// <summary>Compares <paramref name="actual"/> with an approved file anywhere in the repository (docs/conformance.md).</summary>
    public static void MatchFile(string approvedPath, string actual)
    {
        var directory = Path.GetDirectoryName(approvedPath)!;
        var hintName = Path.GetFileNameWithoutExtension(approvedPath);
        var receivedPath = Path.Combine(directory, hintName + ".received" + Path.GetExtension(approvedPath));
        actual = actual.Replace("\r\n", "\n");
        if (Accepting)
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"No baseline {approvedPath}. Review {receivedPath}, then accept with GATEWAYGEN_ACCEPT_BASELINES=1."
            : $"{hintName} differs from its baseline (new text in {receivedPath}; accept with GATEWAYGEN_ACCEPT_BASELINES=1):\n{Diff(approved, actual)}");
    }

    /// <summary>Baselines for hint names a case no longer generates.</summary>
    public static string[] Stale(string caseName, System.Collections.Generic.IEnumerable<string> hintNames)
    {
        var directory = Directory(caseName);
        if (!System.IO.Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }

        var expected = hintNames.Select(h => h + ".txt").ToHashSet();
        return System.IO.Directory.GetFiles(directory, "*.txt")
            .Select(Path.GetFileName)
            .Where(name => !name!.EndsWith(".received.txt", StringComparison.Ordinal) && !expected.Contains(name!))
            .ToArray()!;
    }

    private static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var diff = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(left.Length, right.Length) && shown < 20; i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l == r)
            {
                continue;
            }

            diff.Append("  line ").Append(i + 1).Append('\n');
            if (l is not null)
            {
                diff.Append("  - ").Append(l).Append('\n');
            }

            if (r is not null)
            {
                diff.Append("  + ").Append(r).Append('\n');
            }

            shown++;
        }

        return diff.ToString();
    }
}
