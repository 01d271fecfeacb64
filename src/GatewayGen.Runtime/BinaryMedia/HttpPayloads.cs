using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>The base64 conversions of an http integration's bodies, both ways (<see cref="HttpForwarder"/> calls them).</summary>
internal static class HttpPayloads
{
    // contentHandling on an http integration: the body is read whole (decoded from its Content-Encoding) and
    // converted; a body that should be base64 and is not is the client's 400.
    public static async ValueTask ConvertRequestBodyAsync(HttpContext context, ContentHandling handling)
    {
        var request = context.Request;
        var types = ApiSettings.Of(context)?.BinaryMediaTypes;
        var conversion = PayloadConversions.ForRequest(handling, types?.Matches(request.ContentType) == true);
        if (conversion == PayloadConversion.None)
        {
            return;
        }

        using var body = await RequestBody.ReadAsync(context);
        var converted = PayloadConversions.Apply(conversion, body.Span)
            ?? throw new GatewayRequestException(GatewayResponseType.BadRequestBody, "The request body is not base64 text, which this operation converts to binary (contentHandling CONVERT_TO_BINARY).");
        request.Body = new System.IO.MemoryStream(converted, writable: false);
        request.ContentLength = converted.Length;
    }

    /// <summary>An integration response's static body as the client gets it (text, or a base64 template's bytes); null when it should be base64 and is not.</summary>
    public static byte[]? StaticBody(HttpContext context, IntegrationResponse selected)
    {
        var types = ApiSettings.Of(context)?.BinaryMediaTypes;
        var conversion = PayloadConversions.ForResponse(selected.ContentHandling, types, binaryPayload: false, types?.AcceptsBinary(context.Request) == true);
        if (conversion != PayloadConversion.FromBase64)
        {
            return selected.StaticBody;
        }

        return PayloadConversions.Apply(conversion, selected.StaticBody) ?? (PayloadConversions.OnlyAskedByClient(selected.ContentHandling) ? selected.StaticBody : null);
    }

    // http integrations convert between base64 text and bytes as AWS's table says; an encoded answer is left alone.
    public static PayloadConversion ResponseConversion(HttpContext context, HttpResponseMessage response, IntegrationResponse? selected)
    {
        var types = ApiSettings.Of(context)?.BinaryMediaTypes;
        var handling = selected?.ContentHandling ?? ContentHandling.Passthrough;
        if ((types is null && handling == ContentHandling.Passthrough) || response.Content.Headers.ContentEncoding.Count > 0)
        {
            return PayloadConversion.None;
        }

        var binaryPayload = types?.Matches(response.Content.Headers.ContentType?.ToString()) == true;
        return PayloadConversions.ForResponse(handling, types, binaryPayload, types?.AcceptsBinary(context.Request) == true);
    }

    // A converted body is read whole (within the payload limit) first: a backend's text that is not base64 must be
    // a clean 502, not a response cut off half way.
    public static async ValueTask WriteConvertedAsync(HttpContext context, HttpResponseMessage response, IntegrationResponse? selected, PayloadConversion conversion, ILogger logger)
    {
        var limit = context.RequestServices?.GetService(typeof(GatewayEdgeSettings)) is GatewayEdgeSettings settings ? settings.MaxPayloadBytes : 10 * 1024 * 1024;
        byte[] payload;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            using var buffer = new System.IO.MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, $"The backend's answer is larger than the {limit} bytes the gateway converts.");
                    return;
                }
            }

            payload = buffer.ToArray();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody to answer
        }
        catch (Exception exception) when (exception is HttpRequestException or System.IO.IOException)
        {
            logger.LogWarning(exception, "Backend response from {Target} broke off", response.RequestMessage?.RequestUri);
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, "The backend's answer broke off.");
            return;
        }

        var converted = PayloadConversions.Apply(conversion, payload);
        if (converted is null && PayloadConversions.OnlyAskedByClient(selected?.ContentHandling ?? ContentHandling.Passthrough))
        {
            converted = payload;
        }

        if (converted is null)
        {
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, "The backend's answer is not base64 text, so it cannot be converted to binary.");
            return;
        }

        context.Response.ContentLength = converted.Length;
        await context.Response.Body.WriteAsync(converted, context.RequestAborted);
    }
}
