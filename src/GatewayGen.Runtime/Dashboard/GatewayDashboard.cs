using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayGen.Runtime;

/// <summary>
/// The admin listener's web page (GET /): sign-in with the admin token (a form field, never a URL), a session
/// cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, scoped to /dashboard) with which the page reads what it
/// shows under /dashboard/api/, sign-out, and the page's files, embedded in the runtime (the charting library,
/// uPlot, is restored from npm with a lock file when the runtime is built). Sessions live in memory: a restart
/// signs everyone out.
/// </summary>
internal sealed class GatewayDashboard(TimeProvider time)
{
    /// <summary>The session cookie's name; the gateway listener drops it from requests it forwards.</summary>
    public const string CookieName = "gatewaygen_admin";

    /// <summary>Where the cookie goes (browsers send cookies by host, not port: the narrower, the fewer services see it).</summary>
    public const string CookiePath = "/dashboard";

    /// <summary>The admin API as the page reads it with its session: /dashboard/api/stages and so on.</summary>
    public const string ApiPrefix = CookiePath + "/api/";

    private const string AssetPrefix = CookiePath + "/assets/";
    private const int MaxSignInBytes = 4096;
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    // Session ids are kept hashed, as API keys are: a memory dump does not hand out live sessions.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>What a session may read: the page's views, not keys.</summary>
    public static bool Reads(string[] segments) => segments is ["stages"] or ["deployments"] or ["routes"] or ["alarms"] or ["metrics", "history"] or ["metrics", "routes"];

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
            // Whether the page is signed in, asked first: a 200 either way, so a signed-out page logs no failed request.
            if (path == ApiPrefix + "session")
            {
                context.Response.ContentType = "application/json";
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsync(HasSession(context.Request) ? "{\"signedIn\":true}" : "{\"signedIn\":false}", context.RequestAborted);
                return true;
            }

            var file = path == "/" ? "dashboard.html" : path.StartsWith(AssetPrefix, StringComparison.Ordinal) ? path.Substring(AssetPrefix.Length) : null;
            if (file is null || Asset.Of(file) is not { } asset)
            {
                return false;
            }

            await asset.WriteAsync(context);
            return true;
        }

        if (!HttpMethods.IsPost(method) || (path != CookiePath + "/session" && path != CookiePath + "/session/end"))
        {
            return false;
        }

        // A form posted from another site (login CSRF, a forced sign-out) is refused: browsers say where it comes from.
        if (!IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Sign-in and sign-out are accepted only from the dashboard's own page.", context.RequestAborted);
            return true;
        }

        if (path.EndsWith("/end", StringComparison.Ordinal))
        {
            Forget(context.Request);
            context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request));
            SeeOther(context, "/");
            return true;
        }

        if (await TokenAsync(context) is not { } token || !isToken(token))
        {
            SeeOther(context, "/?signin=failed"); // the page says so; the token never travels in a URL
            return true;
        }

        Forget(context.Request);
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
        SeeOther(context, "/");
        return true;
    }

    // The form's token field, from a small urlencoded body (anyone can post here, so nothing large is read).
    private static async Task<string?> TokenAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasFormContentType || request.ContentLength is not (> 0 and <= MaxSignInBytes))
        {
            return null;
        }

        try
        {
            var form = await request.ReadFormAsync(new FormOptions { ValueCountLimit = 4, ValueLengthLimit = MaxSignInBytes, KeyLengthLimit = 64 }, context.RequestAborted);
            return form["token"].ToString();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private void Forget(HttpRequest request)
    {
        if (request.Cookies[CookieName] is { Length: > 0 } id)
        {
            _sessions.TryRemove(Hash(id), out _);
        }
    }

    private static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = CookiePath,
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
    private static void SeeOther(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
    }

    private static string Hash(string session) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(session)));

    // One embedded file, read once, answered with an ETag so a reload costs a 304.
    private sealed class Asset(byte[] bytes, string contentType)
    {
        private static readonly ConcurrentDictionary<string, Asset?> Assets = new(StringComparer.Ordinal);
        private readonly string _etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 8) + "\"";

        public static Asset? Of(string name) => Assets.GetOrAdd(name, static name =>
        {
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".txt" => "text/plain; charset=utf-8",
                _ => null,
            };
            using var stream = type is null ? null : typeof(GatewayDashboard).Assembly.GetManifestResourceStream("GatewayGen.Dashboard/" + name);
            if (stream is null)
            {
                return null;
            }

            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return new Asset(copy.ToArray(), type!);
        });

        public async Task WriteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-cache";
            response.Headers.ETag = _etag;
            // Only the page's own files and the admin API: no inline script, no other origin, no framing.
            response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "same-origin";
            if (context.Request.Headers.IfNoneMatch.ToString() == _etag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = 200;
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await response.Body.WriteAsync(bytes, context.RequestAborted);
            }
        }
    }
}
