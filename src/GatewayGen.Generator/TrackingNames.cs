namespace GatewayGen.Generator;

/// <summary>The name of every pipeline step, so tests can check what ran and what was cached.</summary>
internal static class TrackingNames
{
    public const string Options = "GatewayGen.Options";
    public const string SpecDocuments = "GatewayGen.SpecDocuments";
    public const string ReferencedFiles = "GatewayGen.ReferencedFiles";
    public const string ReferenceLibrary = "GatewayGen.ReferenceLibrary";
    public const string ParsedApis = "GatewayGen.ParsedApis";
    public const string ResolvedApis = "GatewayGen.ResolvedApis";
    public const string ApiSources = "GatewayGen.ApiSources";
    public const string ApiDiagnostics = "GatewayGen.ApiDiagnostics";
    public const string ApiSummaries = "GatewayGen.ApiSummaries";
    public const string DuplicateApiNames = "GatewayGen.DuplicateApiNames";
    public const string ImplementedMethods = "GatewayGen.ImplementedMethods";
    public const string ImplementedMethodSet = "GatewayGen.ImplementedMethodSet";
    public const string RequiredImplementations = "GatewayGen.RequiredImplementations";
    public const string MissingImplementations = "GatewayGen.MissingImplementations";
    public const string EntryPoints = "GatewayGen.EntryPoints";
    public const string HasEntryPoint = "GatewayGen.HasEntryPoint";
    public const string DocumentHashes = "GatewayGen.DocumentHashes";
    public const string ReferencedFileHashes = "GatewayGen.ReferencedFileHashes";
    public const string Deployment = "GatewayGen.Deployment";
    public const string Gateway = "GatewayGen.Gateway";
}
