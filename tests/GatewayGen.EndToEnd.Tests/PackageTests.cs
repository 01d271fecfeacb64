using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>The user's path with the package: dotnet pack, a brand-new web project, add GatewayGen, drop in a document, build, run.</summary>
public sealed class PackageTests
{
    [Fact]
    public async Task A_new_project_with_the_package_becomes_a_working_gateway_and_reports_spec_mistakes_at_line_and_column()
    {
        var work = Repo.NewTempDirectory("gatewaygen-package");
        var feed = Path.Combine(work, "feed");
        var project = Path.Combine(work, "PetGateway");
        // A private package cache, so a re-packed 0.1.0 is never shadowed by an older copy in ~/.nuget.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };

        await Run("dotnet", "pack", Repo.InRepo("src", "GatewayGen"), "-c", Repo.Configuration, "-o", feed);
        var package = Assert.Single(Directory.GetFiles(feed, "GatewayGen.*.nupkg"));
        Assert.Matches(@"GatewayGen\.\d+\.\d+\.\d+.*\.nupkg$", package);
        var version = Path.GetFileNameWithoutExtension(package)["GatewayGen.".Length..];

        await Run("dotnet", "new", "web", "-o", project);
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await Run(project, environment, "dotnet", "add", "package", "GatewayGen", "--version", version);

        await using var backend = await StartBackendAsync();
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            var builder = WebApplication.CreateSlimBuilder(args);
            builder.AddGateway();
            var app = builder.Build();
            app.MapGateway();
            return await app.RunGatewayAsync(args);
            """);
        var spec = Path.Combine(project, "backend.openapi.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            openapi: 3.0.3
            info: { title: Packaged, version: '1' }
            x-gatewaygen-stages:
              dev:
                variables: { backend: '{{backend.Url}}' }
            x-gatewaygen-usage-plans:
              basic: { quota: { limit: 100, period: DAY } }
            components:
              securitySchemes:
                key: { type: apiKey, in: header, name: x-api-key }
            paths:
              /keyed:
                get:
                  security: [ { key: [] } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
              /hello/{name}:
                get:
                  parameters: [ { name: name, in: path, required: true, schema: { type: string } } ]
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    uri: ${stageVariables.backend}/greet/{name}
            """);

        await Run(project, environment, "dotnet", "build", "-c", "Debug");
        var url = $"http://127.0.0.1:{Ports.Free()}";
        await using (var gateway = RunningProcess.Start("dotnet", new[] { Path.Combine(project, "bin", "Debug", "net10.0", "PetGateway.dll"), "--urls", url }, project))
        {
            await gateway.WaitUntilAnsweringAsync(url + "/");
            using var client = new System.Net.Http.HttpClient();
            Assert.Equal("proxied /greet/world%20wide", await client.GetStringAsync(url + "/hello/world%20wide"));

            // The same binary administers its store (SQLite, shipped as package dependencies): a key it creates opens /keyed.
            var (created, keyOutput) = await RunningProcess.RunAsync("dotnet", new[] { Path.Combine(project, "bin", "Debug", "net10.0", "PetGateway.dll"), "keys", "create", "--plan", "basic" }, project);
            Assert.True(created == 0, keyOutput);
            var key = keyOutput.TrimEnd().Split('\n').Last().Trim();
            using var refused = await client.GetAsync(url + "/keyed");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, url + "/keyed");
            request.Headers.Add("x-api-key", key);
            using var admitted = await client.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, admitted.StatusCode);

            // The edge holds in the packaged runtime: encodings kept, API Gateway's payload limit, JSON refusals.
            Assert.Equal("proxied /greet/%252f", await client.GetStringAsync(url + "/hello/%252f"));
            var port = new Uri(url).Port;
            var tooLarge = await RawHttp.SendAsync(port, "POST /keyed HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n");
            Assert.Equal(413, tooLarge.Status);
            Assert.Contains("\"REQUEST_TOO_LARGE\"", tooLarge.Body);
            var malformed = await RawHttp.SendAsync(port, "GET /keyed HTTP/1.1\r\nHost: a\r\nNo colon\r\n\r\n");
            Assert.Equal(400, malformed.Status);
            Assert.Equal("application/json", malformed.Header("Content-Type"));
        }

        // HTTPS from PEM files works in a project made with CreateSlimBuilder; plain HTTP off loopback is refused.
        using (var certificates = TestCertificates.Create(work))
        {
            var httpsPort = Ports.Free();
            await using var https = RunningProcess.Start("dotnet", new[] { Path.Combine(project, "bin", "Debug", "net10.0", "PetGateway.dll"), "--urls", $"https://127.0.0.1:{httpsPort}" }.Concat(certificates.KestrelArguments), project);
            using var handler = new System.Net.Http.SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is System.Security.Cryptography.X509Certificates.X509Certificate2 server && certificates.IsIssuedByAuthority(server);
            using var client = new System.Net.Http.HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            string? greeting = null;
            for (var attempt = 0; attempt < 100 && greeting is null && !https.HasExited; attempt++)
            {
                try
                {
                    greeting = await client.GetStringAsync($"https://127.0.0.1:{httpsPort}/hello/tls");
                }
                catch (System.Net.Http.HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(greeting == "proxied /greet/tls", https.Output);

            var (refusedCode, refusedOutput) = await RunningProcess.RunAsync("dotnet", new[] { Path.Combine(project, "bin", "Debug", "net10.0", "PetGateway.dll"), "--urls", $"http://0.0.0.0:{Ports.Free()}" }, project);
            Assert.True(refusedCode == 2, refusedOutput);
            Assert.Contains("The gateway cannot start: The gateway would listen on http://0.0.0.0:", refusedOutput);
        }

        // A mistake in the document is a build error at its line and column, as MSBuild prints it.
        await File.WriteAllTextAsync(spec, (await File.ReadAllTextAsync(spec)).Replace("${stageVariables.backend}", "${stageVariables.backnd}"));
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { "build", "-c", "Debug" }, project, environment);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("backend.openapi.yaml(23,9): error GG0007: Stage variable 'backnd' is not defined for stage 'dev'", output);

        Directory.Delete(work, recursive: true);
    }

    private static Task Run(params string[] command) => Run(Repo.Root, null, command);

    private static async Task Run(string directory, Dictionary<string, string>? environment, params string[] command)
    {
        var (exitCode, output) = await RunningProcess.RunAsync(command[0], command.Skip(1), directory, environment);
        Assert.True(exitCode == 0, $"{string.Join(' ', command)} failed:\n{output}");
    }

    private sealed class Backend(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<Backend> StartBackendAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new[] { "--urls", "http://127.0.0.1:0" });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("proxied " + context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget));
        await app.StartAsync();
        return new Backend(app, app.Urls.First().TrimEnd('/'));
    }
}
