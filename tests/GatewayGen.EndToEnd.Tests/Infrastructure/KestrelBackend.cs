using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>A Kestrel backend on 127.0.0.1:18481: /upload answers the SHA-256 of the body it received, /slow never answers in time.</summary>
public sealed class KestrelBackend : IAsyncLifetime
{
    public const int Port = 18481;

    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new[] { "--urls", $"http://127.0.0.1:{Port}" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = null);
        _app = builder.Build();
        _app.MapPost("/upload", async (HttpContext context) =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                total += read;
            }

            await context.Response.WriteAsync($"{total} {Convert.ToHexString(sha.GetHashAndReset())}");
        });
        _app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { });
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
