using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>A mock integration's answer: status, headers and body fixed at build time, encoded once.</summary>
public sealed class MockResponse
{
    private readonly int _statusCode;
    private readonly string? _contentType;
    private readonly byte[]? _body;
    private readonly KeyValuePair<string, string>[] _headers;

    /// <param name="statusCode">The status to answer with.</param>
    /// <param name="contentType">The body's media type.</param>
    /// <param name="body">The body text, or null for none.</param>
    /// <param name="headers">Static response headers.</param>
    public MockResponse(int statusCode, string? contentType, string? body, KeyValuePair<string, string>[] headers)
    {
        _statusCode = statusCode;
        _contentType = contentType;
        _body = body is null ? null : Encoding.UTF8.GetBytes(body);
        _headers = headers;
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

        response.ContentType = _contentType;
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, 0, _body.Length, context.RequestAborted);
    }
}
