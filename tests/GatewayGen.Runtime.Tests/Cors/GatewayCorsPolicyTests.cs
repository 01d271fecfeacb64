using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Cors;

/// <summary>What a document's allowOrigins, allowMethods and allowHeaders admit once they are a CorsPolicy.</summary>
public sealed class GatewayCorsPolicyTests
{
    [Theory]
    [InlineData("https://www.example.com", true)]
    [InlineData("HTTPS://WWW.EXAMPLE.COM", true)] // origins are compared without regard to case
    [InlineData("ws://www.example.com", false)]
    [InlineData("https://www.example.com.evil.test", false)]
    [InlineData("https://www.example.com:8443", false)]
    [InlineData("http://localhost:3000", true)] // http://*
    [InlineData("http://", false)] // a scheme with no host is no origin
    [InlineData("null", false)]
    public void Exact_origins_and_scheme_wildcards_admit_what_they_name(string origin, bool allowed)
    {
        var policy = GatewayCors.Policy(new[] { "https://www.example.com", "http://*" }, new[] { "GET" }, new string[0], new string[0], null, allowCredentials: false); // the generator refuses a scheme wildcard with credentials (GG0040)

        Assert.Equal(allowed, policy.IsOriginAllowed(origin));
        Assert.False(policy.AllowAnyOrigin);
    }

    [Fact]
    public void A_star_among_other_values_means_any()
    {
        var policy = GatewayCors.Policy(new[] { "https://www.example.com", "*" }, new[] { "GET", "*" }, new[] { "*", "x-api-key" }, new[] { "date" }, 300, allowCredentials: false);

        Assert.True(policy.AllowAnyOrigin);
        Assert.True(policy.AllowAnyMethod);
        Assert.True(policy.AllowAnyHeader);
        Assert.Equal(System.TimeSpan.FromSeconds(300), policy.PreflightMaxAge);
        Assert.Equal(new[] { "date" }, policy.ExposedHeaders);
    }
}
