using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using GatewayGen.Tests.Shared;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// tests/TestGateways/AuthGateway as a real process, its JWT authorizers finding their keys through a real
/// identity provider on loopback (discovery document, JWKS): tokens verify, a rotated key works without a
/// restart, a flood of unknown kids does not hammer the provider, and policies see the caller's address.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class AuthorizerTests : IClassFixture<AuthorizerTests.Fixture>
{
    private readonly Fixture _fixture;

    public AuthorizerTests(Fixture fixture) => _fixture = fixture;

    private IdentityProvider Idp => _fixture.Idp;

    private async Task<HttpResponseMessage> GetAsync(string path, string? token, IPAddress? from = null)
    {
        using var client = Client(from ?? IPAddress.Loopback);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Address, path));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Tokens_verify_with_keys_found_through_openIdConnectUrl_and_through_the_issuer()
    {
        var token = Idp.Sign(Idp.Keys[0]);

        using var oidc = await GetAsync("/pets", token);
        using var amazon = await GetAsync("/amazon", token);
        using var none = await GetAsync("/pets", null);
        using var wrongAudience = await GetAsync("/amazon", Idp.Sign(Idp.Keys[0], c => c["aud"] = "another-app"));
        using var noScope = await GetAsync("/pets", Idp.Sign(Idp.Keys[0], c => c.Remove("scope")));

        Assert.Equal(HttpStatusCode.OK, oidc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, amazon.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
    }

    [Theory]
    [InlineData("expired", "the token has expired")]
    [InlineData("not yet valid", "the token is not valid yet (nbf)")]
    [InlineData("no exp", "the token has no expiry (exp)")]
    [InlineData("other issuer", "the token's issuer (iss) is not accepted")]
    [InlineData("other audience", "the token's audience (aud) is not accepted")]
    [InlineData("alg none", "the token's algorithm is not accepted (use one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)")]
    [InlineData("HS256 keyed with the public key", "the token's algorithm is not accepted (use one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)")]
    [InlineData("signed by a key the provider never published", "the token's signature does not verify")]
    [InlineData("unknown kid", "the token's signing key (kid) is not one of the issuer's keys")]
    public async Task Every_check_holds_against_the_identity_providers_keys(string name, string why)
    {
        var key = Idp.Keys[0];
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var stranger = new TestSigningKey(key.Kid, key.Alg);
        var claims = TestTokens.Claims(IdentityProvider.Issuer, IdentityProvider.Audience, c => c["scope"] = "pets:read");
        var token = name switch
        {
            "expired" => Idp.Sign(key, c => c["exp"] = now - 120),
            "not yet valid" => Idp.Sign(key, c => c["nbf"] = now + 120),
            "no exp" => Idp.Sign(key, c => c.Remove("exp")),
            "other issuer" => Idp.Sign(key, c => c["iss"] = "http://127.0.0.1:18491"),
            "other audience" => Idp.Sign(key, c => c["aud"] = "another-app"),
            "alg none" => TestTokens.Unsigned(claims, key.Kid),
            "HS256 keyed with the public key" => TestTokens.Hmac(key.PublicBytes, claims, key.Kid),
            "signed by a key the provider never published" => TestTokens.Sign(stranger, claims),
            "unknown kid" => Idp.Sign(key, kid: "never-published"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        using var response = await GetAsync("/pets", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{why}\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("/pets")] // the JWT authorizer
    [InlineData("/orders")] // the C# authorizer
    public async Task Two_Authorization_header_lines_are_refused_whichever_is_valid(string path)
    {
        var valid = path == "/pets" ? "Bearer " + Idp.Sign(Idp.Keys[0]) : "Bearer ada";

        var response = await RawHttp.SendAsync(_fixture.Address.Port, $"GET {path} HTTP/1.1\r\nHost: gateway.test\r\nAuthorization: {valid}\r\nAuthorization: {valid}\r\nConnection: close\r\n\r\n");

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task A_scheme_the_gateway_cannot_verify_is_refused_whatever_is_sent()
    {
        using var nothing = await GetAsync("/basic", null);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Address, "/basic"));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic YWRtaW46YWRtaW4=");
        using var client = Client(IPAddress.Loopback);
        using var basic = await client.SendAsync(request);
        using var token = await GetAsync("/basic", Idp.Sign(Idp.Keys[0]));

        Assert.All(new[] { nothing, basic, token }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task A_rotated_key_works_without_a_restart_and_the_retired_one_stops_working()
    {
        using (var before = await GetAsync("/pets", Idp.Sign(Idp.Keys[0])))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var retired = Idp.Keys[0];
        var next = new TestSigningKey("key-" + Guid.NewGuid().ToString("N"), "ES256");
        var oldToken = Idp.Sign(retired);
        Idp.Publish(next);
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // Gateway:Jwt:KeyRefreshInterval=1 in the fixture

        using var rotated = await GetAsync("/pets", Idp.Sign(next));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        // The old key is gone from the fetched set: its tokens fail once the set is refreshed (KeyLifetime).
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        using var prompt = await GetAsync("/pets", oldToken); // starts the background refresh
        var refused = false;
        for (var attempt = 0; attempt < 20 && !refused; attempt++)
        {
            await Task.Delay(200);
            using var old = await GetAsync("/pets", oldToken);
            refused = old.StatusCode == HttpStatusCode.Unauthorized;
        }

        Assert.True(refused, "a token signed by a key the provider no longer publishes must stop working");
        retired.Dispose();
    }

    [Fact]
    public async Task A_flood_of_unknown_kids_fetches_the_JWKS_at_most_once_per_refresh_interval()
    {
        // Let any refresh another test began run out, then measure.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var before = Idp.JwksFetches;
        var started = DateTime.UtcNow;
        for (var i = 0; i < 60; i++)
        {
            using var response = await GetAsync("/pets", Idp.Sign(Idp.Keys[0], kid: "random-" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var fetches = Idp.JwksFetches - before;
        // Two authorizers, each at most one fetch per second of the flood (and one at its start).
        Assert.InRange(fetches, 1, 2 * ((int)Math.Ceiling(seconds) + 1));
        Assert.True(fetches < 60, $"{fetches} fetches for 60 requests");
    }

    [Fact]
    public async Task The_CSharp_authorizer_checks_its_validation_expression_first_and_reuses_results_for_the_ttl()
    {
        var before = await CallsAsync();

        using var malformed = await GetRawAsync("/orders", "Basic YWRh"); // fails identityValidationExpression
        using var missing = await GetRawAsync("/orders", null);
        Assert.Equal(before, await CallsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);

        using var first = await GetRawAsync("/orders", "Bearer ada");
        using var second = await GetRawAsync("/orders", "Bearer ada");
        using var denied = await GetRawAsync("/orders", "Bearer bob");
        Assert.Equal("orders of ada (vets)", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(before + 2, await CallsAsync()); // ada once (cached), bob once

        await Task.Delay(TimeSpan.FromSeconds(5.2)); // authorizerResultTtlInSeconds: 5 (long enough that a loaded machine still serves the second from the cache)
        using var afterTtl = await GetRawAsync("/orders", "Bearer ada");
        Assert.Equal(HttpStatusCode.OK, afterTtl.StatusCode);
        Assert.Equal(before + 3, await CallsAsync());
    }

    private async Task<int> CallsAsync()
    {
        using var response = await GetRawAsync("/authorizer/calls", null);
        return int.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> GetRawAsync(string path, string? authorization)
    {
        using var client = Client(IPAddress.Loopback);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Address, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_resource_policy_denies_by_the_connection_address()
    {
        using var local = await GetAsync("/internal/status", null, IPAddress.Loopback);
        using var other = await GetAsync("/internal/status", null, IPAddress.Parse("127.0.0.2"));
        using var forged = await SendForgedAsync();

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("ACCESS_DENIED", JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode); // X-Forwarded-For from an untrusted client counts for nothing
    }

    private async Task<HttpResponseMessage> SendForgedAsync()
    {
        using var client = Client(IPAddress.Parse("127.0.0.2"));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Address, "/internal/status"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "127.0.0.1");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_gateway_whose_authorizer_keys_cannot_come_from_anywhere_does_not_start()
    {
        var (exitCode, output) = await RunningProcess.RunAsync("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/AuthGateway", "AuthGateway"), "--urls", $"http://127.0.0.1:{Ports.Free()}",
            "--Gateway:Authorizers:oidc:JwksFile=/nonexistent/jwks.json",
        }, timeoutSeconds: 60);

        Assert.Equal(2, exitCode);
        Assert.Contains("The gateway cannot start: JWT authorizer 'oidc' of API Auth: Gateway:Authorizers:oidc:JwksFile '/nonexistent/jwks.json' does not exist", output);
    }

    // A client whose connections come from a chosen loopback address.
    private static HttpClient Client(IPAddress from) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    public sealed class Fixture : IAsyncLifetime
    {
        public IdentityProvider Idp { get; } = new();

        public RunningProcess Gateway { get; private set; } = null!;

        public Uri Address { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Idp.InitializeAsync();
            Address = new Uri($"http://127.0.0.1:{Ports.Free()}");
            Gateway = RunningProcess.Start("dotnet", new[]
            {
                Repo.GatewayDll("tests/TestGateways/AuthGateway", "AuthGateway"), "--urls", Address.ToString(),
                "--Gateway:Jwt:KeyRefreshInterval=1",
                "--Gateway:Jwt:KeyLifetime=2",
            });
            await Gateway.WaitUntilAnsweringAsync(new Uri(Address, "/health").ToString());
        }

        public async Task DisposeAsync()
        {
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            await Idp.DisposeAsync();
        }
    }
}
