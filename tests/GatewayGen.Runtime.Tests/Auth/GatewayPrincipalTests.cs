using System.Collections.Generic;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Auth;

public sealed class GatewayPrincipalTests
{
    [Fact]
    public void An_alternative_of_two_authorizers_keeps_the_first_identity_and_the_usage_key_either_gives()
    {
        var jwt = new GatewayPrincipal("jwt", "user-42", new Dictionary<string, string> { ["sub"] = "user-42" }, context: new Dictionary<string, string> { ["tier"] = "first" });
        var csharp = new GatewayPrincipal("lambda", "p-7", context: new Dictionary<string, string> { ["tier"] = "second", ["team"] = "vets" }) { UsageIdentifierKey = "key-1" };

        var combined = GatewayPrincipal.Combine(jwt, csharp);

        Assert.Equal(("jwt", "user-42", "user-42"), (combined.Scheme, combined.PrincipalId, combined.Claims["sub"]));
        Assert.Equal("key-1", combined.UsageIdentifierKey); // api-key-source AUTHORIZER works whichever authorizer comes first
        Assert.Equal("first", combined.Context["tier"]);
        Assert.Equal("vets", combined.Context["team"]);
    }
}
