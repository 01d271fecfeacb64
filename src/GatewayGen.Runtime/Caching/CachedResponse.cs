using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// One cached answer as the store keeps it: status, headers, the request header values its <c>Vary</c> names, and the
/// body, in a small versioned binary form (the store holds bytes, so a shared store can hold it too).
/// </summary>
internal sealed class CachedResponse
{
    private const byte FormatVersion = 1;

    private CachedResponse(int statusCode, DateTimeOffset stored, KeyValuePair<string, string?>[] vary, KeyValuePair<string, string[]>[] headers, byte[] body)
    {
        StatusCode = statusCode;
        Stored = stored;
        Vary = vary;
        Headers = headers;
        Body = body;
    }

    public int StatusCode { get; }

    public DateTimeOffset Stored { get; }

    /// <summary>The request headers the answer varies by, with the values of the request it answered (null: absent).</summary>
    public KeyValuePair<string, string?>[] Vary { get; }

    public KeyValuePair<string, string[]>[] Headers { get; }

    public byte[] Body { get; }

    /// <summary>Whether this answer fits <paramref name="request"/>: each header its Vary names has the value it had.</summary>
    public bool Fits(HttpRequest request)
    {
        foreach (var (name, value) in Vary)
        {
            if (!string.Equals(Joined(request.Headers[name]), value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the answer; headers already set for this request (its request id, CORS) are kept, not replaced.</summary>
    public async Task WriteAsync(HttpContext context, DateTimeOffset now)
    {
        var response = context.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, values) in Headers)
        {
            if (!response.Headers.ContainsKey(name))
            {
                response.Headers[name] = values;
            }
        }

        response.Headers.Age = Math.Max(0, (long)(now - Stored).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentLength = Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && Body.Length > 0)
        {
            await response.Body.WriteAsync(Body, context.RequestAborted);
        }
    }

    public static byte[] Write(int statusCode, DateTimeOffset stored, KeyValuePair<string, string?>[] vary, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        using var buffer = new MemoryStream(body.Length + 512);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(statusCode);
            writer.Write(stored.UtcTicks);
            writer.Write(vary.Length);
            foreach (var (name, value) in vary)
            {
                writer.Write(name);
                writer.Write(value is not null);
                writer.Write(value ?? "");
            }

            var kept = new List<KeyValuePair<string, StringValues>>();
            foreach (var header in headers)
            {
                if (IsKept(header.Key))
                {
                    kept.Add(header);
                }
            }

            writer.Write(kept.Count);
            foreach (var (name, values) in kept)
            {
                writer.Write(name);
                writer.Write(values.Count);
                foreach (var value in values)
                {
                    writer.Write(value ?? "");
                }
            }

            writer.Write(body.Length);
            writer.Write(body);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads an entry; null for bytes of another format version or cut short (then it is a miss, not an error).</summary>
    public static CachedResponse? Read(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var status = reader.ReadInt32();
            var stored = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var vary = new KeyValuePair<string, string?>[reader.ReadInt32()];
            for (var i = 0; i < vary.Length; i++)
            {
                var name = reader.ReadString();
                var present = reader.ReadBoolean();
                var value = reader.ReadString();
                vary[i] = new(name, present ? value : null);
            }

            var headers = new KeyValuePair<string, string[]>[reader.ReadInt32()];
            for (var i = 0; i < headers.Length; i++)
            {
                var name = reader.ReadString();
                var values = new string[reader.ReadInt32()];
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = reader.ReadString();
                }

                headers[i] = new(name, values);
            }

            var length = reader.ReadInt32();
            var body = reader.ReadBytes(length);
            return body.Length == length && reader.BaseStream.Position == bytes.Length ? new CachedResponse(status, stored, vary, headers, body) : null;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A header's values as one string, to compare a request with the one an entry answered.</summary>
    public static string? Joined(StringValues values) => values.Count == 0 ? null : string.Join("\n", values.ToArray());

    // Framing and this request's own headers are the gateway's to write afresh; everything the answer said is kept.
    private static bool IsKept(string name) =>
        !HopByHopHeaders.IsHopByHop(name) &&
        !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Date", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Age", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals(EdgeMiddleware.RequestIdHeader, StringComparison.OrdinalIgnoreCase);
}
