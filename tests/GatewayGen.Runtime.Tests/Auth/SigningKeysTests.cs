using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GatewayGen.Runtime;
using GatewayGen.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayGen.Runtime.Tests.Auth;

/// <summary>The JWKS cache: a client cannot spoil it for others, and unknown kids do not hammer the provider.</summary>
public sealed class SigningKeysTests : IDisposable
{
    private readonly TestSigningKey _key = new("k1");
    private readonly JwksHandler _handler;

    public SigningKeysTests() => _handler = new JwksHandler(TestTokens.Jwks(_key));

    public void Dispose() => _key.Dispose();

    // The identity provider: a slow JWKS answer, counted.
    private sealed class JwksHandler(string jwks) : HttpMessageHandler
    {
        public int Calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Delay(200, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jwks) };
        }
    }

    private SigningKeys NewKeys(TimeSpan refreshInterval)
    {
        var authorizer = new JwtAuthorizer("Api", "jwt", "https://idp.example/", new[] { "aud" }, null, "https://idp.example/jwks", "Authorization");
        return new SigningKeys(authorizer, new SigningKeySource("https://idp.example/", null, new Uri("https://idp.example/jwks"), null),
            new JwtSettings(TimeSpan.FromSeconds(30), refreshInterval, TimeSpan.FromHours(1)), new HttpClient(_handler), TimeProvider.System, NullLogger.Instance);
    }

    [Fact]
    public async Task A_client_that_hangs_up_does_not_cancel_the_fetch_the_next_request_needs()
    {
        var keys = NewKeys(TimeSpan.FromSeconds(30));
        using (var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(20)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await keys.ForKeyAsync("random", aborted.Token));
        }

        var snapshot = await keys.ForKeyAsync("k1", CancellationToken.None);

        Assert.NotNull(snapshot);
        Assert.True(snapshot!.Parameters.ContainsKey("k1"));
        Assert.Equal(1, _handler.Calls);
    }

    [Fact]
    public async Task Unknown_kids_fetch_at_most_once_per_refresh_interval()
    {
        var keys = NewKeys(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 20; i++)
        {
            var snapshot = await keys.ForKeyAsync("random-" + i, CancellationToken.None);
            Assert.NotNull(snapshot); // the keys it has, without the kid
        }

        Assert.Equal(1, _handler.Calls);
    }
}
