using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// The admin listener's web page: sign-in with the admin token (a form field, never a URL), a session cookie
/// (HttpOnly, SameSite=Strict, Secure over HTTPS) that lets the page's own GET requests read the admin API, sign-out,
/// and the page's files, embedded in the runtime (the charting library, uPlot, is restored from npm with a lock file
/// when the runtime is built). Sessions live in memory: a restart signs everyone out.
/// </summary>
internal sealed class GatewayDashboard(TimeProvider time)
{
    /// <summary>The session cookie's name; the gateway listener drops it from requests it forwards.</summary>
    public const string CookieName = "gatewaygen_admin";

    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    // Session ids are kept hashed, as API keys are: a memory dump does not hand out live sessions.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>Whether the request carries a live session cookie.</summary>
    public bool HasSession(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 } id || !_sessions.TryGetValue(Hash(id), out var expires))
        {
            return false;
        }

        if (expires > time.GetUtcNow())
        {
            return true;
        }

        _sessions.TryRemove(Hash(id), out _);
        return false;
    }

    /// <summary>Answers the page and its files, sign-in and sign-out; false for any other request.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, Func<string, bool> isToken)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            switch (path)
            {
                case "/":
                    await PageAsync(context, HasSession(context.Request) ? "dashboard.html" : "signin.html", 200, null);
                    return true;
                case "/dashboard.js":
                    await FileAsync(context, "dashboard.js", "text/javascript; charset=utf-8");
                    return true;
                case "/dashboard.css":
                    await FileAsync(context, "dashboard.css", "text/css; charset=utf-8");
                    return true;
                case "/uPlot.iife.min.js":
                    await FileAsync(context, "uPlot.iife.min.js", "text/javascript; charset=utf-8");
                    return true;
                case "/uPlot.min.css":
                    await FileAsync(context, "uPlot.min.css", "text/css; charset=utf-8");
                    return true;
            }

            return false;
        }

        if (!HttpMethods.IsPost(method) || (path != "/session" && path != "/session/end"))
        {
            return false;
        }

        // A form posted from another site (login CSRF) is refused: browsers say where a request comes from.
        if (!IsSameOrigin(context.Request))
        {
            await PageAsync(context, "signin.html", 403, "The sign-in form must be sent from this page.");
            return true;
        }

        if (path == "/session/end")
        {
            if (context.Request.Cookies[CookieName] is { Length: > 0 } id)
            {
                _sessions.TryRemove(Hash(id), out _);
            }

            context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request));
            SeeOther(context);
            return true;
        }

        var token = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted))["token"].ToString() : "";
        if (!isToken(token))
        {
            // The form again with what went wrong, as sign-in pages answer (a 401 would need a WWW-Authenticate scheme).
            await PageAsync(context, "signin.html", 200, "That is not the admin token (Gateway:Admin:Token).");
            return true;
        }

        var session = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        _sessions[Hash(session)] = now + SessionLifetime;
        foreach (var (id, expires) in _sessions)
        {
            if (expires <= now)
            {
                _sessions.TryRemove(id, out _);
            }
        }

        var options = CookieOptions(context.Request);
        options.MaxAge = SessionLifetime;
        context.Response.Cookies.Append(CookieName, session, options);
        SeeOther(context);
        return true;
    }

    private static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    // Sec-Fetch-Site where the browser sends it (all current ones), else Origin; neither (curl, scripts) is no browser's CSRF.
    private static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
        {
            return site is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    // Post/redirect/get: a reload after signing in or out does not send the form again.
    private static void SeeOther(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
        context.Response.Headers.CacheControl = "no-store";
    }

    private static async Task PageAsync(HttpContext context, string page, int status, string? error)
    {
        var html = Read(page);
        html = html.Replace("<!--error-->", error is null ? "" : "<p class=\"error\" role=\"alert\">" + WebUtility.HtmlEncode(error) + "</p>", StringComparison.Ordinal);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        SecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(html, context.RequestAborted);
        }
    }

    private static async Task FileAsync(HttpContext context, string name, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        SecurityHeaders(context.Response);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(Read(name), context.RequestAborted);
        }
    }

    // Only the page's own files and the admin API: no inline script, no other origin, no framing.
    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private static readonly ConcurrentDictionary<string, string> Files = new(StringComparer.Ordinal);

    private static string Read(string name) => Files.GetOrAdd(name, static name =>
    {
        using var stream = typeof(GatewayDashboard).Assembly.GetManifestResourceStream("GatewayGen.Dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the runtime (was it built without npm?).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static string Hash(string session) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(session)));
}
