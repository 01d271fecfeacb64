using System.IO;
using System.Linq;
using System.Reflection;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Every diagnostic has a help text, a help link that exists in docs/diagnostics.md, and a release-tracking entry.</summary>
public sealed class DiagnosticCatalogueTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_is_documented_and_tracked(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        var unshipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "GatewayGen.Generator", "AnalyzerReleases.Unshipped.md"));

        Assert.Matches(@"^GG\d{4}$", id);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), id + " has no help text");
        Assert.EndsWith("docs/diagnostics.md#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);
        Assert.Contains("## " + id.ToLowerInvariant(), docs);
        Assert.Contains($"**{id}: {descriptor.Title}**", docs);
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity}", unshipped);
    }

    private static DiagnosticDescriptor[] Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();
}
