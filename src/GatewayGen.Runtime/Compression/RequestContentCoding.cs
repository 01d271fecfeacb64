using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// The Content-Encoding of a request body the gateway reads: gzip, br and deflate (zlib) are decoded (as API Gateway
/// decodes them), and only a whole stream is accepted: one cut off, or followed by other bytes, is a 415 as broken
/// data is; anything else is a 415 naming it. System.IO.Compression does it, since ASP.NET Core's
/// RequestDecompression middleware decodes every body (and a body the gateway only passes on keeps its coding).
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

    /// <summary>
    /// Decodes a body read whole into a pooled buffer, refusing it as soon as it decodes to more than
    /// <paramref name="limit"/> bytes (a small body that inflates to gigabytes stops after the first limit's worth).
    /// </summary>
    /// <exception cref="GatewayRequestException">413 past the limit; 415 for a coding other than gzip, br or deflate, or data that is not one whole stream of it.</exception>
    public static RequestBody Decode(string coding, RequestBody sent, long limit)
    {
        var decoded = new DecodedBytes(limit, coding);
        try
        {
            if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                decoded.Inflate(new GZipStream(sent, CompressionMode.Decompress, leaveOpen: true));
                CheckGzipTrailer(sent.Span, decoded.Span);
            }
            else if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                decoded.DecodeBrotli(sent.Span);
            }
            else if (coding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
            {
                // HTTP's deflate is zlib-wrapped (RFC 9110): raw deflate has no checksum, so a cut-off one cannot be told
                // from a whole one, and is refused. A zlib header has method 8 and is a multiple of 31.
                var head = sent.Span;
                if (!sent.IsEmpty && !(head.Length >= 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0))
                {
                    throw new InvalidDataException("deflate must be zlib-wrapped, as HTTP defines it (raw deflate carries no check that it arrived whole).");
                }

                decoded.Inflate(new ZLibStream(sent, CompressionMode.Decompress, leaveOpen: true));
                CheckZlibTrailer(sent.Span, decoded.Span);
            }
            else
            {
                throw new GatewayRequestException(GatewayResponseType.UnsupportedMediaType,
                    $"The request body's Content-Encoding '{coding}' is not supported: send it as gzip, br, deflate or not encoded.");
            }

            return decoded.ToBody();
        }
        catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException and not ObjectDisposedException)
        {
            decoded.Dispose();
            throw new GatewayRequestException(GatewayResponseType.UnsupportedMediaType,
                $"The request body is not valid {coding} data, as its Content-Encoding says: {exception.Message}");
        }
        catch
        {
            decoded.Dispose();
            throw;
        }
    }

    // zlib checks a gzip trailer only when it gets to it, and GZipStream ends quietly on input cut off before it:
    // the last 8 bytes must be the CRC-32 and length of what was decoded (so a single member, nothing after it).
    private static void CheckGzipTrailer(ReadOnlySpan<byte> sent, ReadOnlySpan<byte> decoded)
    {
        if (sent.IsEmpty)
        {
            return;
        }

        if (sent.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(sent[^4..]) != (uint)decoded.Length || BinaryPrimitives.ReadUInt32LittleEndian(sent[^8..]) != Crc32.HashToUInt32(decoded))
        {
            throw new InvalidDataException("it does not end with the gzip trailer (CRC-32 and length) of what it decodes to: it is cut off, has bytes after its end, or holds several gzip members.");
        }
    }

    // The same for zlib: ZLibStream ends quietly on cut-off input, so the last 4 bytes must be the Adler-32 of the data.
    private static void CheckZlibTrailer(ReadOnlySpan<byte> sent, ReadOnlySpan<byte> decoded)
    {
        if (!sent.IsEmpty && (sent.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(sent[^4..]) != Adler32(decoded)))
        {
            throw new InvalidDataException("it does not end with the zlib trailer (Adler-32) of what it decodes to: it is cut off or has bytes after its end.");
        }
    }

    // Adler-32 (RFC 1950) by hand: System.IO.Hashing has none before .NET 11. 5552 bytes keep the sums within 32 bits.
    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, 5552)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= 65521;
            b %= 65521;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    /// <summary>Decoded bytes in a pooled buffer that grows to at most one byte past the limit.</summary>
    private struct DecodedBytes(long limit, string coding)
    {
        private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _length;

        public readonly ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

        public void Inflate(Stream decoder)
        {
            using (decoder)
            {
                int read;
                while ((read = decoder.Read(Free())) > 0)
                {
                    Add(read);
                }
            }
        }

        // BrotliDecoder says whether the stream ended (Done), where BrotliStream ends quietly on cut-off input.
        public void DecodeBrotli(ReadOnlySpan<byte> sent)
        {
            if (sent.IsEmpty)
            {
                return;
            }

            using var decoder = new BrotliDecoder();
            while (true)
            {
                var status = decoder.Decompress(sent, Free(), out var consumed, out var written);
                sent = sent[consumed..];
                Add(written);
                switch (status)
                {
                    case OperationStatus.Done when sent.IsEmpty:
                        return;
                    case OperationStatus.Done:
                        throw new InvalidDataException("it has bytes after the end of its br stream.");
                    case OperationStatus.NeedMoreData:
                        throw new InvalidDataException("its br stream is cut off before its end.");
                    case OperationStatus.InvalidData:
                        throw new InvalidDataException("it is not a br stream.");
                }
            }
        }

        public RequestBody ToBody()
        {
            var body = RequestBody.Own(_buffer!, _length);
            _buffer = null;
            return body;
        }

        public void Dispose()
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private Span<byte> Free()
        {
            if (_length == _buffer!.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(_buffer.Length * 2L, limit + 1), Array.MaxLength));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return _buffer.AsSpan(_length);
        }

        private void Add(int count)
        {
            _length += count;
            if (_length > limit)
            {
                throw new GatewayRequestException(GatewayResponseType.RequestTooLarge, $"The request body is larger than the gateway's limit of {limit} bytes once decoded from its Content-Encoding {coding}.");
            }
        }
    }
}
