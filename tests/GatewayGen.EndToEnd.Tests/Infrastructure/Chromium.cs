using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (installed by .ci/run) driven by Playwright through ExecutablePath: Playwright's own browser
/// download is never used, and the flags keep it off the network this machine does not have.
/// </summary>
internal static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    {
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    };

    public static string ExecutablePath => Environment.GetEnvironmentVariable("GATEWAYGEN_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}: .ci/run installs Debian's chromium (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
            Timeout = 60_000,
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: GATEWAYGEN_ARTIFACTS, else artifacts/screenshots in the repository.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("GATEWAYGEN_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Repo.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
