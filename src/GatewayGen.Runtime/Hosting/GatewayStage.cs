using System;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace GatewayGen.Runtime;

/// <summary>
/// The stage this process serves as the dashboard shows it: its name and deployment (from the binary), its
/// description (Gateway:StageDescription) and invoke URL (Gateway:InvokeUrl, as clients reach it behind a load
/// balancer, else the first address the gateway listens on that is not the admin listener's).
/// </summary>
public sealed class GatewayStage(GatewayInfo info, IConfiguration configuration, IServer server, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly int _adminPort = GatewayAdmin.FromConfiguration(configuration) is { } admin ? admin.Url.Port : -1;

    /// <summary>The stage's name.</summary>
    public string Name => info.Stage;

    /// <summary>The stage, now.</summary>
    public StageRecord Current() =>
        new(info.Stage, configuration["Gateway:StageDescription"] is { Length: > 0 } description ? description : null, InvokeUrl(), info.DeploymentId, time.GetUtcNow())
        {
            Updated = _started,
        };

    private string? InvokeUrl()
    {
        if (configuration["Gateway:InvokeUrl"] is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? Array.Empty<string>())
        {
            // A wildcard address (0.0.0.0, [::]) says nothing about how clients reach it: Gateway:InvokeUrl does.
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port != _adminPort && uri.Host is not ("0.0.0.0" or "[::]" or "::"))
            {
                return uri.GetLeftPart(UriPartial.Authority) + "/";
            }
        }

        return null;
    }
}
