using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// Once a second: reloads the API keys if the store changed, and writes the quota counts. On a graceful stop,
/// writes the counts once more, so a stop loses nothing and a crash at most a second of counts.
/// </summary>
public sealed class GatewayStoreService(GatewayAccessSettings settings, ApiKeyRegistry keys, QuotaCounters quotas, ILogger<GatewayStoreService> logger) : BackgroundService
{
    /// <summary>How often keys are reloaded and counts written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.UsesApiKeys)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sync();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (settings.UsesApiKeys)
        {
            Sync();
        }
    }

    private void Sync()
    {
        try
        {
            keys.Refresh();
            quotas.Flush();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store may be locked by another process for a moment; the next tick tries again.
            logger.LogWarning(exception, "The gateway store at {Path} could not be read or written", keys.Store.Path);
        }
    }
}
