using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// nginx from Debian as a real backend on 127.0.0.1:18480 (one worker): /echo/ reports what reached it,
/// /files/ serves static files including a 50 MB one. Installed by .ci/run (apt-get install nginx).
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
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        var www = Path.Combine(_directory, "www", "files", "nested dir");
        Directory.CreateDirectory(www);
        await File.WriteAllTextAsync(Path.Combine(www, "hello world.txt"), "hello from nginx\n");
        var large = new byte[LargeFileBytes];
        new Random(42).NextBytes(large);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "www", "files", "large.bin"), large);
        LargeFileHash = SHA256.HashData(large);

        var config = Path.Combine(_directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            daemon off;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log warn;
            events { worker_connections 512; }
            http {
              access_log off;
              client_body_temp_path {{_directory}}/client_body;
              proxy_temp_path {{_directory}}/proxy;
              fastcgi_temp_path {{_directory}}/fastcgi;
              uwsgi_temp_path {{_directory}}/uwsgi;
              scgi_temp_path {{_directory}}/scgi;
              keepalive_requests 100000;
              server {
                listen 127.0.0.1:{{Port}};
                location /echo/ {
                  default_type text/plain;
                  return 200 "uri=$request_uri\nxff=$http_x_forwarded_for\nxfp=$http_x_forwarded_proto\nxfh=$http_x_forwarded_host\nhost=$http_host\nxhop=$http_x_hop\nkeepalive=$http_keep_alive\ncustom=$http_x_custom\nconnection=$connection\n";
                }
                location /files/ { root {{_directory}}/www; }
              }
            }
            """);

        _nginx = RunningProcess.Start(nginx, new[] { "-p", _directory, "-c", config, "-e", Path.Combine(_directory, "error.log") });
        await _nginx.WaitUntilAnsweringAsync($"http://127.0.0.1:{Port}/echo/ready", 20);
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
