using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime;

/// <summary>
/// `keys create|list|revoke|usage`: the gateway program administering its own store. A new key is printed
/// once, alone on the last line, so scripts can take it with `tail -n 1`.
/// </summary>
public static class KeyCommands
{
    /// <summary>Runs a `keys ...` command (the arguments after "keys"); returns the exit code.</summary>
    public static int Run(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var settings = services.GetRequiredService<GatewayAccessSettings>();
        var registry = services.GetRequiredService<ApiKeyRegistry>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var verb = args.Length > 0 ? args[0] : "";
        switch (verb)
        {
            case "create":
                var plan = Option(args, "--plan");
                if (plan is null || !settings.Plans.ContainsKey(plan))
                {
                    error.WriteLine(plan is null ? "keys create needs --plan NAME." : $"There is no usage plan '{plan}'.");
                    error.WriteLine("Usage plans of this gateway: " + (settings.Plans.Count == 0 ? "(none; add x-gatewaygen-usage-plans to the OpenAPI document)" : string.Join(", ", settings.Plans.Keys.OrderBy(k => k, StringComparer.Ordinal))));
                    return 2;
                }

                var (record, key) = registry.Store.Create(plan, Option(args, "--name"), now);
                output.WriteLine($"Created API key {record.Id} for usage plan '{plan}'{(record.Name is null ? "" : $" ({record.Name})")}. It is shown only this once:");
                output.WriteLine(key);
                return 0;

            case "list":
                output.WriteLine("id          plan                 status   created              name");
                foreach (var listed in registry.Store.List())
                {
                    output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-11} {1,-20} {2,-8} {3:yyyy-MM-dd HH:mm:ss}  {4}", listed.Id, listed.Plan, listed.IsActive ? "active" : "revoked", listed.CreatedUtc, listed.Name));
                }

                return 0;

            case "revoke" when args.Length > 1:
                if (registry.Store.Find(args[1]) is not { } revoked)
                {
                    error.WriteLine($"No API key has the id or value '{args[1]}'.");
                    return 1;
                }

                output.WriteLine(registry.Store.Revoke(revoked.Id, now) ? $"Revoked API key {revoked.Id}." : $"API key {revoked.Id} was already revoked.");
                return 0;

            case "usage" when args.Length > 1:
                if (registry.Store.Find(args[1]) is not { } used)
                {
                    error.WriteLine($"No API key has the id or value '{args[1]}'.");
                    return 1;
                }

                output.WriteLine($"API key {used.Id}, usage plan '{used.Plan}', {(used.IsActive ? "active" : "revoked")}");
                if (settings.Plans.TryGetValue(used.Plan, out var usedPlan) && usedPlan.Quota is { } quota)
                {
                    var usage = registry.Store.Usage(used.Id, quota, now);
                    output.WriteLine(string.Format(CultureInfo.InvariantCulture, "quota: {0} of {1} requests used this {2} ({3:yyyy-MM-dd} to {4:yyyy-MM-dd HH:mm} UTC), {5} left",
                        usage.Used, quota.Limit, quota.Period.ToString().ToLowerInvariant(), usage.PeriodStart, usage.PeriodEnd, usage.Remaining));
                }
                else
                {
                    output.WriteLine("quota: none");
                }

                return 0;

            default:
                error.WriteLine("Usage: keys create --plan NAME [--name LABEL] | keys list | keys revoke KEY-OR-ID | keys usage KEY-OR-ID");
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
