namespace GatewayGen.Generator.Model;

/// <summary>Project-wide settings from MSBuild (CompilerVisibleProperty): the stage being built and where code goes.</summary>
internal sealed record GatewayOptions(string Stage, string RootNamespace, bool IsExecutable)
{
    public const string DefaultStage = "dev";
}
