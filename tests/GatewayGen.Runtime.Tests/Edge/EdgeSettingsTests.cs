using System.Collections.Generic;
using System.Linq;
using System.Text;
using GatewayGen.Runtime;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace GatewayGen.Runtime.Tests.Edge;

/// <summary>The edge's settings, the listeners it refuses, and the JSON it puts on the server's own answers.</summary>
public sealed class EdgeSettingsTests
{
    [Fact]
    public void The_defaults_are_API_Gateways_limits()
    {
        var settings = GatewayEdgeSettings.FromConfiguration(Configuration());

        Assert.Equal((10_485_760L, 10_240, 10_240), (settings.MaxPayloadBytes, settings.MaxHeaderValueBytes, settings.MaxHeadersTotalBytes));
        Assert.Null(settings.Problem);
        Assert.False(settings.AllowPlainHttp);
    }

    [Theory]
    [InlineData("Gateway:Limits:MaxPayloadBytes", "ten", "Gateway:Limits:MaxPayloadBytes must be a whole number")]
    [InlineData("Gateway:Limits:MaxUrlLength", "10", "Gateway:Limits:MaxUrlLength must be a whole number from 64")]
    [InlineData("Gateway:Limits:MinDataRateGracePeriodSeconds", "1", "from 2 to 3600")]
    [InlineData("Gateway:AllowPlainHttp", "yes", "Gateway:AllowPlainHttp must be true or false, not 'yes'")]
    [InlineData("Gateway:TrustedProxies", "0.0.0.0/0", "Gateway:TrustedProxies '0.0.0.0/0' trusts every address")]
    [InlineData("Gateway:TrustedProxies", "10.0.0.0/8, load-balancer", "Gateway:TrustedProxies must list IP addresses or CIDR blocks (10.0.0.0/8), not 'load-balancer'")]
    public void A_bad_setting_is_a_start_up_problem_naming_it(string key, string value, string message)
    {
        var settings = GatewayEdgeSettings.FromConfiguration(Configuration((key, value)));

        Assert.Contains(message, settings.Problem);
        Assert.Contains(message, string.Join("\n", GatewayListeners.Problems(Configuration(), settings, admin: null)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", false, null)]
    [InlineData("http://localhost:8080", false, null)]
    [InlineData("http://[::1]:8080", false, null)]
    [InlineData("http://0.0.0.0:8080", false, "plain HTTP on a non-loopback address")]
    [InlineData("http://*:8080", false, "plain HTTP on a non-loopback address")]
    [InlineData("http://0.0.0.0:8080", true, null)]
    [InlineData("https://0.0.0.0:8443", false, "HTTPS needs a certificate")]
    [InlineData("ftp://0.0.0.0:21", false, "is not a URL such as")]
    public void Plain_HTTP_listens_on_loopback_only_unless_allowed(string urls, bool allowPlainHttp, string? problem)
    {
        var configuration = Configuration(("urls", urls));
        var settings = GatewayEdgeSettings.FromConfiguration(configuration) with { AllowPlainHttp = allowPlainHttp };

        var problems = GatewayListeners.Problems(configuration, settings, admin: null);

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, found => found.Contains(problem));
        }
    }

    [Fact]
    public void Weak_TLS_versions_and_client_certificates_without_HTTPS_are_refused()
    {
        var configuration = Configuration(("urls", "http://127.0.0.1:8080"), ("Kestrel:EndpointDefaults:SslProtocols", "Tls12,Tls11"));
        var settings = GatewayEdgeSettings.FromConfiguration(configuration) with { TrustStorePath = "/etc/ca.pem" };

        var problems = GatewayListeners.Problems(configuration, settings, admin: null);

        Assert.Contains(problems, found => found.Contains("Kestrel:EndpointDefaults:SslProtocols is 'Tls12,Tls11'"));
        Assert.Contains(problems, found => found.Contains("only an HTTPS listener can receive"));
    }

    [Theory]
    [InlineData("Kestrel:Endpoints:Public:Sni:*:SslProtocols", "Tls11")] // an SNI entry's own protocols
    [InlineData("Kestrel:Endpoints:Public:SslProtocols", "768")] // Tls11, as a number
    [InlineData("Kestrel:Endpoints:Public:SslProtocols", "None")] // left to the system
    [InlineData("Kestrel:Endpoints:Public:SslProtocols", "Tls13,Ssl3")]
    public void Every_way_of_allowing_old_TLS_is_refused(string key, string value)
    {
        var configuration = Configuration(("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:8443"), ("Kestrel:Certificates:Default:Path", "cert.pem"), (key, value));

        var problems = GatewayListeners.Problems(configuration, GatewayEdgeSettings.FromConfiguration(configuration), admin: null);

        Assert.Contains(problems, found => found.StartsWith($"{key} is '{value}'", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Kestrel:Endpoints:Public:ClientCertificateMode", "AllowCertificate")]
    [InlineData("Kestrel:Endpoints:Public:Sni:*:ClientCertificateMode", "NoCertificate")]
    [InlineData("Kestrel:EndpointDefaults:ClientCertificateMode", "DelayCertificate")]
    public void Mutual_TLS_cannot_be_weakened_by_an_endpoint(string key, string mode)
    {
        var configuration = Configuration(("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:8443"), ("Kestrel:Certificates:Default:Path", "cert.pem"), (key, mode));
        var settings = GatewayEdgeSettings.FromConfiguration(configuration) with { TrustStorePath = "/etc/ca.pem" };

        var problems = GatewayListeners.Problems(configuration, settings, admin: null);

        Assert.Contains(problems, found => found.StartsWith($"{key} is '{mode}'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_HTTP_urls_that_preferHostingUrls_binds_over_the_endpoints_are_checked_too()
    {
        var configuration = Configuration(("Kestrel:Endpoints:Public:Url", "https://127.0.0.1:8443"), ("Kestrel:Certificates:Default:Path", "cert.pem"),
            ("urls", "http://0.0.0.0:8080"), ("preferHostingUrls", "true"));

        var problems = GatewayListeners.Problems(configuration, GatewayEdgeSettings.FromConfiguration(configuration), admin: null);

        Assert.Contains(problems, found => found.Contains("http://0.0.0.0:8080 with plain HTTP on a non-loopback address"));
    }

    [Fact]
    public void Kestrels_empty_refusal_gets_a_JSON_body_and_a_request_id()
    {
        var written = Encoding.ASCII.GetBytes("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 03 Dec 2026 08:00:00 GMT\r\n\r\n");

        var rewritten = Encoding.ASCII.GetString(ServerAnswers.Rewrite(written, new GatewayEdgeSettings())!);

        var head = rewritten[..rewritten.IndexOf("\r\n\r\n", System.StringComparison.Ordinal)];
        var body = rewritten[(head.Length + 4)..];
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", head);
        Assert.Contains("\r\nConnection: close\r\n", head);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}", head);
        Assert.DoesNotContain("Content-Length: 0", head);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("REQUEST_TOO_LARGE", json.RootElement.GetProperty("type").GetString());
        Assert.Contains($"x-amzn-RequestId: {json.RootElement.GetProperty("requestId").GetString()}\r\n", head);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")] // not a refusal
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nhello")] // has its own body
    [InlineData("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n")] // an application's answer
    [InlineData("\0\0\u0004\u0001")] // not HTTP/1.x (an HTTP/2 frame)
    public void Anything_else_is_written_as_it_is(string written) =>
        Assert.Null(ServerAnswers.Rewrite(Encoding.Latin1.GetBytes(written), new GatewayEdgeSettings()));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();
}
