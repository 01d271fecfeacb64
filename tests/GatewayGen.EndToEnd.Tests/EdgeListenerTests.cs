using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// The gateway's listeners as a user configures them: HTTPS from PEM files, mutual TLS, and the settings it
/// refuses to start with (a message and exit code 2, nothing bound). Certificates are made for each run.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class EdgeListenerTests : IAsyncLifetime
{
    private static string EdgeGatewayDll => Repo.GatewayDll("tests/TestGateways/EdgeGateway", "EdgeGateway");

    private readonly string _directory = Repo.NewTempDirectory("gatewaygen-tls");
    private TestCertificates _certificates = null!;

    public Task InitializeAsync()
    {
        _certificates = TestCertificates.Create(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HTTPS_serves_from_PEM_files_with_HSTS_and_answers_malformed_requests_as_JSON_inside_TLS()
    {
        var port = Ports.Free();
        await using var gateway = await StartAsync(port, "--urls", $"https://127.0.0.1:{port}");
        using var client = new HttpClient(Handler(clientCertificate: null)) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("max-age=31536000", string.Join(",", health.Headers.GetValues("Strict-Transport-Security")));

        // A TLS 1.2 client is served; the server's certificate is the configured one.
        using (var tls12 = await ConnectTlsAsync(port, SslProtocols.Tls12, clientCertificate: null))
        {
            Assert.Equal(SslProtocols.Tls12, tls12.SslProtocol);
            Assert.Equal(_certificates.Server.Thumbprint, tls12.RemoteCertificate is X509Certificate2 remote ? remote.Thumbprint : null);
            await tls12.WriteAsync(Encoding.ASCII.GetBytes("GET /mock HTTP/1.1\r\nHost: gateway.test\r\nNo colon\r\n\r\n"));
            var malformed = await RawHttp.ReadAsync(tls12, 15);
            Assert.True(malformed.Status == 400, malformed.ToString());
            Assert.Equal("application/json", malformed.Header("Content-Type"));
            Assert.Contains("\"requestId\"", malformed.Body);
        }

        // The edge's own refusals carry HSTS too.
        using (var tls = await ConnectTlsAsync(port, SslProtocols.Tls13, clientCertificate: null))
        {
            await tls.WriteAsync(Encoding.ASCII.GetBytes("POST /mock HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\nContent-Length: 10485761\r\n\r\n"));
            var tooLarge = await RawHttp.ReadAsync(tls, 15);
            Assert.True(tooLarge.Status == 413, tooLarge.ToString());
            Assert.Equal("max-age=31536000", tooLarge.Header("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task Kestrel_endpoints_with_their_own_certificate_serve_HTTPS_beside_the_admin_listener()
    {
        var port = Ports.Free();
        var adminPort = Ports.Free();
        var certificate = _certificates.KestrelArguments.Select(argument => argument.Replace("--Kestrel:Certificates:Default:", "--Kestrel:Endpoints:Public:Certificate:")).ToArray();
        await using var gateway = RunningProcess.Start("dotnet", new[]
        {
            EdgeGatewayDll, "--Gateway:Health:Path=/healthz", $"--Kestrel:Endpoints:Public:Url=https://127.0.0.1:{port}",
            "--Gateway:Admin:Token=" + new string('a', 32), $"--Gateway:Admin:Url=http://127.0.0.1:{adminPort}",
        }.Concat(certificate));
        await gateway.WaitUntilAnsweringAsync($"http://127.0.0.1:{adminPort}/ping");
        await AnsweringOverHttpsAsync(gateway, port);

        using var client = new HttpClient(Handler(clientCertificate: null));
        using var health = await client.GetAsync($"https://127.0.0.1:{port}/healthz");
        using var ping = await client.GetAsync($"http://127.0.0.1:{adminPort}/ping");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Contains("\"ok\"", await ping.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mutual_TLS_admits_only_certificates_from_the_trust_store_and_maps_the_subject()
    {
        await using var backend = new RecordingBackend();
        await backend.InitializeAsync();
        var port = Ports.Free();
        var plainPort = Ports.Free();
        await using var gateway = await StartAsync(port, "--urls", $"https://127.0.0.1:{port};http://127.0.0.1:{plainPort}", "--Gateway:MutualTls:TrustStore=" + _certificates.TrustStorePath);

        using (var trusted = new HttpClient(Handler(_certificates.Client)) { BaseAddress = new Uri($"https://127.0.0.1:{port}") })
        using (var response = await trusted.GetAsync("/mapped/x"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(new[] { "CN=partner, O=Example Partner" }, Assert.Single(backend.Requests).Header("X-Client-Subject"));

        foreach (var refused in new[] { null, _certificates.Stranger })
        {
            using var client = new HttpClient(Handler(refused)) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/mapped/x"));
        }

        // A plain loopback listener beside it gets no certificate at all, so nothing through it is served.
        using (var plain = new HttpClient())
        using (var response = await plain.GetAsync($"http://127.0.0.1:{plainPort}/mapped/x"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("\"ACCESS_DENIED\"", await response.Content.ReadAsStringAsync());
        }

        Assert.Single(backend.Requests);
    }

    public static TheoryData<string[], string> Refused => new()
    {
        { new[] { "--urls", "http://0.0.0.0:{port}" }, "plain HTTP on a non-loopback address" },
        { new[] { "--urls", "https://127.0.0.1:{port}", "--Kestrel:Certificates:Default:Path=" }, "HTTPS needs a certificate" },
        { new[] { "--Gateway:Admin:Token=too-short", "--Gateway:Admin:Url=http://127.0.0.1:{port2}" }, "Gateway:Admin:Token must be at least 32 characters" },
        { new[] { "--Gateway:Admin:Token=" + new string('t', 40), "--Gateway:Admin:Url=http://0.0.0.0:{port2}" }, "The admin listener would listen on" },
        { new[] { "--Gateway:Limits:MaxPayloadBytes=lots" }, "Gateway:Limits:MaxPayloadBytes must be a whole number" },
        { new[] { "--urls", "https://127.0.0.1:{port}", "--Gateway:MutualTls:TrustStore=/nonexistent/ca.pem" }, "could not be read" },
        { new[] { "--urls", "https://127.0.0.1:{port}", "--Kestrel:EndpointDefaults:SslProtocols=Tls11" }, "Kestrel:EndpointDefaults:SslProtocols is 'Tls11'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_listener_it_cannot_keep_safe_stops_the_gateway_with_a_message_and_exit_code_2(string[] arguments, string message)
    {
        var port = Ports.Free();
        var adminPort = Ports.Free();
        var withCertificate = arguments.Contains("--urls") && !arguments.Any(argument => argument.StartsWith("--Kestrel:Certificates", StringComparison.Ordinal))
            ? _certificates.KestrelArguments
            : Array.Empty<string>();
        var all = new[] { EdgeGatewayDll }
            .Concat(arguments.Select(argument => argument.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{port2}", adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Concat(withCertificate);

        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", all, timeoutSeconds: 120);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains("The gateway cannot start: ", output);
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output); // a message, not a stack trace
    }

    [Fact]
    public async Task Plain_HTTP_off_loopback_starts_when_allowed_for_a_TLS_terminating_load_balancer()
    {
        var port = Ports.Free();
        await using var gateway = RunningProcess.Start("dotnet", new[] { EdgeGatewayDll, "--urls", $"http://0.0.0.0:{port}", "--Gateway:AllowPlainHttp=true", "--Gateway:Health:Path=/healthz" });
        await gateway.WaitUntilAnsweringAsync($"http://127.0.0.1:{port}/healthz");

        using var client = new HttpClient();
        using var health = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<RunningProcess> StartAsync(int port, params string[] arguments)
    {
        var gateway = RunningProcess.Start("dotnet", new[] { EdgeGatewayDll, "--Gateway:Health:Path=/healthz" }.Concat(arguments).Concat(_certificates.KestrelArguments));
        return await AnsweringOverHttpsAsync(gateway, port);
    }

    // Kestrel binds its endpoints one after another: each is polled on its own.
    private async Task<RunningProcess> AnsweringOverHttpsAsync(RunningProcess gateway, int port)
    {
        using var client = new HttpClient(Handler(_certificates.Client)) { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            Assert.False(gateway.HasExited, "The gateway exited:\n" + gateway.Output);
            try
            {
                using var _ = await client.GetAsync($"https://127.0.0.1:{port}/healthz");
                return gateway;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        await gateway.DisposeAsync();
        throw new TimeoutException("The gateway did not answer over HTTPS:\n" + gateway.Output);
    }

    private SocketsHttpHandler Handler(X509Certificate2? clientCertificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && _certificates.IsIssuedByAuthority(server),
            ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        },
    };

    private async Task<SslStream> ConnectTlsAsync(int port, SslProtocols protocols, X509Certificate2? clientCertificate)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && _certificates.IsIssuedByAuthority(server),
            ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
        });
        return tls;
    }
}
