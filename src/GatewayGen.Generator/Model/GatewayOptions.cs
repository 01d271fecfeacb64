namespace GatewayGen.Generator.Model;

/// <summary>Project-wide settings from MSBuild (CompilerVisibleProperty): the stage being built, where code goes, the deployment's description.</summary>
internal sealed record GatewayOptions(string Stage, string RootNamespace, bool IsExecutable, string? DeploymentDescription = null)
{
    public const string DefaultStage = "dev";
}
