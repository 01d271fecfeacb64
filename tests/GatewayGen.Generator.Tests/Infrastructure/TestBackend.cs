using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>A real Kestrel backend on 127.0.0.1 that records what reached it.</summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string Url => Address.GetLeftPart(UriPartial.Authority);

    public Uri Address { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<TestBackend> StartAsync(Func<HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new[] { "--urls", "http://127.0.0.1:0" });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(async context =>
        {
            var body = new System.IO.MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            backend!.Received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value + context.Request.QueryString.Value,
                context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(),
                context.Connection.Id));
            if (handler is not null)
            {
                await handler(context);
            }
            else
            {
                await context.Response.WriteAsync("backend saw " + context.Request.Method + " " + context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget);
            }
        });
        await app.StartAsync();
        backend = new TestBackend(app, new Uri(app.Urls.First()));
        return backend;
    }

    public ReceivedRequest Last => Received.Last();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(
    string Method,
    string PathAndQuery,
    string RawTarget,
    System.Collections.Generic.IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string ConnectionId);
