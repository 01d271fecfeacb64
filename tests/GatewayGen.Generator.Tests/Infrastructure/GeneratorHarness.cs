using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using GatewayGen.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>An OpenAPI file as the generator sees it: a path, its text, and optional AdditionalFiles metadata.</summary>
public sealed record SpecFile(string Path, string Text, string? GatewayGenMetadata = null, string? ApiName = null)
{
    public static SpecFile FromDisk(string path, string? asPath = null) => new(asPath ?? path, File.ReadAllText(path));
}

/// <summary>Project settings the generator reads from MSBuild.</summary>
public sealed record ProjectSettings(string Stage = "dev", string RootNamespace = "TestGateway", string OutputType = "Library", string? DeploymentDescription = null);

/// <summary>Runs <see cref="GatewayGenerator"/> in memory the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework (incl. ASP.NET Core) and GatewayGen.Runtime, as a gateway project references them.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compilation(IEnumerable<string> sources, OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            "TestGateway",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"User{i}.cs")),
            References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    // The SDK suppresses these assembly-unification notes by default too.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, ProjectSettings? settings = null) =>
        CreateDriver(specs, settings, out _);

    /// <summary>Also hands back the AdditionalText objects, which ReplaceAdditionalText needs by identity.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, ProjectSettings? settings, out IReadOnlyList<AdditionalText> additionalTexts)
    {
        settings ??= new ProjectSettings();
        var global = new Dictionary<string, string>
        {
            ["build_property.GatewayStage"] = settings.Stage,
            ["build_property.RootNamespace"] = settings.RootNamespace,
            ["build_property.OutputType"] = settings.OutputType,
        };
        if (settings.DeploymentDescription is not null)
        {
            global["build_property.GatewayDeploymentDescription"] = settings.DeploymentDescription;
        }

        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var texts = new List<AdditionalText>();
        foreach (var spec in specs)
        {
            texts.Add(new InMemoryAdditionalText(spec.Path, spec.Text));
            var metadata = new Dictionary<string, string>();
            if (spec.GatewayGenMetadata is not null)
            {
                metadata["build_metadata.AdditionalFiles.GatewayGen"] = spec.GatewayGenMetadata;
            }

            if (spec.ApiName is not null)
            {
                metadata["build_metadata.AdditionalFiles.GatewayApiName"] = spec.ApiName;
            }

            perFile[spec.Path] = metadata;
        }

        additionalTexts = texts;
        return CSharpGeneratorDriver.Create(
            new[] { new GatewayGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            new TestOptionsProvider(global, perFile),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Generates for <paramref name="specs"/> and compiles the result with <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(IEnumerable<SpecFile> specs, IEnumerable<string>? sources = null, ProjectSettings? settings = null)
    {
        settings ??= new ProjectSettings();
        var kind = settings.OutputType == "Exe" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var compilation = Compilation(sources ?? Array.Empty<string>(), kind);
        var driver = CreateDriver(specs, settings).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(driver, (CSharpCompilation)output, driverDiagnostics);
    }

    public static GeneratorRun Run(params SpecFile[] specs) => Run(specs, null, null);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var directories = new[]
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
        };
        return trusted
            .Where(path => directories.Contains(Path.GetDirectoryName(path)))
            .Append(typeof(GatewayRuntime).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>The outcome of one generator run: its sources, the generator's diagnostics and the compiled result.</summary>
internal sealed class GeneratorRun(GeneratorDriver driver, CSharpCompilation compilation, ImmutableArray<Diagnostic> driverDiagnostics)
{
    public GeneratorDriver Driver { get; } = driver;

    public CSharpCompilation Compilation { get; } = compilation;

    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    /// <summary>Hint name -> generated text.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>What the generator reported (GG diagnostics) plus any driver failure (CS8784/CS8785).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics =>
        driverDiagnostics.AddRange(Result.Results.SelectMany(r => r.Diagnostics)).Distinct().ToImmutableArray();

    /// <summary>Compiler diagnostics of the project with the generated code in it, warnings and up.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public IEnumerable<Exception> Exceptions => Result.Results.Select(r => r.Exception).OfType<Exception>();

    /// <summary>"file(line,col): severity ID: message" as the build prints it, one per line.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(Format));

    public static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = diagnostic.Location == Location.None ? "" : $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): ";
        return $"{where}{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
