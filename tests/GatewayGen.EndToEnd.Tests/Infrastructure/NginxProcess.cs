using System.IO;
using System.Threading.Tasks;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's nginx as a test server: one worker, in the foreground, everything it writes (pid, logs, temp files)
/// inside <c>directory</c>, the given <c>http { }</c> body around the usual temp paths.
/// </summary>
internal static class NginxProcess
{
    public static async Task<RunningProcess> StartAsync(string directory, string httpBody, string readyUrl)
    {
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 512; }
            http {
              client_body_temp_path {{directory}}/client_body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
            {{httpBody}}
            }
            """);
        var process = RunningProcess.Start(nginx, new[] { "-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log") });
        await process.WaitUntilAnsweringAsync(readyUrl, 20);
        return process;
    }
}
