using System;
using System.Buffers;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// A request body read whole into a pooled buffer so it can be validated before anything is sent on, then
/// put back as the request body so integrations forward the very same bytes. Dispose returns the buffer.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The number of bytes the client sent.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>
    /// Reads the whole body (Kestrel's MaxRequestBodySize still applies) and makes <see cref="HttpRequest.Body"/>
    /// replay it.
    /// </summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var capacity = request.ContentLength is > 0 and <= int.MaxValue ? (int)request.ContentLength.Value : 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        request.Body = new MemoryStream(buffer, 0, length, writable: false);
        return new RequestBody(buffer, length);
    }

    /// <summary>True when the request carries no body at all (no bytes, whatever the headers say).</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Whether the request says it has a body: a non-zero Content-Length or chunked transfer encoding.</summary>
    public static bool IsPresent(HttpContext context) =>
        context.Request.ContentLength is { } length ? length > 0 : context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    /// <summary>
    /// Whether the request's Content-Type is one of <paramref name="mediaTypes"/> ("application/json",
    /// "application/*", "*/*"), ignoring parameters such as charset. A body without Content-Type counts as
    /// application/json, as API Gateway treats it.
    /// </summary>
    public static bool HasMediaType(HttpContext context, string[] mediaTypes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType ?? "application/json", out var contentType) || !contentType.MediaType.HasValue)
        {
            return false;
        }

        var actual = contentType.MediaType.AsSpan();
        foreach (var expected in mediaTypes)
        {
            if (expected == "*/*" || actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (expected.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(expected.AsSpan(0, expected.Length - 1), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
