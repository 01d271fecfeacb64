using System;
using System.Collections.Generic;
using System.Reflection;

namespace GatewayGen.Runtime;

/// <summary>What a gateway binary was built from: the stage, the generator, the deployment, and each API. Generated, then registered as a service.</summary>
/// <param name="Stage">The stage this binary serves (MSBuild GatewayStage).</param>
/// <param name="GeneratorVersion">The GatewayGen version that generated the code.</param>
/// <param name="DeploymentId">A content hash of (spec files, stage, generator version): the same inputs, the same id.</param>
/// <param name="Description">MSBuild's GatewayDeploymentDescription, if set.</param>
/// <param name="Apis">The APIs, one per OpenAPI document.</param>
public sealed record GatewayInfo(string Stage, string GeneratorVersion, string DeploymentId, string? Description, IReadOnlyList<GatewayApiInfo> Apis)
{
    /// <summary>When the binary was published (UTC), stamped by MSBuild at publish; null for a plain build.</summary>
    public DateTimeOffset? Created { get; init; } = Stamp("GatewayGen.Created") is { } created && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>The git commit the binary was published from, when there was one.</summary>
    public string? Commit { get; init; } = Stamp("GatewayGen.Commit");

    /// <summary>The stage cache's capacity in megabytes (its cache: capacityMb); 0 when the stage has no cache.</summary>
    public int CacheCapacityMegabytes { get; init; }

    // Assembly metadata of the program (AssemblyMetadataAttribute), kept by Native AOT like any attribute.
    private static string? Stamp(string key)
    {
        foreach (var metadata in Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>() ?? Array.Empty<AssemblyMetadataAttribute>())
        {
            if (metadata.Key == key && !string.IsNullOrEmpty(metadata.Value))
            {
                return metadata.Value;
            }
        }

        return null;
    }
}

/// <summary>One API of a gateway.</summary>
/// <param name="Name">The API's C# name (from its file name).</param>
/// <param name="Title">info.title.</param>
/// <param name="Version">info.version.</param>
/// <param name="Document">The OpenAPI file's name.</param>
/// <param name="OperationCount">How many operations it routes.</param>
public sealed record GatewayApiInfo(string Name, string Title, string Version, string Document, int OperationCount);
