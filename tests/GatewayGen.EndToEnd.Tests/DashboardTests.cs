using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// The dashboard on a real gateway process in front of nginx, in Debian's chromium driven by Playwright: sign in with
/// the admin token, see the stage, its deployment, the routes and the alarm, five charts drawn from the traffic the
/// test sent (read back by hovering their points), the per-route table, a range switch and a refresh, sign out, and
/// not one console error. Screenshots land in artifacts/screenshots.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class DashboardTests : IAsyncLifetime
{
    private const string Token = "dashboard-test-token-0123456789abcdef";
    private readonly NginxBackend _nginx = new();
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-dashboard");
    private RunningProcess _gateway = null!;
    private Uri _address = null!;
    private Uri _admin = null!;

    private string StorePath => Path.Combine(_folder, "gateway.db");

    public async Task InitializeAsync()
    {
        await _nginx.InitializeAsync();
        // A deployment in the store's history, as `deployments record` at publish leaves it.
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[] { Gateway, "deployments", "record" },
            environment: new Dictionary<string, string> { ["Gateway__Store"] = StorePath }, timeoutSeconds: 60);
        Assert.True(exitCode == 0, output);

        _address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Gateway, "--urls", _address.ToString(), "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + _admin,
            "--Gateway:Store=" + StorePath, "--Gateway:StageDescription=Development, in front of nginx",
            // Traffic under a floor (a real alarm: "the stage went quiet"), which a test's few requests keep in ALARM.
            "--Gateway:Alarms:lowTraffic:Metric=Count", "--Gateway:Alarms:lowTraffic:Comparison=<", "--Gateway:Alarms:lowTraffic:Threshold=1000000",
            "--Gateway:Alarms:lowTraffic:PeriodSeconds=1",
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(_admin, "/ping").ToString());
    }

    private static string Gateway => Repo.GatewayDll("tests/TestGateways/ProxyGateway", "ProxyGateway");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _nginx.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Signed_in_the_dashboard_shows_the_stage_its_deployments_routes_alarm_and_the_traffic_in_five_charts()
    {
        await SendAsync(echoes: 7, downs: 2);
        await WaitForAlarmAsync("ALARM");

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                consoleErrors.Enqueue(message.Type + ": " + message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => consoleErrors.Enqueue("request failed: " + request.Url);

        // Signed out, the page is a sign-in form; a wrong token is refused on the page, the right one signs in.
        var response = await page.GotoAsync(_admin.ToString());
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("dashboard-sign-in") });
        await page.GetByLabel("Admin token").FillAsync("not-the-token-but-long-enough-0123456789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the admin token");
        Assert.Empty(await context.CookiesAsync());

        await page.GetByLabel("Admin token").FillAsync(Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(_admin.ToString());
        Assert.DoesNotContain(Token, page.Url, StringComparison.Ordinal);
        var session = Assert.Single(await context.CookiesAsync());
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/dashboard", session.Path); // not sent to every path of the host

        // The stage: this process's, with the invoke URL, the stage description and the active deployment.
        var deployments = await AdminJsonAsync("/deployments");
        var deploymentId = deployments.RootElement.GetProperty("current").GetProperty("id").GetString()!;
        var stage = page.Locator("article[data-stage=dev]");
        await Assertions.Expect(stage).ToContainTextAsync(_address.ToString());
        await Assertions.Expect(stage).ToContainTextAsync("Development, in front of nginx");
        await Assertions.Expect(stage).ToContainTextAsync(deploymentId);
        await Assertions.Expect(page.Locator("#deployment-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#deployment-rows")).ToContainTextAsync(deploymentId);
        await Assertions.Expect(page.Locator("#route-rows")).ToContainTextAsync("/echo/{value}");
        using (var routes = await AdminJsonAsync("/routes"))
        {
            await Assertions.Expect(page.Locator("#route-rows tr")).ToHaveCountAsync(routes.RootElement.GetProperty("routes").GetArrayLength());
        }

        await Assertions.Expect(page.Locator("tr[data-alarm=lowTraffic]")).ToContainTextAsync("ALARM");

        // Metrics: stage and a week by default; five charts, each drawn, each with what it means behind its icon.
        await Assertions.Expect(page.GetByLabel("Stage", new() { Exact = true })).ToHaveValueAsync("dev");
        await Assertions.Expect(page.GetByLabel("Time range", new() { Exact = true })).ToHaveValueAsync("1w");
        var charts = page.Locator("figure.chart:visible");
        await Assertions.Expect(charts).ToHaveCountAsync(5);
        Assert.Equal(new[] { "Count", "Latency", "Integration latency", "4XX errors", "5XX errors" }, await page.Locator("figure.chart:visible .chart-title").AllTextContentsAsync());
        await Assertions.Expect(page.Locator("figure.chart:visible canvas")).ToHaveCountAsync(5);
        await page.GetByRole(AriaRole.Button, new() { Name = "What Latency means" }).ClickAsync();
        await Assertions.Expect(page.Locator("#about-Latency")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#about-Latency")).ToContainTextAsync("milliseconds");

        Assert.Equal(9, await RecentCountAsync(page, "Count"));
        Assert.Equal(2, await RecentCountAsync(page, "5XXError"));
        Assert.Equal(0, await RecentCountAsync(page, "4XXError"));
        Assert.Matches(@"\d+(\.\d+)? ms", await HoverLastAsync(page, "Latency"));
        Assert.Matches(@"\d+(\.\d+)? ms", await HoverLastAsync(page, "IntegrationLatency"));
        var echoRow = page.Locator("tr[data-resource='/echo/{value}']");
        await Assertions.Expect(echoRow.Locator("td").Nth(2)).ToHaveTextAsync("7");
        await Assertions.Expect(echoRow.Locator("td").Nth(6)).ToContainTextAsync(" ms");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("dashboard-week"), FullPage = true });

        // Another range redraws the same traffic at one-minute points; Refresh shows what came since.
        await page.GetByLabel("Time range", new() { Exact = true }).SelectOptionAsync("1h");
        await Assertions.Expect(page.Locator("#updated")).Not.ToBeEmptyAsync();
        Assert.Equal(9, await RecentCountAsync(page, "Count"));
        await SendAsync(echoes: 3, downs: 0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Assertions.Expect(echoRow.Locator("td").Nth(2)).ToHaveTextAsync("10");
        Assert.Equal(12, await RecentCountAsync(page, "Count"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("dashboard-hour"), FullPage = true });

        // The session reads what the page shows, nothing else; signed out, its cookie opens nothing and the form is back.
        using var withCookie = new HttpClient { BaseAddress = _admin };
        withCookie.DefaultRequestHeaders.Add("Cookie", session.Name + "=" + session.Value);
        Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync("/dashboard/api/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withCookie.GetAsync("/dashboard/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withCookie.GetAsync("/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withCookie.PostAsync("/keys", new StringContent("{\"plan\":\"x\"}"))).StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await withCookie.GetAsync("/dashboard/api/deployments")).StatusCode);

        Assert.True(consoleErrors.IsEmpty, string.Join("\n", consoleErrors));
    }

    [Fact]
    public async Task The_session_cookie_never_reaches_a_backend_through_the_gateway_and_a_sign_in_from_another_site_is_refused()
    {
        using var gateway = new HttpClient { BaseAddress = _address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/cookies");
        request.Headers.Add("Cookie", "theme=dark; gatewaygen_admin=stolen; lang=en");
        using var echoed = await gateway.SendAsync(request);
        var body = await echoed.Content.ReadAsStringAsync();
        Assert.Contains("cookie=theme=dark; lang=en\n", body);
        Assert.DoesNotContain("stolen", body);

        // Only that cookie: a similar name stays, a header holding nothing else goes, as do its copies in several headers.
        var similar = (await RawHttp.SendAsync(_address.Port, "GET /echo/c2 HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: xgatewaygen_admin=kept\r\nCookie: gatewaygen_admin=stolen\r\nConnection: close\r\n\r\n")).Text;
        Assert.Contains("cookie=xgatewaygen_admin=kept\n", similar);
        Assert.DoesNotContain("stolen", similar);
        using var only = new HttpRequestMessage(HttpMethod.Get, "/echo/c3");
        only.Headers.Add("Cookie", "gatewaygen_admin=stolen");
        using var onlyEchoed = await gateway.SendAsync(only);
        Assert.Contains("cookie=\n", await onlyEchoed.Content.ReadAsStringAsync());

        // A form from another origin, a page on another port of this host included (same-site), signs no one in or out.
        using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _admin };
        foreach (var (path, header, value) in new[]
        {
            ("/dashboard/session", "Origin", "http://attacker.example"),
            ("/dashboard/session", "Sec-Fetch-Site", "same-site"),
            ("/dashboard/session", "Sec-Fetch-Site", "cross-site"),
            ("/dashboard/session/end", "Sec-Fetch-Site", "cross-site"),
        })
        {
            using var crossSite = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token }) };
            crossSite.Headers.Add(header, value);
            using var refused = await admin.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"), path + " " + value);
        }

        // A wrong token, or a body too large to be a sign-in form, is sent back to the form: no cookie, no token in the URL.
        foreach (var form in new[] { "token=wrong-token-0123456789abcdef0123456789", "token=" + new string('x', 10_000) })
        {
            using var wrong = await admin.PostAsync("/dashboard/session", new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.SeeOther, wrong.StatusCode);
            Assert.Equal("/?signin=failed", wrong.Headers.Location!.OriginalString);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        using var signIn = await admin.PostAsync("/dashboard/session", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, cookie, StringComparison.Ordinal);
    }

    private async Task SendAsync(int echoes, int downs)
    {
        using var client = new HttpClient { BaseAddress = _address };
        for (var i = 0; i < echoes; i++)
        {
            using var ok = await client.GetAsync($"/echo/d{i}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < downs; i++)
        {
            using var down = await client.GetAsync("/down");
            Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        }
    }

    private HttpClient AdminClient()
    {
        var admin = new HttpClient { BaseAddress = _admin };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return admin;
    }

    private async Task<JsonDocument> AdminJsonAsync(string path)
    {
        using var admin = AdminClient();
        return JsonDocument.Parse(await admin.GetStringAsync(path));
    }

    private async Task WaitForAlarmAsync(string state)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var alarms = await AdminJsonAsync("/alarms");
            if (alarms.RootElement.GetProperty("alarms")[0].GetProperty("state").GetString() == state)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The alarm never went to {state}.");
    }

    // What a chart drew in all (its points summed), and a hover on its busiest point, which must show that point's value.
    private static async Task<int> RecentCountAsync(IPage page, string metric)
    {
        var drawn = await page.EvaluateAsync<double[]>("([metric]) => plots.get(metric).uplot.data[1].map(v => v ?? 0)", new object[] { metric });
        var busiest = Array.IndexOf(drawn, drawn.Max());
        var text = await HoverAsync(page, metric, drawn.Length - busiest);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"· (\d+) requests?$");
        Assert.True(match.Success, $"{metric}: the tooltip says '{text}'");
        Assert.Equal(drawn[busiest], double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return (int)drawn.Sum();
    }

    private static Task<string> HoverLastAsync(IPage page, string metric) => HoverAsync(page, metric, 1);

    // Moves the mouse onto a chart's point (the fromEnd-th from the right) and reads the tooltip it shows.
    private static async Task<string> HoverAsync(IPage page, string metric, int fromEnd)
    {
        var figure = page.Locator($"figure.chart[data-metric='{metric}']");
        await figure.ScrollIntoViewIfNeededAsync();
        var point = await page.EvaluateAsync<float[]>(
            """
            ([metric, fromEnd]) => {
              const u = plots.get(metric).uplot;
              const xs = u.data[0];
              const box = u.over.getBoundingClientRect();
              return [box.left + u.valToPos(xs[xs.length - fromEnd], "x"), box.top + box.height / 2];
            }
            """, new object[] { metric, fromEnd });
        await page.Mouse.MoveAsync(10, 10);
        await page.Mouse.MoveAsync(point[0], point[1], new MouseMoveOptions { Steps = 3 });
        var tooltip = figure.Locator(".tooltip");
        await Assertions.Expect(tooltip).ToBeVisibleAsync();
        return (await tooltip.TextContentAsync())!;
    }
}
