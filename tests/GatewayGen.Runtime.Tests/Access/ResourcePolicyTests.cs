using System.Net;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>The resource policy's matching: IAM wildcards over STAGE/METHOD/PATH and CIDR conditions, IPv4 and IPv6.</summary>
public sealed class ResourcePolicyTests
{
    [Theory]
    [InlineData("*", "dev/GET/pets", true)]
    [InlineData("dev/GET/pets/*", "dev/GET/pets/1/toys", true)] // * spans slashes, as in IAM
    [InlineData("dev/GET/pets/*", "dev/GET/pets", false)]
    [InlineData("*/GET/pets", "prod/GET/pets", true)]
    [InlineData("dev/?ET/pets", "dev/GET/pets", true)]
    [InlineData("dev/POST/*", "dev/GET/pets", false)]
    [InlineData("d*v*/*/a*b*c", "dev/GET/aXbYc", true)]
    [InlineData("dev/GET/pets", "dev/GET/petsX", false)]
    public void Resources_match_with_IAMs_wildcards(string pattern, string resource, bool matches) =>
        Assert.Equal(matches, Wildcard.Matches(pattern, resource));

    [Theory]
    [InlineData("192.0.2.10", false, true)]
    [InlineData("::ffff:192.0.2.10", false, true)] // an IPv4 client on a dual-stack socket
    [InlineData("198.51.100.1", false, false)]
    [InlineData("2001:db8::1", false, true)]
    [InlineData("198.51.100.1", true, true)] // NotIpAddress
    [InlineData("192.0.2.10", true, false)]
    public void Conditions_hold_by_the_connections_address(string address, bool negated, bool allowed)
    {
        var policy = new ResourcePolicy("dev", new[]
        {
            new PolicyStatement(true, new[] { "*" }, new[] { new IpCondition(negated, new[] { "192.0.2.0/24", "2001:db8::/32" }) }),
        });
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/pets";
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Headers["X-Forwarded-For"] = "192.0.2.10"; // never counts

        Assert.Equal(allowed, policy.Allows(context));
    }

    [Fact]
    public void Without_an_address_a_conditional_Deny_applies_and_a_conditional_Allow_does_not()
    {
        var context = new DefaultHttpContext(); // a Unix socket: no remote address
        context.Request.Method = "GET";
        context.Request.Path = "/pets";
        var outside = new[] { new IpCondition(true, new[] { "10.0.0.0/8" }) };

        Assert.False(new ResourcePolicy("dev", new[]
        {
            new PolicyStatement(true, new[] { "*" }, System.Array.Empty<IpCondition>()),
            new PolicyStatement(false, new[] { "*" }, outside),
        }).Allows(context));
        Assert.False(new ResourcePolicy("dev", new[] { new PolicyStatement(true, new[] { "*" }, outside) }).Allows(context));
    }

    [Fact]
    public void Without_a_matching_Allow_and_with_any_matching_Deny_a_request_is_refused()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "DELETE";
        context.Request.Path = "/pets/1";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;

        Assert.False(new ResourcePolicy("dev", new[] { new PolicyStatement(true, new[] { "dev/GET/*" }, System.Array.Empty<IpCondition>()) }).Allows(context));
        Assert.False(new ResourcePolicy("dev", new[]
        {
            new PolicyStatement(true, new[] { "*" }, System.Array.Empty<IpCondition>()),
            new PolicyStatement(false, new[] { "dev/DELETE/*" }, System.Array.Empty<IpCondition>()),
        }).Allows(context));
        Assert.True(new ResourcePolicy("dev", new[] { new PolicyStatement(true, new[] { "dev/DELETE/pets/*" }, System.Array.Empty<IpCondition>()) }).Allows(context));
    }
}
