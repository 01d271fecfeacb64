namespace GatewayGen.Generator.Model;

/// <summary>One document's part of a deployment's identity: its file name and the SHA-256 of its text (hex).</summary>
internal sealed record DocumentHashModel(string FileName, string Sha256);

/// <summary>
/// A deployment: a content hash of (spec files, stage, generator version), so the same inputs give the same id,
/// and the description MSBuild passes (GatewayDeploymentDescription). Creation time and commit are stamped by
/// MSBuild at publish, not here, so generated sources stay byte-identical.
/// </summary>
internal sealed record DeploymentModel(string Id, string? Description);
