using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A backend on 127.0.0.1:18482 that keeps the exact bytes of every request it receives, so a test can see that no
/// header was injected and no second request smuggled. It reads HTTP/1.1 by hand on purpose: a real server would
/// parse (and so hide) what a test needs to see. It answers each request with its head as text/plain.
/// </summary>
public sealed class RecordingBackend : IAsyncLifetime
{
    public const int Port = 18482;

    private readonly TcpListener _listener = new(IPAddress.Loopback, Port);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private Task? _accepting;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<Recorded> Requests => _requests.ToArray();

    public Task InitializeAsync()
    {
        _listener.Start();
        _accepting = AcceptAsync();
        return Task.CompletedTask;
    }

    /// <summary>Forgets what was received (each test looks at its own requests).</summary>
    public void Clear() => _requests.Clear();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var pending = new List<byte>();
        var buffer = new byte[65536];
        try
        {
            for (var requests = 0; requests < 1000; requests++)
            {
                var head = await ReadHeadAsync(stream, pending, buffer);
                if (head is null)
                {
                    return;
                }

                var text = Encoding.Latin1.GetString(head);
                var body = await ReadBodyAsync(stream, pending, buffer, text);
                _requests.Enqueue(new Recorded(text, body));
                var answer = Encoding.Latin1.GetBytes(text);
                // A path with "bad-header" gets a header no server may send (a control character in its value).
                var bad = text.StartsWith("GET /files/bad-header", StringComparison.Ordinal) ? "X-Bad: a\u0001b\r\nSet-Cookie: session=backend\r\n" : "";
                var response = Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{bad}X-Received-Body-Bytes: {body.Length}\r\nContent-Length: {answer.Length}\r\n\r\n");
                await stream.WriteAsync(response.Concat(answer).ToArray(), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or InvalidDataException)
        {
        }
    }

    private async Task<byte[]?> ReadHeadAsync(NetworkStream stream, List<byte> pending, byte[] buffer)
    {
        while (true)
        {
            var end = IndexOf(pending, "\r\n\r\n"u8.ToArray());
            if (end >= 0)
            {
                var head = pending.GetRange(0, end + 4).ToArray();
                pending.RemoveRange(0, end + 4);
                return head;
            }

            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    private async Task<byte[]> ReadBodyAsync(NetworkStream stream, List<byte> pending, byte[] buffer, string head)
    {
        var lines = head.Split("\r\n");
        var length = lines.Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2 && pair[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(pair => long.Parse(pair[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        if (lines.Any(line => line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException("The recorder expects bodies with a Content-Length (the gateway sends them so).");
        }

        while (pending.Count < length)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                throw new IOException("The body ended early.");
            }

            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var body = pending.GetRange(0, (int)length).ToArray();
        pending.RemoveRange(0, (int)length);
        return body;
    }

    private static int IndexOf(List<byte> bytes, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= bytes.Count; i++)
        {
            var found = true;
            for (var j = 0; j < pattern.Length && found; j++)
            {
                found = bytes[i + j] == pattern[j];
            }

            if (found)
            {
                return i;
            }
        }

        return -1;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }
    }

    /// <summary>One request as received: its head (request line and header lines, Latin-1) and its body.</summary>
    public sealed record Recorded(string Head, byte[] Body)
    {
        public string RequestLine => Head[..Head.IndexOf("\r\n", StringComparison.Ordinal)];

        /// <summary>The values of a header, by name, as received.</summary>
        public IReadOnlyList<string> Header(string name) => Head.Split("\r\n").Skip(1)
            .Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2 && pair[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim()).ToArray();
    }
}
