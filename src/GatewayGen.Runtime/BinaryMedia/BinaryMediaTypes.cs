using System;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// Binary media owns API Gateway's content type conversions for mocks and http integrations (proxies pass bytes
/// untouched): x-amazon-apigateway-binary-media-types says which payloads are binary, <see cref="ContentHandling"/>
/// asks for a base64 conversion, and <see cref="PayloadConversion"/> applies AWS's table of the two.
/// </summary>
public sealed class BinaryMediaTypes
{
    private readonly string[] _mediaTypes;

    /// <param name="mediaTypes">type/subtype entries; <c>type/*</c> and <c>*/*</c> match any subtype or type.</param>
    public BinaryMediaTypes(string[] mediaTypes) => _mediaTypes = mediaTypes;

    /// <summary>Whether a media type (of a Content-Type or an Accept entry, parameters ignored) is binary.</summary>
    public bool Matches(string? mediaType)
    {
        if (mediaType is null || !MediaTypeHeaderValue.TryParse(mediaType, out var parsed) || !parsed.MediaType.HasValue)
        {
            return false;
        }

        var actual = parsed.MediaType.AsSpan();
        foreach (var entry in _mediaTypes)
        {
            if (entry == "*/*" || actual.Equals(entry, StringComparison.OrdinalIgnoreCase) ||
                (entry.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(entry.AsSpan(0, entry.Length - 1), StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the client asks for binary: API Gateway looks at the first media type of Accept only.</summary>
    public bool AcceptsBinary(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return false;
        }

        var comma = accept.IndexOf(',');
        return Matches(comma < 0 ? accept : accept.Substring(0, comma));
    }
}

/// <summary>contentHandling: how a payload is converted between base64 text and bytes (AWS's names in comments).</summary>
public enum ContentHandling
{
    /// <summary>contentHandling undefined: passed through, unless the binary media types call for a conversion.</summary>
    Passthrough,

    /// <summary>CONVERT_TO_TEXT: a binary payload becomes its base64 text.</summary>
    ConvertToText,

    /// <summary>CONVERT_TO_BINARY: a text payload is read as base64 and becomes the bytes it encodes.</summary>
    ConvertToBinary,
}

/// <summary>What happens to a payload on its way.</summary>
public enum PayloadConversion
{
    /// <summary>The bytes pass as they are.</summary>
    None,

    /// <summary>Binary to base64 text.</summary>
    ToBase64,

    /// <summary>Base64 text to the bytes it encodes.</summary>
    FromBase64,
}

/// <summary>AWS's "Content type conversions in API Gateway" tables, as two functions.</summary>
public static class PayloadConversions
{
    /// <summary>An integration request: <paramref name="binaryPayload"/> when the request's Content-Type is a binary media type.</summary>
    public static PayloadConversion ForRequest(ContentHandling handling, bool binaryPayload) => handling switch
    {
        ContentHandling.ConvertToBinary when !binaryPayload => PayloadConversion.FromBase64,
        ContentHandling.ConvertToText when binaryPayload => PayloadConversion.ToBase64,
        _ => PayloadConversion.None,
    };

    /// <summary>
    /// A method response: <paramref name="binaryPayload"/> when the integration's answer is binary,
    /// <paramref name="binaryAccept"/> when the client's first Accept type is. Without contentHandling a payload is
    /// converted to what the client accepts, and only when the API lists binary media types.
    /// </summary>
    public static PayloadConversion ForResponse(ContentHandling handling, BinaryMediaTypes? types, bool binaryPayload, bool binaryAccept) => handling switch
    {
        ContentHandling.ConvertToBinary => binaryPayload ? PayloadConversion.None : PayloadConversion.FromBase64,
        ContentHandling.ConvertToText => binaryPayload ? PayloadConversion.ToBase64 : PayloadConversion.None,
        _ when types is null || binaryPayload == binaryAccept => PayloadConversion.None,
        _ => binaryPayload ? PayloadConversion.ToBase64 : PayloadConversion.FromBase64,
    };

    /// <summary>
    /// Whether a method response's conversion came from the client's Accept alone (no contentHandling). AWS's table
    /// decodes a text payload for a binary Accept and answers 500 when it is not base64; here such a payload passes
    /// unconverted instead, since a client's header must never turn a good answer into a gateway or backend error.
    /// </summary>
    public static bool OnlyAskedByClient(ContentHandling handling) => handling == ContentHandling.Passthrough;

    /// <summary>Converts <paramref name="payload"/>; null when it should be base64 and is not.</summary>
    public static byte[]? Apply(PayloadConversion conversion, ReadOnlySpan<byte> payload)
    {
        switch (conversion)
        {
            case PayloadConversion.ToBase64:
                var text = new byte[System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(payload.Length)];
                System.Buffers.Text.Base64.EncodeToUtf8(payload, text, out _, out var written);
                return written == text.Length ? text : text.AsSpan(0, written).ToArray();
            case PayloadConversion.FromBase64:
                // Base64 as API Gateway reads it: whitespace (line breaks) allowed, nothing else.
                var bytes = new byte[System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
                var chars = System.Text.Encoding.ASCII.GetString(payload);
                return Convert.TryFromBase64String(chars, bytes, out var decoded) ? bytes.AsSpan(0, decoded).ToArray() : null;
            default:
                return payload.ToArray();
        }
    }
}
