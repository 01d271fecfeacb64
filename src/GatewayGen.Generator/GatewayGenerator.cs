using System;
using System.IO;
using System.Linq;
using System.Threading;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Emitting;
using GatewayGen.Generator.Model;
using GatewayGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GatewayGen.Generator;

/// <summary>
/// Turns the OpenAPI documents among a project's AdditionalFiles into a gateway: per API, its routes, its
/// handlers and its function declarations; per project, AddGateway/MapGateway and (if missing) Main.
/// Each document is parsed on its own, so editing one re-generates only its API; C# edits parse nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GatewayGenerator : IIncrementalGenerator
{
    private const string PropertyPrefix = "build_property.";
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var documents = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsSpec(pair.Left.Path, pair.Right.GetOptions(pair.Left)))
            .Select(static (pair, cancellationToken) => ReadDocument(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(TrackingNames.SpecDocuments);

        // Every other .json/.yaml AdditionalFile may be the target of a document's external $ref. Editing one
        // re-parses the documents (any of them may refer to it); C# edits and edits to a document leave it cached.
        var referencedFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => !IsSpec(pair.Left.Path, pair.Right.GetOptions(pair.Left)) && IsReferenceable(pair.Left.Path))
            .Select(static (pair, cancellationToken) => new ReferencedFile(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.ReferencedFiles);
        var referenceLibrary = referencedFiles
            .Collect()
            .Select(static (files, _) => files.ToEquatableArray())
            .WithTrackingName(TrackingNames.ReferenceLibrary);

        var parsed = documents
            .Combine(referenceLibrary)
            .Select(static (pair, cancellationToken) => ApiParser.Parse(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedApis);

        var resolved = parsed
            .Combine(options)
            .Select(static (pair, _) => StageResolver.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolvedApis);

        var summaries = resolved
            .Select(static (api, _) => GatewayModelBuilder.Summarize(api))
            .WithTrackingName(TrackingNames.ApiSummaries)
            .Collect();

        // Two documents with one API name get GG0016 and no code (their files would collide). The set is
        // almost always empty, so it leaves every other API's output cached.
        var duplicateNames = summaries
            .Select(static (all, _) => GatewayModelBuilder.DuplicateNames(all))
            .WithTrackingName(TrackingNames.DuplicateApiNames);

        // Sources and diagnostics are separate outputs: a new warning does not re-emit code, and vice versa.
        var apiSources = resolved
            .Select(static (api, _) => api with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty, RequiredImplementations = EquatableArray<RequiredImplementationModel>.Empty })
            .Combine(options.Select(static (o, _) => o.RootNamespace))
            .Combine(duplicateNames)
            .WithTrackingName(TrackingNames.ApiSources);
        context.RegisterSourceOutput(apiSources, static (output, pair) =>
        {
            if (!pair.Right.Contains(pair.Left.Left.Name))
            {
                EmitApi(output, pair.Left.Left, pair.Left.Right);
            }
        });

        var apiDiagnostics = resolved
            .Select(static (api, _) => api.Diagnostics)
            .WithTrackingName(TrackingNames.ApiDiagnostics);
        context.RegisterSourceOutput(apiDiagnostics, static (output, diagnostics) => Report(output, diagnostics));

        // A C# authorizer's missing method is a GG error where the document asks for it, with the signature to write
        // (the compiler's own CS8795 names only the generated declaration). C# edits re-collect method names only.
        var implementedMethods = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => IsImplementedPartialMethod(node), static (syntax, _) => ImplementedMethodName((MethodDeclarationSyntax)syntax.Node))
            .WithTrackingName(TrackingNames.ImplementedMethods)
            .Collect()
            .Select(static (names, _) => names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ImplementedMethodSet);
        var missingImplementations = resolved
            .Select(static (api, _) => api.RequiredImplementations)
            .WithTrackingName(TrackingNames.RequiredImplementations)
            .Combine(implementedMethods)
            .Select(static (pair, _) => pair.Left.Where(r => !pair.Right.Contains(r.Method)).Select(r => r.IfMissing).ToEquatableArray())
            .WithTrackingName(TrackingNames.MissingImplementations);
        context.RegisterSourceOutput(missingImplementations, static (output, diagnostics) => Report(output, diagnostics));

        var hasEntryPoint = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => IsEntryPoint(node), static (_, _) => true)
            .WithTrackingName(TrackingNames.EntryPoints)
            .Collect()
            .Select(static (entryPoints, _) => entryPoints.Length > 0)
            .WithTrackingName(TrackingNames.HasEntryPoint);

        // The deployment id hashes the text of every document and every file they may refer to; each file is
        // hashed in its own cached step.
        var documentHashes = documents
            .Select(static (document, _) => DeploymentHasher.Hash(document.Path, document.Text))
            .WithTrackingName(TrackingNames.DocumentHashes)
            .Collect();
        var referencedHashes = referencedFiles
            .Select(static (file, _) => DeploymentHasher.Hash(file.Path, file.Text))
            .WithTrackingName(TrackingNames.ReferencedFileHashes)
            .Collect();
        var deployment = documentHashes
            .Combine(referencedHashes)
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .Combine(options)
            .Select(static (pair, _) => DeploymentHasher.Deployment(pair.Left, pair.Right, GeneratedCode.Version))
            .WithTrackingName(TrackingNames.Deployment);

        var gateway = summaries
            .Combine(duplicateNames)
            .Combine(options)
            .Combine(hasEntryPoint)
            .Combine(deployment)
            .Select(static (pair, _) => GatewayModelBuilder.Build(pair.Left.Left.Left.Left, pair.Left.Left.Left.Right, pair.Left.Left.Right, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Gateway);
        context.RegisterSourceOutput(gateway, static (output, model) => EmitGateway(output, model));
    }

    private static bool IsImplementedPartialMethod(SyntaxNode node) =>
        node is MethodDeclarationSyntax method && (method.Body is not null || method.ExpressionBody is not null) &&
        method.Parent is ClassDeclarationSyntax && method.Modifiers.Any(SyntaxKind.PartialKeyword);

    // "PetsFunctions.checkToken": the class by its name, so a project's namespace does not matter.
    private static string ImplementedMethodName(MethodDeclarationSyntax method) =>
        ((ClassDeclarationSyntax)method.Parent!).Identifier.ValueText + "." + method.Identifier.ValueText;

    private static GatewayOptions ReadOptions(AnalyzerConfigOptions options)
    {
        var stage = Value(options, PropertyPrefix + "GatewayStage") ?? GatewayOptions.DefaultStage;
        var rootNamespace = Value(options, PropertyPrefix + "RootNamespace") ?? "";
        var outputType = Value(options, PropertyPrefix + "OutputType") ?? "";
        var isExecutable = outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) || outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase);
        return new GatewayOptions(stage, rootNamespace, isExecutable, Value(options, PropertyPrefix + "GatewayDeploymentDescription"));
    }

    /// <summary>*.openapi.json|yaml|yml, or any AdditionalFiles item with GatewayGen="true".</summary>
    private static bool IsSpec(string path, AnalyzerConfigOptions options)
    {
        if (Value(options, MetadataPrefix + "GatewayGen") is { } flag)
        {
            return flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        var name = Path.GetFileName(path);
        return name.EndsWith(".openapi.json", StringComparison.OrdinalIgnoreCase) ||
               name.EndsWith(".openapi.yaml", StringComparison.OrdinalIgnoreCase) ||
               name.EndsWith(".openapi.yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Files an external $ref can lead to: JSON and YAML.</summary>
    private static bool IsReferenceable(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static SpecDocument ReadDocument(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken)?.ToString() ?? "";
        var name = Value(options, MetadataPrefix + "GatewayApiName") ?? ApiNameFromFile(file.Path);
        return new SpecDocument(file.Path, Identifiers.ToPascalCase(name), text);
    }

    /// <summary>"petstore.openapi.yaml" -> "petstore"; "billing-api.yaml" -> "billing-api".</summary>
    private static string ApiNameFromFile(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.EndsWith(".openapi", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - ".openapi".Length) : name;
    }

    private static bool IsEntryPoint(SyntaxNode node) =>
        node is CompilationUnitSyntax unit && unit.Members.Any(static member => member is GlobalStatementSyntax) ||
        node is MethodDeclarationSyntax { Identifier.ValueText: "Main" } method && method.Modifiers.Any(SyntaxKind.StaticKeyword);

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static void EmitApi(SourceProductionContext output, ApiModel api, string rootNamespace)
    {
        try
        {
            foreach (var (hintName, source) in ApiEmitter.Emit(api, rootNamespace))
            {
                output.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(api.FilePath), exception.GetType().Name + ": " + exception.Message).ToDiagnostic());
        }
    }

    private static void EmitGateway(SourceProductionContext output, GatewayModel model)
    {
        Report(output, model.Diagnostics);
        output.AddSource("Gateway.g.cs", SourceText.From(GatewayEmitter.EmitGateway(model), System.Text.Encoding.UTF8));
        if (model.GenerateEntryPoint)
        {
            output.AddSource("Program.g.cs", SourceText.From(GatewayEmitter.EmitEntryPoint(), System.Text.Encoding.UTF8));
        }
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
