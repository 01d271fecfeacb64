using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>
/// A gateway compiled from one document of Specs/ in front of a real backend that answers "ok" and records what
/// reached it; the document's http://backend.test stands for the backend.
/// </summary>
public abstract class SpecGatewayFixture(string specFile, string? projectFile = null, params string[] userSources) : IAsyncLifetime
{
    public TestBackend Backend { get; private set; } = null!;

    public CompiledGateway Gateway { get; private set; } = null!;

    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync()
    {
        Backend = await TestBackend.StartAsync(context => context.Response.WriteAsync("ok"));
        var spec = File.ReadAllText(RepoPaths.Spec(specFile)).Replace("http://backend.test", Backend.Url);
        Gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/" + (projectFile ?? specFile), spec) }, userSources);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
