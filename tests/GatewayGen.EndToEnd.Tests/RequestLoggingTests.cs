using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// A gateway logs what goes wrong, not a line per request; hosting's per-request diagnostics (and the Activity and
/// logging scope they cost every request) are off until configuration asks for them, and then they are all there.
/// </summary>
public sealed class RequestLoggingTests
{
    private static readonly string Petstore = Repo.GatewayDll("samples/Petstore", "Petstore");

    [Theory]
    [InlineData(null, false)]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore=Information", true)]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information", true)]
    public async Task Request_lines_are_logged_only_when_configured(string? setting, bool logged)
    {
        var folder = Repo.NewTempDirectory("gatewaygen-logging");
        var url = $"http://127.0.0.1:{Ports.Free()}";
        try
        {
            var arguments = setting is null ? new[] { Petstore, "--urls", url } : new[] { Petstore, "--urls", url, setting };
            await using var gateway = RunningProcess.Start("dotnet", arguments, folder);
            await gateway.WaitUntilAnsweringAsync(url + "/status");
            using (var client = new HttpClient())
            using (var response = await client.GetAsync(url + "/pets/abc"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }

            await gateway.StopGracefullyAsync();

            Assert.Equal(logged, gateway.Output.Contains("Request starting HTTP/1.1 GET " + url + "/pets/abc", StringComparison.Ordinal));
            Assert.Equal(logged, gateway.Output.Contains("Request finished HTTP/1.1 GET " + url + "/pets/abc - 400", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
