using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// C# edits parse nothing (on the 4 MB Stripe document too); editing one document regenerates only its API, and
/// editing a file it refers to re-parses documents only; the model holds no compiler or reader objects.
/// </summary>
public sealed class IncrementalityTests
{
    private static readonly SpecFile Routing = SpecFile.FromDisk(RepoPaths.Spec("routing.openapi.yaml"), "/p/routing.openapi.yaml");
    private static readonly SpecFile Integrations = SpecFile.FromDisk(RepoPaths.Spec("integrations.openapi.yaml"), "/p/integrations.openapi.yaml");

    private static readonly SpecFile[] Project = new[] { Routing, Integrations }.Concat(ExternalReferenceTests.MultiFileProject()).ToArray();

    private static readonly string[] AllSteps = typeof(GatewayGenerator).Assembly.GetType("GatewayGen.Generator.TrackingNames")!
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public void An_edit_to_an_unrelated_CSharp_file_leaves_every_step_cached()
    {
        // A partial method implementation, so the step that collects them (for C# authorizers) has an output too.
        var compilation = GeneratorHarness.Compilation(new[] { "partial class Existing { static void Main() { } partial void Hook(); partial void Hook() { } }" });
        var driver = GeneratorHarness.CreateDriver(Project).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Added { int Value => 42; }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in AllSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is not tracked");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {output.Reason}");
            }
        }

        Assert.All(result.TrackedSteps[TrackingNames.ParsedApis].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_to_one_document_regenerates_only_its_api()
    {
        var compilation = GeneratorHarness.Compilation(Array.Empty<string>());
        var driver = GeneratorHarness.CreateDriver(new[] { Routing, Integrations }, null, out var texts).RunGenerators(compilation);
        var original = texts.Single(t => t.Path == Integrations.Path);

        var changed = new InMemoryAdditionalText(Integrations.Path, Integrations.Text.Replace("timeoutInMillis: 300", "timeoutInMillis: 400"));
        var result = driver.ReplaceAdditionalText(original, changed).RunGenerators(compilation).GetRunResult().Results.Single();

        var parsed = result.TrackedSteps[TrackingNames.ParsedApis].Single(s => Reason(s) != IncrementalStepRunReason.Cached);
        Assert.Contains("Integrations", parsed.Outputs.Single().Value.ToString());
        Assert.Single(result.TrackedSteps[TrackingNames.ParsedApis], s => Reason(s) == IncrementalStepRunReason.Cached);
        var sources = result.TrackedSteps[TrackingNames.ApiSources];
        Assert.Single(sources, s => Reason(s) == IncrementalStepRunReason.Modified);
        Assert.Single(sources, s => Reason(s) == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void An_edit_to_a_CSharp_file_parses_nothing_on_the_largest_real_document()
    {
        var stripe = SpecFile.FromDisk(Path.Combine(RepoPaths.Shared, "corpus", "stripe", "spec3.yaml"), "/p/stripe.openapi.yaml");
        var compilation = GeneratorHarness.Compilation(new[] { "class Existing { }" });
        var driver = GeneratorHarness.CreateDriver(new[] { stripe }).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Added { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.SpecDocuments, TrackingNames.ParsedApis, TrackingNames.ResolvedApis, TrackingNames.DocumentHashes })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToArray();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_to_a_referenced_file_reparses_the_documents_and_rereads_only_that_file()
    {
        var compilation = GeneratorHarness.Compilation(Array.Empty<string>());
        var driver = GeneratorHarness.CreateDriver(Project, null, out var texts).RunGenerators(compilation);
        var money = texts.Single(t => t.Path.EndsWith("/models/money.yaml", StringComparison.Ordinal));

        var changed = new InMemoryAdditionalText(money.Path, money.GetText()!.ToString().Replace("minimum: 0", "minimum: 1"));
        var result = driver.ReplaceAdditionalText(money, changed).RunGenerators(compilation).GetRunResult().Results.Single();

        var reread = result.TrackedSteps[TrackingNames.ReferencedFiles].Where(s => Reason(s) != IncrementalStepRunReason.Cached).ToArray();
        Assert.Contains("money.yaml", Assert.Single(reread).Outputs.Single().Value.ToString());
        var sources = result.TrackedSteps[TrackingNames.ApiSources];
        Assert.Single(sources, s => Reason(s) == IncrementalStepRunReason.Modified); // Store's validators; the others parse to the same model
        Assert.Equal(2, sources.Count(s => Reason(s) is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Pipeline_outputs_hold_no_compiler_syntax_or_reader_objects()
    {
        var compilation = GeneratorHarness.Compilation(new[] { "var x = 1; partial class Hooks { partial void Hook(); partial void Hook() { } }" }, OutputKind.ConsoleApplication);
        var result = GeneratorHarness.CreateDriver(Project).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var step in AllSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Walk(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static IncrementalStepRunReason Reason(IncrementalGeneratorRunStep step) => step.Outputs.Single().Reason;

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        if (type == typeof(TextSpan) || type == typeof(LinePositionSpan) || value is DiagnosticDescriptor)
        {
            return; // plain values that LocationInfo and DiagnosticInfo are made of
        }

        var ns = type.Namespace ?? "";
        Assert.False(
            ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || ns.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) ||
            ns.StartsWith("YamlDotNet", StringComparison.Ordinal) || ns.StartsWith("System.Text.Json", StringComparison.Ordinal),
            $"{path} holds a {type.FullName}");

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
