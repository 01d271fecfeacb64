using System;
using System.Linq;
using System.Threading.Tasks;
using GatewayGen.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The last line of a gateway's Program.cs.</summary>
public static class GatewayApplicationExtensions
{
    /// <summary>
    /// Serves the gateway until it is stopped, or runs an administrative command given on the command
    /// line (<c>--version</c>, <c>keys ...</c>, <c>deployments ...</c>, <c>export ...</c>) and exits. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunGatewayAsync(this WebApplication app, string[] args)
    {
        if (Array.IndexOf(args, "--version") >= 0)
        {
            var info = app.Services.GetRequiredService<GatewayInfo>();
            Console.WriteLine($"GatewayGen {info.GeneratorVersion}");
            Console.WriteLine($"deployment: {info.DeploymentId}");
            Console.WriteLine($"stage: {info.Stage}");
            Console.WriteLine($"description: {info.Description ?? "(none)"}");
            Console.WriteLine($"created: {info.Created?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "(not published)"}{(info.Commit is { } commit ? " from commit " + commit : "")}");
            foreach (var api in info.Apis)
            {
                Console.WriteLine($"api: {api.Name} ({api.Title} {api.Version}, {api.Document}, {api.OperationCount} operations)");
            }

            return 0;
        }

        if (args.Length > 0 && args[0] == "keys")
        {
            return KeyCommands.Run(app.Services, args[1..], Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == "deployments")
        {
            return DeploymentCommands.Run(app.Services, args[1..], Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == "export")
        {
            return GatewayExport.Run(app.Services, args[1..], Console.Out, Console.Error);
        }

        // Refused listeners (plain HTTP off loopback, a short admin token, ...) are a message and exit code 2, not a stack trace.
        if (GatewayEdge.StartupProblems(app.Services) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine("The gateway cannot start: " + problem);
            }

            return 2;
        }

        await app.RunAsync();
        return 0;
    }
}
