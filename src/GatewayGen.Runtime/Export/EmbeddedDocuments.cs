using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace GatewayGen.Runtime;

/// <summary>
/// The OpenAPI files compiled into the gateway binary: the package's targets embed each document, and every other
/// JSON or YAML AdditionalFile a $ref may lead to, as the manifest resource "GatewayGen.Documents/PATH" (PATH relative
/// to the project folder). Manifest resources survive Native AOT and trimming.
/// </summary>
internal sealed class EmbeddedDocuments(IReadOnlyDictionary<string, string> files)
{
    public const string ResourcePrefix = "GatewayGen.Documents/";

    private static readonly Lazy<EmbeddedDocuments> FromEntryAssembly = new(() => FromAssembly(Assembly.GetEntryAssembly()));

    /// <summary>Project-relative path -> text.</summary>
    public IReadOnlyDictionary<string, string> Files { get; } = files;

    /// <summary>The program's own documents.</summary>
    public static EmbeddedDocuments Current => FromEntryAssembly.Value;

    public static EmbeddedDocuments FromAssembly(Assembly? assembly)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly?.GetManifestResourceNames() ?? Array.Empty<string>())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && assembly!.GetManifestResourceStream(name) is { } stream)
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                files[name.Substring(ResourcePrefix.Length)] = reader.ReadToEnd();
            }
        }

        return new EmbeddedDocuments(files);
    }

    /// <summary>The path of the API's document (GatewayApiInfo.Document is its file name), or an ExportException saying why none.</summary>
    public string PathOf(GatewayApiInfo api)
    {
        var matches = Files.Keys.Where(path => path == api.Document || path.EndsWith("/" + api.Document, StringComparison.Ordinal)).OrderBy(path => path, StringComparer.Ordinal).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ExportException(404, $"This binary holds no copy of {api.Document} (API {api.Name}): it was built with GatewayEmbedDocuments=false, or without GatewayGen's build targets."),
            _ => throw new ExportException(500, $"Several embedded files are named {api.Document} ({string.Join(", ", matches)}); export cannot tell which is API {api.Name}'s. Rename one."),
        };
    }
}
