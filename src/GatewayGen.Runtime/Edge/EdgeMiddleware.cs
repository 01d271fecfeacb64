using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// The first thing every request meets: a request id on every answer, API Gateway's limits before any
/// integration is called (413 for a body over the limit, whether it declares its length or is chunked; 414; 431;
/// a JSON body that is not UTF-8 is a 400),
/// and every failure the rest of the pipeline leaves unanswered turned into a JSON gateway response: a client's
/// broken or slow body is its 4xx, anything else a 500.
/// </summary>
internal sealed class EdgeMiddleware(RequestDelegate next, GatewayEdgeSettings settings, int adminPort, ILogger<EdgeMiddleware> logger, AccessLog? accessLog = null)
{
    /// <summary>The response header that carries the request id, as API Gateway names it.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>HSTS on every HTTPS answer, the edge's refusals included: a year, as browsers' preload lists ask.</summary>
    private const string StrictTransportSecurity = "max-age=31536000";

    public async Task InvokeAsync(HttpContext context)
    {
        var connection = context.Features.Get<GatewayConnection>();
        connection?.Enter();
        // A client's own x-amzn-RequestId is kept when it is a request id (a UUID), as API Gateway keeps it.
        var sent = context.Request.Headers[RequestIdHeader];
        var requestId = sent.Count == 1 && Guid.TryParseExact(sent[0], "D", out _) ? sent[0]! : RequestIds.New();
        context.TraceIdentifier = requestId;
        StampHeaders(context);
        if (context.Connection.LocalPort != adminPort)
        {
            DropAdminSession(context.Request);
        }
        else
        {
            ApiSettings.MarkAdminListener(context);
        }

        RequestRecord? record = null;
        if (accessLog is not null && context.Connection.LocalPort != adminPort)
        {
            record = new RequestRecord(System.Diagnostics.Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
            context.Features.Set(record);
            context.Response.Body = new CountingBody(context.Response.Body, record);
        }

        try
        {
            if (!await RefuseAsync(context))
            {
                await next(context);
            }
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await AnswerAsync(context, exception);
        }

        if (record is not null)
        {
            accessLog!.Write(context, record);
        }

        // Not in a finally: a response that failed after it started must not be completed as if it were whole.
        if (connection is not null)
        {
            // Kestrel writes the end of the response after the pipeline returns; it must still count as the application's.
            await CompleteAsync(context);
            connection.Leave();
        }
    }

    // Browsers send cookies by host, not port: the dashboard's session cookie also reaches the gateway's listener on
    // the same host, and must go no further (a backend would hold an admin session).
    private static void DropAdminSession(HttpRequest request)
    {
        var cookies = request.Headers.Cookie;
        if (cookies.Count == 0 || !cookies.ToString().Contains(GatewayDashboard.CookieName + "=", StringComparison.Ordinal))
        {
            return;
        }

        var kept = new StringBuilder();
        foreach (var header in cookies)
        {
            foreach (var pair in (header ?? "").Split(';'))
            {
                if (pair.AsSpan().Trim().StartsWith(GatewayDashboard.CookieName + "=", StringComparison.Ordinal) || pair.AsSpan().Trim().IsEmpty)
                {
                    continue;
                }

                kept.Append(kept.Length == 0 ? "" : "; ").Append(pair.AsSpan().Trim());
            }
        }

        if (kept.Length == 0)
        {
            request.Headers.Remove("Cookie");
        }
        else
        {
            request.Headers.Cookie = kept.ToString();
        }
    }

    private static void StampHeaders(HttpContext context)
    {
        context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
        if (context.Request.IsHttps)
        {
            context.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
        }
    }

    /// <summary>True when the request is over a limit (and answered); reads a body of unknown length up to the limit.</summary>
    private async ValueTask<bool> RefuseAsync(HttpContext context)
    {
        var request = context.Request;

        // Fail closed behind the TLS handshake's check: with mutual TLS on, no request without a certificate gets in
        // (whatever an endpoint's own settings say); the admin listener keeps its token instead.
        if (settings.TrustStorePath is not null && context.Connection.ClientCertificate is null && context.Connection.LocalPort != adminPort)
        {
            await GatewayErrors.WriteAsync(context, GatewayResponseType.AccessDenied, "Mutual TLS is required: connect with a client certificate from the gateway's trust store.");
            return true;
        }

        if (request.ContentLength > settings.MaxPayloadBytes)
        {
            await TooLargeAsync(context, 413);
            return true;
        }

        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } target && target.Length > settings.MaxUrlLength)
        {
            await TooLargeAsync(context, 414);
            return true;
        }

        // Kestrel bounds all headers together; a tighter bound on each value needs a look at each.
        if (settings.MaxHeaderValueBytes < settings.MaxHeadersTotalBytes && HasOversizedValue(request.Headers))
        {
            await GatewayErrors.WriteAsync(context, GatewayResponseType.RequestTooLarge,
                $"A request header value is larger than the gateway's limit of {settings.MaxHeaderValueBytes} bytes.", StatusCodes.Status431RequestHeaderFieldsTooLarge);
            return true;
        }

        // A chunked body is read whole first (and refused once it holds more than the limit), so no backend ever sees
        // part of a body the gateway refuses; it then replays from memory with its length known. A JSON body is
        // read whole too: text that is not UTF-8 is refused before any integration sees it.
        var chunked = request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
        // An encoded body's bytes are not its text: it is decoded (and checked) only where the gateway reads it.
        var json = (chunked || request.ContentLength > 0) && IsJson(request.ContentType) && RequestContentCoding.Of(request) is null;
        if (chunked || json)
        {
            var body = await RequestBody.ReadAsync(context, settings.MaxPayloadBytes);
            context.Response.RegisterForDispose(body);
            request.ContentLength = body.Length;
            if (json && InvalidUtf8At(body.Span) is { } at)
            {
                await GatewayErrors.ValidationFailedAsync(context, GatewayResponseType.BadRequestBody,
                    ValidationErrors.Add(null, "", "json", $"The body is not valid JSON: it is not UTF-8 text (invalid byte at {at})."));
                return true;
            }
        }

        return false;
    }

    // application/json, text/json and any structured "+json" type (application/problem+json, ...). A value that
    // does not parse (two types, an unclosed quote) is JSON when any type in it looks so: a backend may read it so.
    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return IsJsonSubtype(media.SubType.AsSpan());
        }

        foreach (var part in contentType.Split(','))
        {
            var type = part.Split(';')[0].Trim();
            var slash = type.IndexOf('/');
            if (slash >= 0 && IsJsonSubtype(type.AsSpan(slash + 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsJsonSubtype(ReadOnlySpan<char> subtype) =>
        subtype.Equals("json", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all of it is.</summary>
    private static long? InvalidUtf8At(ReadOnlySpan<byte> text)
    {
        if (System.Text.Unicode.Utf8.IsValid(text))
        {
            return null;
        }

        long offset = 0;
        Span<char> chars = stackalloc char[512];
        while (true)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(text, chars, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return offset;
            }

            text = text.Slice(read);
        }
    }

    private bool HasOversizedValue(IHeaderDictionary headers)
    {
        var limit = settings.MaxHeaderValueBytes;
        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null && (value.Length > limit || (value.Length * 3 > limit && Encoding.UTF8.GetByteCount(value) > limit)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Task TooLargeAsync(HttpContext context, int status)
    {
        var (type, message) = ServerAnswers.Describe(status, settings);
        return GatewayErrors.WriteAsync(context, type, message, status);
    }

    private Task AnswerAsync(HttpContext context, Exception exception)
    {
        // Nothing of a half-copied backend answer (its Content-Length, its cookies) may stay on the gateway's own.
        context.Response.Clear();
        StampHeaders(context);
        switch (exception)
        {
            case GatewayRequestException refused:
                return refused.Errors is { } errors
                    ? GatewayErrors.ValidationFailedAsync(context, refused.Type, errors)
                    : GatewayErrors.WriteAsync(context, refused.Type, refused.Message);
            case BadHttpRequestException bad:
                // The client's request broke Kestrel's rules while it was read: too large, too slow or malformed.
                var (type, message) = ServerAnswers.Describe(bad.StatusCode, settings);
                return GatewayErrors.WriteAsync(context, type, bad.StatusCode == 400 ? "The request body is malformed: " + bad.Message : message, bad.StatusCode);
            default:
                logger.LogError(exception, "Request {RequestId} ({Method} {Path}) failed inside the gateway", context.TraceIdentifier, context.Request.Method, context.Request.Path);
                return GatewayErrors.WriteAsync(context, GatewayResponseType.Default5xx, "The gateway could not handle the request.");
        }
    }

    private static async Task CompleteAsync(HttpContext context)
    {
        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception exception) when (exception is System.IO.IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away or the response could not be finished; Kestrel closes the connection.
        }
    }
}

/// <summary>
/// A request the gateway refuses once it is inside an integration (a mapped value a backend URL or header cannot
/// carry, say): answered by the edge as a JSON gateway response, before anything is sent to the backend.
/// </summary>
public sealed class GatewayRequestException : Exception
{
    /// <summary>A refusal with one message.</summary>
    public GatewayRequestException(GatewayResponseType type, string message)
        : base(message) => Type = type;

    /// <summary>A refusal listing every error found.</summary>
    public GatewayRequestException(GatewayResponseType type, ValidationErrors errors)
        : base(errors.Items.Count > 0 ? errors.Items[0].Message : type.Name)
    {
        Type = type;
        Errors = errors;
    }

    /// <summary>The gateway response type (and so the status) of the answer.</summary>
    public GatewayResponseType Type { get; }

    /// <summary>The errors to list, if any.</summary>
    public ValidationErrors? Errors { get; }
}
