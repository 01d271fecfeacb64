using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace GatewayGen.Generator.Parsing;

/// <summary>What every parser step shares for one document: its tree, its positions, its diagnostics.</summary>
internal sealed class ParseContext
{
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public ParseContext(SpecDocument document, SourceMap map)
    {
        Document = document;
        Map = map;
    }

    public SpecDocument Document { get; }

    public SourceMap Map { get; }

    public JsonNode? Root => Map.Root;

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    public LocationInfo Locate(string pointer) => Map.Locate(pointer);

    public void Report(DiagnosticDescriptor descriptor, string pointer, params string[] messageArgs) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, Locate(pointer), messageArgs));

    public void Add(DiagnosticInfo diagnostic) => _diagnostics.Add(diagnostic);
}
