using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>One document of ../shared/corpus as MANIFEST.tsv lists it.</summary>
public sealed record CorpusDocument(string File, int Operations, bool HasExternalReferences)
{
    public override string ToString() => File;
}

/// <summary>The real-world documents in ../shared/corpus and the gateway projects made of them.</summary>
internal static class CorpusDocuments
{
    public static IReadOnlyList<CorpusDocument> All { get; } = Load();

    /// <summary>
    /// The document as a project holds it: the document itself, and for a multi-file document every other
    /// JSON/YAML file beside it (referenced files are plain AdditionalFiles).
    /// </summary>
    public static IReadOnlyList<SpecFile> Project(CorpusDocument document)
    {
        var path = Path.Combine(RepoPaths.Shared, "corpus", document.File);
        var root = new SpecFile(path.Replace(".tpl", ""), File.ReadAllText(path), GatewayGenMetadata: "true");
        if (!document.HasExternalReferences)
        {
            return new[] { root };
        }

        var others = Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "*.*", SearchOption.AllDirectories)
            .Where(f => f != path && (f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new SpecFile(f, File.ReadAllText(f)));
        return others.Prepend(root).ToList();
    }

    /// <summary>
    /// What the user of a Lambda-backed export writes: an implementation of every generated function declaration
    /// (each answers 200 with its name), so the project compiles as it would once the functions exist.
    /// </summary>
    public static string FunctionImplementations(IReadOnlyDictionary<string, string> sources)
    {
        var code = new StringBuilder();
        foreach (var source in sources.Where(s => s.Key.EndsWith(".Functions.g.cs", StringComparison.Ordinal)).Select(s => s.Value))
        {
            var ns = Regex.Match(source, @"^namespace (\S+)", RegexOptions.Multiline).Groups[1].Value;
            var type = Regex.Match(source, @"public static partial class (\w+)").Groups[1].Value;
            code.Append("namespace ").Append(ns).Append(" { public static partial class ").Append(type).AppendLine(" {");
            foreach (Match method in Regex.Matches(source, @"public static partial (\S+) (\w+)\((\w+) request\);"))
            {
                // A C# authorizer lets nothing in; a function integration answers with its name.
                var result = method.Groups[1].Value.Contains("AuthorizerResult", StringComparison.Ordinal)
                    ? "global::GatewayGen.Runtime.AuthorizerResult.Unauthorized()"
                    : "global::Microsoft.AspNetCore.Http.TypedResults.Text(\"" + method.Groups[2].Value + "\")";
                code.Append("    public static partial ").Append(method.Groups[1].Value).Append(' ').Append(method.Groups[2].Value)
                    .Append('(').Append(method.Groups[3].Value).Append(" request) => new(").Append(result).AppendLine(");");
            }

            code.AppendLine("} }");
        }

        return code.ToString();
    }

    private static IReadOnlyList<CorpusDocument> Load()
    {
        var manifest = Path.Combine(RepoPaths.Shared, "corpus", "MANIFEST.tsv");
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"The shared corpus is missing at {manifest}; clone the repository next to ../shared or set GATEWAYGEN_SHARED.");
        }

        var lines = File.ReadAllLines(manifest);
        var columns = lines[0].Split('\t').ToList();
        int Column(string name) => columns.IndexOf(name) is var index and >= 0 ? index : throw new InvalidDataException($"MANIFEST.tsv has no '{name}' column");
        var (file, operations, features) = (Column("file"), Column("operations"), Column("features"));
        return lines.Skip(1)
            .Select(line => line.Split('\t'))
            .Where(cells => cells[file].Length > 0)
            .Select(cells => new CorpusDocument(cells[file], int.Parse(cells[operations], System.Globalization.CultureInfo.InvariantCulture), cells[features].Contains("external-$ref", StringComparison.Ordinal)))
            .ToList();
    }
}
