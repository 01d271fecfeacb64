using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>What a gateway binary was built from: the stage, the generator, and each API. Generated, then registered as a service.</summary>
/// <param name="Stage">The stage this binary serves (MSBuild GatewayStage).</param>
/// <param name="GeneratorVersion">The GatewayGen version that generated the code.</param>
/// <param name="Apis">The APIs, one per OpenAPI document.</param>
public sealed record GatewayInfo(string Stage, string GeneratorVersion, IReadOnlyList<GatewayApiInfo> Apis);

/// <summary>One API of a gateway.</summary>
/// <param name="Name">The API's C# name (from its file name).</param>
/// <param name="Title">info.title.</param>
/// <param name="Version">info.version.</param>
/// <param name="Document">The OpenAPI file's name.</param>
/// <param name="OperationCount">How many operations it routes.</param>
public sealed record GatewayApiInfo(string Name, string Title, string Version, string Document, int OperationCount);
