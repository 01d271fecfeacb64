using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>`keys create` on the built Petstore sample, as an operator runs it beside the gateway.</summary>
internal static class PetstoreKeys
{
    public static readonly string Petstore = Repo.GatewayDll("samples/Petstore", "Petstore");

    /// <summary>Makes a key of <paramref name="plan"/> in the store the environment names; the key and its id.</summary>
    public static async Task<(string Key, string Id)> CreateAsync(string folder, IDictionary<string, string> environment, string plan)
    {
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { Petstore, "keys", "create", "--plan", plan, "--name", "e2e" }, folder, environment);
        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        var key = lines[^1];
        Assert.Matches("^[A-Za-z0-9]{40}$", key);
        var id = lines[^2].Split(' ')[3]; // "Created API key <id> for usage plan ..."
        return (key, id);
    }
}
