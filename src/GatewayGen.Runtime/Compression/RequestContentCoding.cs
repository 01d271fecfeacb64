using System;
using System.IO;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// The Content-Encoding of a request body the gateway reads: gzip, br and deflate are decoded (as API Gateway
/// decodes them); anything else is a 415 naming it. System.IO.Compression's streams, since ASP.NET Core's
/// RequestDecompression middleware decodes every body, and a body the gateway only passes on keeps its coding.
/// </summary>
internal static class RequestContentCoding
{
    /// <summary>The request's content coding, or null when its body is not encoded (no header, or identity).</summary>
    public static string? Of(HttpRequest request)
    {
        var values = request.Headers.ContentEncoding;
        if (values.Count == 0)
        {
            return null;
        }

        var coding = values.ToString().Trim();
        return coding.Length == 0 || coding.Equals("identity", StringComparison.OrdinalIgnoreCase) ? null : coding;
    }

    /// <summary>A stream of the body's bytes (read whole, so bounded by the payload limit) decoded, or a 415 for a coding the gateway cannot decode.</summary>
    /// <exception cref="GatewayRequestException">The coding is not gzip, br or deflate.</exception>
    public static Stream Decoder(string coding, RequestBody body)
    {
        if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            return new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        }

        if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
        {
            return new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true);
        }

        if (coding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
        {
            // HTTP's deflate is zlib-wrapped (RFC 9110), but many clients send raw deflate: the first two bytes tell
            // (a zlib header has method 8 and is a multiple of 31), as browsers decide.
            var head = body.Span;
            var zlib = head.Length >= 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
            return zlib ? new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true) : new DeflateStream(body, CompressionMode.Decompress, leaveOpen: true);
        }

        throw new GatewayRequestException(GatewayResponseType.UnsupportedMediaType,
            $"The request body's Content-Encoding '{coding}' is not supported: send it as gzip, br, deflate or not encoded.");
    }

    /// <summary>A refusal for a body that is not what its Content-Encoding says (API Gateway answers 415 too).</summary>
    public static GatewayRequestException NotEncodedAs(string coding, Exception exception) =>
        new(GatewayResponseType.UnsupportedMediaType, $"The request body is not valid {coding} data, as its Content-Encoding says: {exception.Message}");
}
