using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends bytes no HttpClient would send (malformed requests, CR LF in a URL, a request cut short) and reads what
/// comes back until the server closes the connection or the time is up.
/// </summary>
internal static class RawHttp
{
    /// <summary>Writes <paramref name="request"/>, then reads the answer (bounded by <paramref name="timeoutSeconds"/>).</summary>
    public static async Task<RawResponse> SendAsync(int port, byte[] request, int timeoutSeconds = 15)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        return await ReadAsync(stream, timeoutSeconds);
    }

    public static Task<RawResponse> SendAsync(int port, string request, int timeoutSeconds = 15) =>
        SendAsync(port, Encoding.Latin1.GetBytes(request), timeoutSeconds);

    /// <summary>
    /// Writes <paramref name="head"/>, then <paramref name="bodyBytes"/> of body in chunks (chunked encoding when
    /// <paramref name="chunked"/>) while reading the answer, which may come before the body is all sent.
    /// </summary>
    public static async Task<RawResponse> SendBodyAsync(int port, string head, long bodyBytes, bool chunked, int timeoutSeconds = 60)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.Latin1.GetBytes(head));
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'a');
                for (long sent = 0; sent < bodyBytes;)
                {
                    var size = (int)Math.Min(chunk.Length, bodyBytes - sent);
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
                    }

                    await stream.WriteAsync(chunk.AsMemory(0, size));
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray());
                    }

                    sent += size;
                }

                if (chunked)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                // The server answered and closed before the body was all sent, as it may.
            }
        });
        var response = await ReadAsync(stream, timeoutSeconds);
        client.Close();
        await writing;
        return response;
    }

    /// <summary>Reads one response: its head, then Content-Length bytes of body (or up to the end of the stream).</summary>
    public static async Task<RawResponse> ReadAsync(Stream stream, int timeoutSeconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var text = Encoding.Latin1.GetString(received.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && RawResponse.ContentLength(text[..end]) is { } length && received.Length >= end + 4 + length)
                {
                    break;
                }

                if (end >= 0 && RawResponse.IsChunked(text[..end]) && text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }

                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The server reset the connection or the time ran out: the test looks at what arrived.
        }

        return new RawResponse(Encoding.Latin1.GetString(received.ToArray()));
    }
}

/// <summary>What came back: the status line, the head and the body as text.</summary>
internal sealed record RawResponse(string Text)
{
    private int HeadEnd => Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);

    public int Status => Text.StartsWith("HTTP/", StringComparison.Ordinal) ? int.Parse(Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) : 0;

    public string Head => HeadEnd < 0 ? Text : Text[..HeadEnd];

    /// <summary>The body, with chunked transfer encoding undone.</summary>
    public string Body => HeadEnd < 0 ? "" : IsChunked(Head) ? Dechunk(Text[(HeadEnd + 4)..]) : Text[(HeadEnd + 4)..];

    internal static bool IsChunked(string head) => head.Split("\r\n").Any(line => line.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase));

    private static string Dechunk(string chunked)
    {
        var body = new System.Text.StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0 || lineEnd + 2 + size > chunked.Length)
            {
                break;
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }

    public string? Header(string name) => Head.Split("\r\n").Skip(1).Select(line => line.Split(':', 2))
        .Where(pair => pair.Length == 2 && pair[0].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(pair => pair[1].Trim()).FirstOrDefault();

    internal static long? ContentLength(string head) => head.Split("\r\n").Skip(1).Select(line => line.Split(':', 2))
        .Where(pair => pair.Length == 2 && pair[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        .Select(pair => (long?)long.Parse(pair[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    public override string ToString() => Text.Length > 2000 ? Text[..2000] + "..." : Text;
}
