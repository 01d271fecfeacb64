using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// Owns one API's x-amazon-apigateway-gateway-responses: for each of the 21 response types, the customisation that
/// shapes the gateway's own answers of that type (status, headers, body template). As in API Gateway, a type the
/// document does not customise takes DEFAULT_4XX's or DEFAULT_5XX's customisation, by the class of its default
/// status; a type with neither keeps the gateway's default answer. Built once per API from generated code;
/// <see cref="GatewayErrors"/> applies it.
/// </summary>
public sealed class GatewayResponses
{
    private readonly GatewayResponse?[] _byType = new GatewayResponse?[GatewayResponseType.All.Count];

    /// <summary>The API's customisations, at most one per response type.</summary>
    public GatewayResponses(params GatewayResponse[] responses)
    {
        GatewayResponse? default4xx = null;
        GatewayResponse? default5xx = null;
        foreach (var response in responses)
        {
            _byType[response.Type.Index] = response;
            default4xx = response.Type == GatewayResponseType.Default4xx ? response : default4xx;
            default5xx = response.Type == GatewayResponseType.Default5xx ? response : default5xx;
        }

        foreach (var type in GatewayResponseType.All)
        {
            if (type != GatewayResponseType.Default4xx && type != GatewayResponseType.Default5xx)
            {
                _byType[type.Index] ??= type.IsServerError ? default5xx : default4xx;
            }
        }
    }

    /// <summary>What answers of <paramref name="type"/> look like in this API: its own customisation, else the DEFAULT_4XX/5XX one, else null.</summary>
    public GatewayResponse? For(GatewayResponseType type) => _byType[type.Index];
}

/// <summary>One gateway response customisation: x-amazon-apigateway-gateway-responses.{TYPE}.</summary>
public sealed class GatewayResponse
{
    private readonly ResponseHeader[] _headers;
    private readonly ResponseTemplate[] _templates;

    /// <summary>Creates the customisation of <paramref name="type"/>.</summary>
    /// <param name="type">The response type it customises.</param>
    /// <param name="statusCode">The status to answer with instead of the type's, or null to keep it.</param>
    /// <param name="headers">responseParameters: the headers to set on the answer.</param>
    /// <param name="templates">responseTemplates, in document order (the first is the fallback when none matches Accept).</param>
    public GatewayResponse(GatewayResponseType type, int? statusCode = null, ResponseHeader[]? headers = null, ResponseTemplate[]? templates = null)
    {
        Type = type;
        StatusCode = statusCode;
        _headers = headers ?? Array.Empty<ResponseHeader>();
        _templates = templates ?? Array.Empty<ResponseTemplate>();
    }

    /// <summary>The response type it customises.</summary>
    public GatewayResponseType Type { get; }

    /// <summary>The status it answers with, or null for the type's own.</summary>
    public int? StatusCode { get; }

    /// <summary>Sets the status and headers on the response, and picks the body template (null: the gateway's default body).</summary>
    internal ResponseTemplate? Apply(HttpContext context, in GatewayError error)
    {
        var response = context.Response;
        if (StatusCode is { } status)
        {
            response.StatusCode = status;
        }

        foreach (var header in _headers)
        {
            // A value that could split or break the header (CR, LF, other controls, non-ASCII) is dropped, never sent.
            if (header.Value.Resolve(context, error, TemplateEscaping.None) is { } value && ResponseHeader.IsSafeValue(value))
            {
                response.Headers[header.Name] = value;
            }
        }

        return Choose(context.Request);
    }

    // API Gateway's rule for response templates: the Accept header's media type picks one; without Accept,
    // application/json; when nothing matches, the first template.
    private ResponseTemplate? Choose(HttpRequest request)
    {
        if (_templates.Length == 0)
        {
            return null;
        }

        var accept = request.Headers.Accept;
        if (accept.Count > 0 && MediaTypeHeaderValue.TryParseList(accept, out var accepted))
        {
            var anything = false;
            foreach (var media in ByQuality(accepted))
            {
                anything |= media.MatchesAllTypes;
                foreach (var template in _templates)
                {
                    if (media.MediaType.Equals(template.MediaType, StringComparison.OrdinalIgnoreCase))
                    {
                        return template;
                    }
                }
            }

            if (!anything)
            {
                return _templates[0];
            }
        }

        foreach (var template in _templates)
        {
            if (template.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return template;
            }
        }

        return _templates[0];
    }

    // Highest quality first, the header's order among equals; q=0 means "not this one".
    private static IEnumerable<MediaTypeHeaderValue> ByQuality(IList<MediaTypeHeaderValue> accepted)
    {
        var ordered = new List<(MediaTypeHeaderValue Media, int Position)>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            if (accepted[i].Quality is not 0)
            {
                ordered.Add((accepted[i], i));
            }
        }

        ordered.Sort(static (a, b) => (b.Media.Quality ?? 1).CompareTo(a.Media.Quality ?? 1) is var byQuality and not 0 ? byQuality : a.Position.CompareTo(b.Position));
        foreach (var (media, _) in ordered)
        {
            yield return media;
        }
    }
}

/// <summary>One responseParameters entry: gatewayresponse.header.NAME and where its value comes from.</summary>
public sealed class ResponseHeader
{
    /// <summary>Creates the mapping of header <paramref name="name"/> (checked to be an HTTP token at build time).</summary>
    public ResponseHeader(string name, ResponseValue value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The header's name.</summary>
    public string Name { get; }

    /// <summary>Where its value comes from.</summary>
    public ResponseValue Value { get; }

    /// <summary>Visible ASCII, spaces and tabs only: nothing a client's value could use to add a header or end the head.</summary>
    internal static bool IsSafeValue(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }
}
