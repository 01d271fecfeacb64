using System;
using System.Collections.Generic;
using System.IO;
using GatewayGen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayGen.Runtime.Tests.Auth;

/// <summary>What keeps a gateway with JWT authorizers from starting: keys that can come from nowhere, or from a URL that could be tampered with.</summary>
public sealed class GatewayAuthorizersTests
{
    private static readonly JwtAuthorizer FromIssuer = new("Pets", "staff", "https://login.example.com/", new[] { "pets" }, "https://login.example.com/.well-known/openid-configuration", null, "Authorization");

    private static IReadOnlyList<string> Problems(JwtAuthorizer authorizer, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Array.ConvertAll(settings, s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var access = GatewayAccessSettings.Default with { Authorizers = new Authorizer[] { authorizer } };
        return new GatewayAuthorizers(configuration, access, TimeProvider.System, NullLoggerFactory.Instance, new GatewayInfo("dev", "0", "d", null, Array.Empty<GatewayApiInfo>()), new HostingEnvironment { ContentRootPath = Path.GetTempPath() }).Problems;
    }

    [Fact]
    public void An_issuer_in_the_document_is_enough_to_start()
    {
        Assert.Empty(Problems(FromIssuer));
    }

    [Theory]
    [InlineData("Gateway:Authorizers:staff:JwksFile", "no-such-jwks.json", "Gateway:Authorizers:staff:JwksFile 'no-such-jwks.json' does not exist")]
    [InlineData("Gateway:Authorizers:staff:JwksUri", "http://keys.example.com/jwks", "keys are fetched over HTTPS only")]
    [InlineData("Gateway:Authorizers:staff:DiscoveryUrl", "http://login.example.com/.well-known/openid-configuration", "keys are fetched over HTTPS only")]
    [InlineData("Gateway:Authorizers:staff:JwksUri", "not a url", "not an absolute URL")]
    [InlineData("Gateway:Jwt:ClockSkew", "3600", "Gateway:Jwt:ClockSkew must be a number of seconds from 0 to 300")]
    public void Keys_from_nowhere_or_over_plain_http_stop_the_gateway(string key, string value, string problem)
    {
        var problems = Problems(FromIssuer, (key, value));

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_jwks_without_an_issuer_to_check_is_refused()
    {
        var oidc = new JwtAuthorizer("Pets", "oidc", null, new[] { "pets" }, "https://login.example.com/.well-known/openid-configuration", null, "Authorization");
        var file = Path.GetTempFileName();
        try
        {
            Assert.Contains(Problems(oidc, ("Gateway:Authorizers:oidc:JwksFile", file)), p => p.Contains("a JWKS file gives no issuer: set Gateway:Authorizers:oidc:Issuer", StringComparison.Ordinal));
            Assert.Empty(Problems(oidc, ("Gateway:Authorizers:oidc:JwksFile", file), ("Gateway:Authorizers:oidc:Issuer", "https://login.example.com/")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Plain_http_to_loopback_is_allowed_for_a_local_identity_provider()
    {
        Assert.Empty(Problems(FromIssuer, ("Gateway:Authorizers:staff:JwksUri", "http://127.0.0.1:18490/jwks.json")));
        Assert.Empty(Problems(FromIssuer, ("Gateway:Authorizers:staff:JwksUri", "http://[::1]:18490/jwks.json")));
    }
}
