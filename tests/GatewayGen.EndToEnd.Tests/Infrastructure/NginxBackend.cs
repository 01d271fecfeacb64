using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// nginx from Debian as a real backend on 127.0.0.1:18480 (one worker): /echo/ reports what reached it,
/// /files/ serves static files including a 50 MB one, /unique/ answers with a request id no other answer has. Installed by .ci/run (apt-get install nginx).
/// </summary>
public sealed class NginxBackend : IAsyncLifetime
{
    public const int Port = 18480;
    public const int LargeFileBytes = 50 * 1024 * 1024;

    private readonly string _directory = Repo.NewTempDirectory("gatewaygen-nginx");
    private RunningProcess? _nginx;

    public byte[] LargeFileHash { get; private set; } = Array.Empty<byte>();

    public async Task InitializeAsync()
    {
        var www = Path.Combine(_directory, "www", "files", "nested dir");
        Directory.CreateDirectory(www);
        await File.WriteAllTextAsync(Path.Combine(www, "hello world.txt"), "hello from nginx\n");
        var large = new byte[LargeFileBytes];
        new Random(42).NextBytes(large);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "www", "files", "large.bin"), large);
        LargeFileHash = SHA256.HashData(large);

        _nginx = await NginxProcess.StartAsync(_directory, $$"""
              access_log off;
              keepalive_requests 100000;
              server {
                listen 127.0.0.1:{{Port}};
                location /echo/ {
                  default_type text/plain;
                  return 200 "uri=$request_uri\nxff=$http_x_forwarded_for\nxfp=$http_x_forwarded_proto\nxfh=$http_x_forwarded_host\nhost=$http_host\nxhop=$http_x_hop\nkeepalive=$http_keep_alive\ncustom=$http_x_custom\nconnection=$connection\ncookie=$http_cookie\n";
                }
                location /files/ { root {{_directory}}/www; }
                location /unique/ {
                  default_type text/plain;
                  return 200 "id=$request_id uri=$request_uri\n";
                }
                location /cors/ {
                  add_header Access-Control-Allow-Origin "*" always;
                  add_header Access-Control-Allow-Methods "DELETE" always;
                  add_header Access-Control-Expose-Headers "x-backend-secret" always;
                  default_type text/plain;
                  return 200 "cors=$request_uri method=$request_method\n";
                }
              }
            """, $"http://127.0.0.1:{Port}/echo/ready");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
