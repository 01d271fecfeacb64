using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// Forwarding owns the gateway's one pooled HTTP client and moves requests to backends and responses back:
/// bodies stream both ways (memory stays bounded whatever the size), hop-by-hop headers stay behind,
/// X-Forwarded-For/Proto/Host are added, mapped header values are checked (a value a header cannot carry is the
/// client's 400, never a smuggled header), header bytes pass as they were, a timeout answers 504 and an
/// unreachable backend 502; a client whose own body breaks off or is too slow is never blamed on the backend.
/// </summary>
public sealed class HttpForwarder : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly ILogger<HttpForwarder> _logger;
    private readonly GatewayMetrics? _metrics;

    /// <summary>Creates the forwarder and its connection pool.</summary>
    public HttpForwarder(ILogger<HttpForwarder> logger, GatewayMetrics? metrics = null)
    {
        _metrics = metrics;
        _logger = logger;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // Headers pass through as the client sent them; the gateway adds no tracing headers of its own.
            ActivityHeadersPropagator = null,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // Client headers arrive decoded as UTF-8 (Kestrel's default) and leave as the same bytes; backend
            // headers are read byte for byte (Latin-1) and written so by the edge's Kestrel.
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
            ResponseHeaderEncodingSelector = static (_, _) => Encoding.Latin1,
        });
    }

    private static void CopyTraceContext(IHeaderDictionary headers, HttpRequestMessage request)
    {
        foreach (var name in TraceContextHeaders)
        {
            var values = headers[name];
            if (values.Count == 1 && values[0] is { Length: > 0 and <= 512 } value && OutgoingHeaders.CanCarry(value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private static readonly string[] TraceContextHeaders = { "traceparent", "tracestate" };

    // IntegrationLatency: until the backend's answer arrives (its headers), for the operation being served.
    private void RecordIntegration(HttpContext context, long started, int status)
    {
        if (_metrics is not null && context.Features.Get<OperationMetrics>() is { } operation)
        {
            _metrics.RecordIntegration(operation, started);
        }

        if (RequestRecord.Of(context) is { } record)
        {
            record.IntegrationLatencyMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            record.IntegrationStatus = status;
        }
    }

    /// <summary>
    /// Sends the client's request to <paramref name="target"/> and streams the answer back.
    /// </summary>
    /// <param name="context">The client's request and response.</param>
    /// <param name="target">The absolute backend URL, escaped.</param>
    /// <param name="integration">The operation's integration settings.</param>
    /// <param name="mappedHeaders">Headers from requestParameters, added after (and over) the client's.</param>
    /// <remarks>A ValueTask from a pooling builder: the state machine of every proxied request is reused, not allocated.</remarks>
    /// <exception cref="GatewayRequestException">A mapped value cannot go into its header (answered 400 by the edge).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(HttpContext context, string target, HttpIntegration integration, MappedHeader[]? mappedHeaders = null)
    {
        if (integration.ContentHandling != ContentHandling.Passthrough && HasBody(context.Request))
        {
            await HttpPayloads.ConvertRequestBodyAsync(context, integration.ContentHandling);
        }

        using var request = CreateRequest(context, target, integration, mappedHeaders);
        var timeout = ForwardingTimeout.Start(integration.Timeout, context.RequestAborted);
        HttpResponseMessage response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            response = await _client.SendAsync(request, timeout.Token);
            RecordIntegration(context, started, (int)response.StatusCode);
        }
        catch (Exception) when ((request.Content as ClientBodyContent)?.ClientFailure is { } failure)
        {
            // The client's body broke off, was too slow or too large: the edge answers its 4xx (or nobody, if it left).
            if (failure is BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody to answer
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Backend {Target} did not answer within {Timeout} ms", request.RequestUri, integration.Timeout.TotalMilliseconds);
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationTimeout,
                $"The backend did not answer within {integration.Timeout.TotalMilliseconds:0} ms.");
            return;
        }
        catch (HttpRequestException exception)
        {
            _logger.LogWarning(exception, "Backend {Target} could not be reached", request.RequestUri);
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, "The backend could not be reached.");
            return;
        }
        finally
        {
            // The timeout covers the backend's answer up to its headers; the body is copied under RequestAborted.
            timeout.Return();
        }

        using (response)
        {
            await CopyResponseAsync(context, response, integration);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, string target, HttpIntegration integration, MappedHeader[]? mappedHeaders)
    {
        var source = context.Request;
        var request = new HttpRequestMessage(integration.Method ?? HttpIntegration.HttpMethods.Get(source.Method), TargetUri.Create(target))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        if (HasBody(source))
        {
            request.Content = new ClientBodyContent(source.Body);
        }

        if (integration.IsProxy)
        {
            CopyRequestHeaders(source.Headers, request);
        }
        else
        {
            if (request.Content is not null && source.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            // A body the gateway did not decode goes on as it came, so its coding goes with it.
            if (request.Content is not null && source.Headers.ContentEncoding is { Count: > 0 } encoding)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Encoding", (IEnumerable<string>)encoding);
            }

            // W3C trace context continues the client's trace through every integration, not only proxies.
            CopyTraceContext(source.Headers, request);
        }

        if (request.Content is not null && source.ContentLength is { } length)
        {
            request.Content.Headers.ContentLength = length;
        }

        AddForwardedHeaders(context, request);
        if (mappedHeaders is not null)
        {
            AddMappedHeaders(request, mappedHeaders);
        }

        return request;
    }

    // Each value is checked before any is added (every refused one is named in the 400), then added with the
    // headers' own validation: nothing a client sent is written to the backend unchecked.
    private static void AddMappedHeaders(HttpRequestMessage request, MappedHeader[] mappedHeaders)
    {
        ValidationErrors? errors = null;
        foreach (var header in mappedHeaders)
        {
            if (header.Value is not null && !OutgoingHeaders.CanCarry(header.Value))
            {
                errors = OutgoingHeaders.Refuse(errors, header, "holds a character a header value cannot carry (a control character such as CR, LF or NUL, or a non-ASCII character)");
            }
        }

        foreach (var header in mappedHeaders)
        {
            if (errors is not null)
            {
                break;
            }

            var headers = OutgoingHeaders.IsContentHeader(header.Name) ? request.Content?.Headers : (HttpHeaders)request.Headers;
            if (headers is null)
            {
                continue; // a content header for a request without a body
            }

            // The mapping owns the name: a client's header of that name never stands in for a value that is absent
            // (an authorizer's missing claim would otherwise be the client's to choose).
            headers.Remove(header.Name);
            if (header.Value is null)
            {
                continue;
            }

            try
            {
                headers.Add(header.Name, header.Value);
            }
            catch (FormatException) when (header.Source is not null)
            {
                errors = OutgoingHeaders.Refuse(errors, header, $"is not a valid {header.Name} header value");
            }
        }

        if (errors is not null)
        {
            throw new GatewayRequestException(GatewayResponseType.BadRequestParameters, errors);
        }
    }

    // Kestrel knows: Content-Length > 0, chunked, or an HTTP/2 stream that did not end with its headers.
    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;

    // Client headers go on as YARP passes them, once each value is known to hold no CR, LF, NUL or other control
    // character: Kestrel refuses those on HTTP/1.1, and this keeps HTTP/2's decoded headers to the same rule.
    private static void CopyRequestHeaders(IHeaderDictionary headers, HttpRequestMessage request)
    {
        var connection = headers.Connection;
        foreach (var header in headers)
        {
            var name = header.Key;
            // X-Forwarded-* are written once by AddForwardedHeaders, not copied and then replaced.
            if (HopByHopHeaders.IsHopByHop(name) || HopByHopHeaders.IsListedIn(connection, name) || IsForwardedHeader(name))
            {
                continue;
            }

            var value = header.Value;
            foreach (var item in value)
            {
                if (item is not null && !OutgoingHeaders.CanPass(item))
                {
                    throw new GatewayRequestException(GatewayResponseType.BadRequestParameters, ValidationErrors.Add(null, "header." + name, "header",
                        $"The request header {name} holds a control character (CR, LF, NUL, ...), which cannot be passed on."));
                }
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value);
            }
            else if (value.Count == 1)
            {
                request.Headers.TryAddWithoutValidation(name, value[0]);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value);
            }
        }
    }

    // What a client claims about the connection is not passed on: the gateway writes X-Forwarded-* itself, and
    // Forwarded, X-Forwarded-Port/-Prefix and X-Real-IP would let a client speak for the edge.
    private static bool IsForwardedHeader(string name) =>
        name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Forwarded-Host", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Forwarded-Port", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Forwarded-Prefix", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Real-IP", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase);

    private static void AddForwardedHeaders(HttpContext context, HttpRequestMessage request)
    {
        var clientAddress = context.Connection.RemoteIpAddress?.ToString();
        if (clientAddress is not null)
        {
            var existing = context.Request.Headers["X-Forwarded-For"];
            foreach (var value in existing)
            {
                if (value is not null && !OutgoingHeaders.CanPass(value))
                {
                    throw new GatewayRequestException(GatewayResponseType.BadRequestParameters, ValidationErrors.Add(null, "header.X-Forwarded-For", "header",
                        "The request header X-Forwarded-For holds a control character (CR, LF, NUL, ...), which cannot be passed on."));
                }
            }

            request.Headers.TryAddWithoutValidation("X-Forwarded-For", existing.Count == 0 ? clientAddress : existing.ToString() + ", " + clientAddress);
        }

        // The gateway is the edge: what the client claims about scheme and host is replaced, not trusted.
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        if (context.Request.Host.HasValue)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CopyResponseAsync(HttpContext context, HttpResponseMessage response, HttpIntegration integration)
    {
        var client = context.Response;
        if ((UnsendableHeader(response.Headers) ?? UnsendableHeader(response.Content.Headers)) is { } unsendable)
        {
            // The backend's fault, answered before anything of its response is copied.
            _logger.LogWarning("Backend {Target} answered with a header that cannot be passed on: {Header}", response.RequestMessage?.RequestUri, unsendable);
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, $"The backend answered with a header that cannot be passed on ({unsendable}).");
            return;
        }

        var backendStatus = (int)response.StatusCode;
        var selected = integration.Responses?.Select(backendStatus);
        client.StatusCode = selected?.StatusCode ?? backendStatus;

        if (integration.IsProxy)
        {
            CopyResponseHeaders(response.Headers, client.Headers);
            CopyResponseHeaders(response.Content.Headers, client.Headers);
        }
        else
        {
            if (response.Content.Headers.ContentType is { } contentType)
            {
                client.ContentType = contentType.ToString();
            }

            // The backend's body passes as it came (unless a static body replaces it, below), so its coding says so:
            // the gateway neither compresses it again nor hands a client compressed bytes as if they were plain.
            if (selected?.StaticBody is null && response.Content.Headers.ContentEncoding.Count > 0)
            {
                client.Headers.ContentEncoding = string.Join(", ", response.Content.Headers.ContentEncoding);
            }
        }

        if (selected is not null)
        {
            foreach (var mapping in selected.Headers)
            {
                var value = mapping.BackendHeader is null ? mapping.Value : BackendHeader(response, mapping.BackendHeader);
                if (value is not null)
                {
                    client.Headers[mapping.Name] = value;
                }
            }

            if (selected.StaticBody is not null)
            {
                client.ContentType = selected.StaticBodyContentType;
                if (HttpPayloads.StaticBody(context, selected) is not { } body)
                {
                    await GatewayErrors.WriteAsync(context, GatewayResponseType.Default5xx, "The integration response's body is not base64 text, so it cannot be converted to binary.");
                    return;
                }

                client.ContentLength = body.Length;
                await client.Body.WriteAsync(body, context.RequestAborted);
                return;
            }
        }

        if (!integration.IsProxy && HttpPayloads.ResponseConversion(context, response, selected) is { } conversion and not PayloadConversion.None)
        {
            await HttpPayloads.WriteConvertedAsync(context, response, selected, conversion, _logger);
            return;
        }

        if (client.ContentLength is null && response.Content.Headers.ContentLength is { } length)
        {
            client.ContentLength = length;
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await CopyStreamingAsync(stream, client.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-body.
        }
        catch (Exception exception) when (exception is HttpRequestException or System.IO.IOException)
        {
            // The backend broke off mid-body; the status is sent, so the only honest signal is a reset.
            _logger.LogWarning(exception, "Backend response from {Target} broke off", response.RequestMessage?.RequestUri);
            context.Abort();
        }
    }

    // As YARP's copier does: what arrived is flushed whenever the backend pauses, so that a streamed answer (events,
    // progress) reaches the client as it is sent, through compression and the size decision too.
    private static async ValueTask CopyStreamingAsync(System.IO.Stream source, System.IO.Stream destination, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var read = source.ReadAsync(buffer, cancellationToken);
            while (true)
            {
                if (!read.IsCompleted)
                {
                    await destination.FlushAsync(cancellationToken);
                }

                var count = await read;
                if (count == 0)
                {
                    return;
                }

                await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                read = source.ReadAsync(buffer, cancellationToken);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CopyResponseHeaders(HttpHeaders source, IHeaderDictionary destination)
    {
        foreach (var header in source.NonValidated)
        {
            var name = header.Key;
            if (HopByHopHeaders.IsHopByHop(name))
            {
                continue;
            }

            // The gateway's own request id stays; the backend's is kept under API Gateway's remapped name.
            if (name.Equals(EdgeMiddleware.RequestIdHeader, StringComparison.OrdinalIgnoreCase))
            {
                name = "x-amzn-Remapped-" + EdgeMiddleware.RequestIdHeader;
            }

            destination[name] = header.Value.Count == 1 ? new StringValues(header.Value.ToString()) : new StringValues(ToArray(header.Value));
        }
    }

    private static string[] ToArray(HeaderStringValues values)
    {
        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }

    // A value with a control character (Kestrel refuses to write it); other bytes pass as the backend sent them.
    private static string? UnsendableHeader(HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                if (!OutgoingHeaders.CanPass(value))
                {
                    return header.Key;
                }
            }
        }

        return null;
    }

    private static string? BackendHeader(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
