using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles a gateway in memory (generated code plus the user's C#), insists on zero warnings, loads it and
/// serves it with Kestrel on 127.0.0.1. Requests go over real loopback sockets.
/// </summary>
public sealed class CompiledGateway : IAsyncDisposable
{
    // The user's side of a test gateway: a way to build the app with AddGateway/MapGateway.
    private const string HostSource = """
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Logging;

        public static class TestHost
        {
            public static WebApplication Build(string url, string stage, string[] arguments)
            {
                var builder = WebApplication.CreateSlimBuilder(new[] { "--urls", url }.Concat(arguments).ToArray());
                builder.Logging.ClearProviders();
                builder.AddGateway();
                var app = builder.Build();
                app.MapGateway();
                return app;
            }
        }
        """;

    private readonly WebApplication _app;
    private readonly AssemblyLoadContext _context;

    private CompiledGateway(WebApplication app, AssemblyLoadContext context, Assembly assembly, Uri address, IReadOnlyDictionary<string, string> sources)
    {
        _app = app;
        Assembly = assembly;
        _context = context;
        Address = address;
        Sources = sources;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>The running gateway's services (its store, registry, ...).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The compiled gateway, for tests that call its code directly.</summary>
    public Assembly Assembly { get; }

    public HttpClient Client { get; }

    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <param name="hostArguments">Command-line arguments for the host, such as "--Gateway:Store=/tmp/x.db".</param>
    public static async Task<CompiledGateway> StartAsync(IEnumerable<SpecFile> specs, IEnumerable<string>? userSources = null, ProjectSettings? settings = null, string[]? hostArguments = null)
    {
        var run = GeneratorHarness.Run(specs, (userSources ?? Array.Empty<string>()).Append(HostSource), settings);
        var generatorErrors = run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToArray();
        Assert.True(generatorErrors.Length == 0, "Generator errors:\n" + GeneratorRun.Format(generatorErrors));
        var problems = run.CompilationProblems;
        Assert.True(problems.Length == 0, "The generated gateway must compile without warnings:\n" + GeneratorRun.Format(problems));

        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, GeneratorRun.Format(emitted.Diagnostics));

        var context = new AssemblyLoadContext("gateway-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var build = assembly.GetType("TestHost")!.GetMethod("Build", BindingFlags.Public | BindingFlags.Static)!;
        var app = (WebApplication)build.Invoke(null, new object[] { "http://127.0.0.1:0", settings?.Stage ?? "dev", hostArguments ?? Array.Empty<string>() })!;
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new CompiledGateway(app, context, assembly, address, run.Sources);
    }

    public static Task<CompiledGateway> StartAsync(string specYaml, params string[] userSources) =>
        StartAsync(new[] { new SpecFile("/project/api.openapi.yaml", specYaml) }, userSources);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _context.Unload();
    }
}
