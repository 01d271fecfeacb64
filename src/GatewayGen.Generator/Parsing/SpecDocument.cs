namespace GatewayGen.Generator.Parsing;

/// <summary>One OpenAPI file picked up from AdditionalFiles: the parser's whole input.</summary>
internal sealed record SpecDocument(string Path, string ApiName, string Text)
{
    public bool IsJson => Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase);
}
