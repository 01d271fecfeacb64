using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// Hosting wires the gateway into an ASP.NET Core application: its services, and its embedded defaults
/// (listen on http://127.0.0.1:5080 when nothing else is configured; plain HTTP stays on loopback).
/// </summary>
public static class GatewayHosting
{
    /// <summary>Where the gateway listens when no URL is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Registers the gateway's services. Called by the generated <c>AddGateway()</c>.</summary>
    public static WebApplicationBuilder AddGatewayRuntime(WebApplicationBuilder builder, GatewayInfo info)
    {
        builder.Services.AddSingleton(info);
        builder.Services.AddSingleton<HttpForwarder>();
        builder.Services.AddSingleton<GatewayRuntime>();
        builder.Services.AddRouting();

        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // A gateway logs what goes wrong, not a line per request, unless configuration says otherwise.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        return builder;
    }

    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) ||
        !string.IsNullOrEmpty(configuration["http_ports"]) ||
        !string.IsNullOrEmpty(configuration["https_ports"]) ||
        configuration.GetSection("Kestrel:Endpoints").GetChildren().GetEnumerator().MoveNext();
}
