namespace GatewayGen.Generator.Parsing;

/// <summary>
/// An AdditionalFiles item that is not a GatewayGen document itself (a .json, .yaml or .yml file): a possible
/// target of a document's external $ref. The generator does no file IO, so these are all it can resolve.
/// </summary>
internal sealed record ReferencedFile(string Path, string Text);
