using System;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatewayGen.Runtime;

/// <summary>
/// Compression owns content codings on both sides of the gateway. Answers: ASP.NET Core's ResponseCompression
/// middleware (br, gzip) decides per API from its <see cref="CompressionSettings"/> (no setting, no compression;
/// an answer already encoded passes as it is; one of unknown length is measured by <see cref="SizeDecidingBody"/>
/// first), and every answer that could be compressed says
/// <c>Vary: Accept-Encoding</c>. Requests: <see cref="RequestContentCoding"/> decodes a gzip, br or deflate body
/// the gateway reads (<see cref="RequestBody.ReadAsync(HttpContext)"/>); bodies it only passes on keep their coding.
/// </summary>
public static class GatewayCompression
{
    /// <summary>Registers the compression middleware's services with the gateway's own choice of what to compress.</summary>
    internal static void Add(IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // API Gateway compresses over HTTPS too; a backend whose answer must not be (BREACH) sends its own Content-Encoding.
            options.EnableForHttps = true;
            options.Providers.Add(new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = CompressionLevel.Fastest })));
            options.Providers.Add(new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions { Level = CompressionLevel.Fastest })));
        });
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, ApiCompressionProvider>());
    }

    /// <summary>Puts compression in the pipeline, inside the edge (its refusals stay small and plain).</summary>
    internal static void Use(IApplicationBuilder app)
    {
        // The middleware only looks at answers to clients that send Accept-Encoding; the others need Vary too,
        // so that a cache does not hand them a compressed copy (or them theirs to a client that wants one).
        app.Use(static (context, next) =>
        {
            if (context.Request.Headers.AcceptEncoding.Count == 0)
            {
                context.Response.OnStarting(static state => AddVary((HttpContext)state), context);
            }

            return next(context);
        });
        app.UseResponseCompression();
        app.Use(SizeDecidingBody.InvokeAsync);
    }

    /// <summary>Says Vary: Accept-Encoding on an answer that could be compressed for another client (once).</summary>
    internal static System.Threading.Tasks.Task AddVary(HttpContext context)
    {
        if (ApiSettings.Of(context)?.Compression is { } settings && settings.Applies(context.Response))
        {
            var vary = context.Response.Headers.Vary;
            foreach (var value in vary)
            {
                if (value is not null && value.Contains("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    return System.Threading.Tasks.Task.CompletedTask;
                }
            }

            context.Response.Headers.Vary = Microsoft.Extensions.Primitives.StringValues.Concat(vary, "Accept-Encoding");
        }

        return System.Threading.Tasks.Task.CompletedTask;
    }

    /// <summary>
    /// ASP.NET Core's choice of coding (q-values, br before gzip) with the API's rule of what is compressed, in
    /// place of the middleware's MIME type list: API Gateway compresses any payload over the size.
    /// </summary>
    private sealed class ApiCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider _codings = new(services, options);

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => _codings.GetCompressionProvider(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => _codings.CheckRequestAcceptsCompression(context);

        public bool ShouldCompressResponse(HttpContext context) =>
            ApiSettings.Of(context)?.Compression is { } settings && settings.Applies(context.Response) && context.Features.Get<SizeDecidingBody>() is not { SentUncompressed: true };
    }
}
