using System;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace GatewayGen.Generator.Model;

/// <summary>Computes deployment ids: SHA-256 over each document's hash (by file name), the stage and the generator version.</summary>
internal static class DeploymentHasher
{
    /// <summary>One document's hash. Line endings are normalised, so a checkout on Windows gives the same id.</summary>
    public static DocumentHashModel Hash(string path, string text) =>
        new(System.IO.Path.GetFileName(path), Hex(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"))));

    public static DeploymentModel Deployment(ImmutableArray<DocumentHashModel> documents, GatewayOptions options, string generatorVersion)
    {
        var identity = new StringBuilder();
        identity.Append("gatewaygen ").Append(generatorVersion).Append('\n');
        identity.Append("stage ").Append(options.Stage).Append('\n');
        foreach (var document in documents.OrderBy(d => d.FileName, StringComparer.Ordinal).ThenBy(d => d.Sha256, StringComparer.Ordinal))
        {
            identity.Append(document.Sha256).Append(' ').Append(document.FileName).Append('\n');
        }

        // 16 hex digits (64 bits): short enough to read out, long enough never to collide between deployments.
        return new DeploymentModel(Hex(Encoding.UTF8.GetBytes(identity.ToString())).Substring(0, 16), options.DeploymentDescription);
    }

    private static string Hex(byte[] bytes)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(bytes);
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
