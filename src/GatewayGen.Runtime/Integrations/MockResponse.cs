using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// A mock integration's answer: status, headers and body fixed at build time, encoded once. The body is text (a
/// response template); contentHandling CONVERT_TO_BINARY, or a client whose first Accept type is one of the API's
/// binary media types, gets the bytes it encodes in base64 instead (so a mock can serve an image).
/// </summary>
public sealed class MockResponse
{
    private readonly int _statusCode;
    private readonly string? _contentType;
    private readonly byte[]? _body;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly ContentHandling _contentHandling;
    private readonly byte[]? _decoded;

    /// <param name="statusCode">The status to answer with.</param>
    /// <param name="contentType">The body's media type.</param>
    /// <param name="body">The body text, or null for none.</param>
    /// <param name="headers">Static response headers.</param>
    /// <param name="contentHandling">The integration response's contentHandling.</param>
    public MockResponse(int statusCode, string? contentType, string? body, KeyValuePair<string, string>[] headers, ContentHandling contentHandling = ContentHandling.Passthrough)
    {
        _statusCode = statusCode;
        _contentType = contentType;
        _body = body is null ? null : Encoding.UTF8.GetBytes(body);
        _headers = headers;
        _contentHandling = contentHandling;
        _decoded = _body is null ? null : PayloadConversions.Apply(PayloadConversion.FromBase64, _body);
    }

    /// <summary>Writes the mock's answer.</summary>
    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = _statusCode;
        foreach (var header in _headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        if (_body is null)
        {
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        var body = _body;
        var types = ApiSettings.Of(context)?.BinaryMediaTypes;
        if (PayloadConversions.ForResponse(_contentHandling, types, binaryPayload: false, binaryAccept: types?.AcceptsBinary(context.Request) == true) == PayloadConversion.FromBase64)
        {
            if (_decoded is not null)
            {
                body = _decoded;
            }
            else if (!PayloadConversions.OnlyAskedByClient(_contentHandling))
            {
                // API Gateway's answer too: the document's own template cannot be converted.
                return GatewayErrors.WriteAsync(context, GatewayResponseType.Default5xx, "The mock's response body is not base64 text, so it cannot be converted to binary.");
            }

            // Otherwise only the client's Accept asked for bytes: the template passes as the text it is.
        }

        response.ContentType = _contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
