using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime;

/// <summary>
/// `deployments`: the history of published deployments in the store, newest first, with the active one of each
/// stage (the newest published for it) marked. `deployments record` appends this binary's deployment; the
/// package's publish target runs it after every publish.
/// </summary>
public static class DeploymentCommands
{
    /// <summary>Runs a `deployments ...` command (the arguments after "deployments"); returns the exit code.</summary>
    public static int Run(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var info = services.GetRequiredService<GatewayInfo>();
        var store = services.GetRequiredService<ApiKeyRegistry>().Store;
        switch (args.Length > 0 ? args[0] : "list")
        {
            case "record":
                store.RecordDeployment(info, services.GetRequiredService<TimeProvider>().GetUtcNow());
                output.WriteLine($"Recorded deployment {info.DeploymentId} (stage {info.Stage}) in {store.Path}.");
                return 0;
            case "list":
                var activeStages = new HashSet<string>(StringComparer.Ordinal);
                output.WriteLine("  id                stage        created               commit    description");
                foreach (var deployment in store.Deployments())
                {
                    var active = activeStages.Add(deployment.Stage); // newest first: the first of a stage is its active one
                    output.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0} {1,-17} {2,-12} {3,-21} {4,-9} {5}",
                        active ? "*" : " ",
                        deployment.Id,
                        deployment.Stage,
                        deployment.Created?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "(not published)",
                        deployment.Commit is { Length: >= 8 } commit ? commit.Substring(0, 8) : deployment.Commit ?? "",
                        deployment.Description));
                }

                output.WriteLine("* active: the newest deployment of its stage");
                return 0;
            default:
                error.WriteLine("Usage: deployments [list] | deployments record");
                return 2;
        }
    }
}
