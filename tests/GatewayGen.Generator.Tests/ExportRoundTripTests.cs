using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Export builds into the same gateway again: every document of the feature specs, the multi-file one and the
/// Petstore sample, exported in every version and syntax with its extensions, is generated from again and must give
/// no GG error and the same routes, and in its own version the same code; a conversion may only be refused (422),
/// never come back with less.
/// </summary>
public sealed class ExportRoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<string> Documents() => new()
    {
        "routing.openapi.yaml", "parameters.openapi.yaml", "integrations.openapi.yaml", "validation.openapi.yaml",
        "modern.openapi.json", "legacy.swagger.json", "multifile/store.openapi.yaml", "../../../samples/Petstore/petstore.openapi.yaml",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void An_export_in_any_version_and_syntax_builds_the_same_routes(string document)
    {
        var (path, files) = Project(document);
        var original = Generate(path, files[path], files);
        Assert.Empty(Errors(original));

        foreach (var format in ExportOptions.Formats)
        {
            foreach (var type in ExportOptions.Types)
            {
                ExportedDocument exported;
                try
                {
                    exported = OpenApiExporter.Export(path, files, new ExportOptions(null, format, type, KeepExtensions: true));
                }
                catch (ExportException refused) when (refused.Status == 422)
                {
                    output.WriteLine($"{document} as {format} {type}: refused: {refused.Message}");
                    Assert.NotEqual(OpenApiExporter.FormatOf(DocumentText.Read(path, files[path]), path), format);
                    continue;
                }

                var name = Path.ChangeExtension(path, type);
                var again = Generate(name, exported.Text, new Dictionary<string, string>());
                output.WriteLine($"{document} as {format} {type}: {exported.Text.Length} characters");
                Assert.True(Errors(again).Count == 0, $"{format} {type}:\n{GeneratorRun.Format(Errors(again))}\n{exported.Text}");
                Assert.Equal(Routes(original), Routes(again));
                if (files.Count == 1 && format == OpenApiExporter.FormatOf(DocumentText.Read(path, files[path]), path))
                {
                    // One file in the same version, maybe the other syntax: the same generated code, apart from the deployment id.
                    foreach (var (hint, source) in original.Sources.Where(s => s.Key != "Gateway.g.cs"))
                    {
                        Assert.True(again.Sources.TryGetValue(hint, out var regenerated), $"{format} {type}: no {hint}");
                        Assert.Equal(source, regenerated!.Replace(name, path, StringComparison.Ordinal));
                    }
                }
            }
        }
    }

    [Fact]
    public void Extensions_none_leaves_no_gateway_extension_and_still_builds()
    {
        var (path, files) = Project("../../../samples/Petstore/petstore.openapi.yaml");
        foreach (var type in ExportOptions.Types)
        {
            var exported = OpenApiExporter.Export(path, files, new ExportOptions(null, null, type, KeepExtensions: false));
            Assert.DoesNotContain("x-amazon-apigateway-", exported.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("x-gatewaygen-", exported.Text, StringComparison.Ordinal);
            Assert.Empty(Errors(Generate("petstore.openapi." + type, exported.Text, new Dictionary<string, string>())));
        }
    }

    private static (string Path, Dictionary<string, string> Files) Project(string document)
    {
        // As the targets embed them, by path from the project: the document, and for the multi-file one its folder's other files.
        var full = Path.GetFullPath(RepoPaths.Spec(document));
        var folder = Path.GetDirectoryName(full)!;
        var files = (document.StartsWith("multifile/", StringComparison.Ordinal) ? Directory.GetFiles(folder, "*.*", SearchOption.AllDirectories) : new[] { full })
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllText);
        return (Path.GetFileName(full), files);
    }

    // The document (and the files it refers to) in a project named after it; the Petstore sample with its C# functions.
    private static GeneratorRun Generate(string path, string text, Dictionary<string, string> others)
    {
        var specs = others.Where(file => file.Key != path).Select(file => new SpecFile("/project/" + file.Key, file.Value))
            .Prepend(new SpecFile("/project/" + path, text, GatewayGenMetadata: "true"));
        var sample = Path.Combine(RepoPaths.Root, "samples", "Petstore");
        var sources = path.StartsWith("petstore.", StringComparison.Ordinal) ? new[] { File.ReadAllText(Path.Combine(sample, "PetstoreFunctions.cs")) } : null;
        return GeneratorHarness.Run(specs, sources, new ProjectSettings(RootNamespace: "Petstore"));
    }

    // GG0064 (a function the project has not written) is about the project, not the document: no C# is compiled here.
    private static List<Diagnostic> Errors(GeneratorRun run) => run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "GG0064").ToList();

    private static List<string> Routes(GeneratorRun run) =>
        run.Sources["Gateway.g.cs"].Split('\n').Where(line => line.Contains("MapMethodNotAllowed(", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
}
