using System;
using System.Collections.Generic;
using System.Net.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// The settings of one http or http_proxy integration, fixed at build time and created once per operation.
/// </summary>
public sealed class HttpIntegration
{
    /// <param name="method">The backend method, or null to keep the client's (ANY).</param>
    /// <param name="timeoutMilliseconds">How long to wait for the backend's response headers (504 after).</param>
    /// <param name="isProxy">http_proxy: pass the client's headers and the backend's response through unchanged.</param>
    /// <param name="responses">http: how backend statuses map to the client's status and headers.</param>
    /// <param name="contentHandling">http: the integration's contentHandling, converting the client's body on its way.</param>
    public HttpIntegration(string? method, int timeoutMilliseconds, bool isProxy, IntegrationResponses? responses = null, ContentHandling contentHandling = ContentHandling.Passthrough)
    {
        ContentHandling = contentHandling;
        Method = method is null ? null : HttpMethods.Get(method);
        Timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
        IsProxy = isProxy;
        Responses = responses;
    }

    /// <summary>The backend method, or null to keep the client's.</summary>
    public HttpMethod? Method { get; }

    /// <summary>The integration timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether client headers and backend responses pass through unchanged.</summary>
    public bool IsProxy { get; }

    /// <summary>For http integrations: the status and header mapping of backend responses.</summary>
    public IntegrationResponses? Responses { get; }

    /// <summary>For http integrations: how the client's body is converted for the backend (base64 text and bytes).</summary>
    public ContentHandling ContentHandling { get; }

    /// <summary>Shared <see cref="HttpMethod"/> instances, so a request allocates none.</summary>
    internal static class HttpMethods
    {
        public static HttpMethod Get(string method) => method.ToUpperInvariant() switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "DELETE" => HttpMethod.Delete,
            "PATCH" => HttpMethod.Patch,
            "HEAD" => HttpMethod.Head,
            "OPTIONS" => HttpMethod.Options,
            "TRACE" => HttpMethod.Trace,
            _ => new HttpMethod(method),
        };
    }
}

/// <summary>An http integration's responses: a build-time selection of backend status to response.</summary>
public sealed class IntegrationResponses
{
    private readonly Func<int, int> _select;
    private readonly IntegrationResponse[] _responses;

    /// <param name="select">Maps a backend status to an index in <paramref name="responses"/>, or -1 to pass the status through.</param>
    /// <param name="responses">The integration's responses.</param>
    public IntegrationResponses(Func<int, int> select, IntegrationResponse[] responses)
    {
        _select = select;
        _responses = responses;
    }

    /// <summary>The response for a backend status, or null when none is selected.</summary>
    public IntegrationResponse? Select(int backendStatus)
    {
        var index = _select(backendStatus);
        return index >= 0 && index < _responses.Length ? _responses[index] : null;
    }
}

/// <summary>One entry of an http integration's responses.</summary>
public sealed class IntegrationResponse
{
    /// <param name="statusCode">The status the client gets.</param>
    /// <param name="headers">Response headers: static values, or copied from a backend header.</param>
    /// <param name="staticBody">A fixed body replacing the backend's, or null to pass it through.</param>
    /// <param name="staticBodyContentType">The content type of <paramref name="staticBody"/>.</param>
    /// <param name="contentHandling">How the answer's body is converted for the client (base64 text and bytes).</param>
    public IntegrationResponse(int statusCode, ResponseHeaderMapping[] headers, string? staticBody = null, string? staticBodyContentType = null, ContentHandling contentHandling = ContentHandling.Passthrough)
    {
        ContentHandling = contentHandling;
        StatusCode = statusCode;
        Headers = headers;
        StaticBody = staticBody is null ? null : System.Text.Encoding.UTF8.GetBytes(staticBody);
        StaticBodyContentType = staticBodyContentType;
    }

    /// <summary>The status the client gets.</summary>
    public int StatusCode { get; }

    /// <summary>The response headers to set.</summary>
    public IReadOnlyList<ResponseHeaderMapping> Headers { get; }

    /// <summary>The UTF-8 body replacing the backend's, if any.</summary>
    public byte[]? StaticBody { get; }

    /// <summary>The content type of the static body.</summary>
    public string? StaticBodyContentType { get; }

    /// <summary>How the answer's body is converted for the client.</summary>
    public ContentHandling ContentHandling { get; }
}

/// <summary>method.response.header.NAME &lt;- 'value' or integration.response.header.SOURCE.</summary>
/// <param name="Name">The client response header.</param>
/// <param name="Value">A static value, when <paramref name="BackendHeader"/> is null.</param>
/// <param name="BackendHeader">The backend response header to copy.</param>
public sealed record ResponseHeaderMapping(string Name, string? Value, string? BackendHeader);
