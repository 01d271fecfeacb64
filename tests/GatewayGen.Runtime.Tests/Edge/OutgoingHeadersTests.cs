using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Edge;

/// <summary>What may go into a backend request header: mapped values strictly, the client's own values without controls.</summary>
public sealed class OutgoingHeadersTests
{
    [Theory]
    [InlineData("plain value, with \"quotes\" and\ttabs", true, true)]
    [InlineData("a\r\nX-Injected: 1", false, false)]
    [InlineData("a\nb", false, false)]
    [InlineData("nul\0byte", false, false)]
    [InlineData("bell\u0007", false, false)]
    [InlineData("del\u007F", false, false)]
    [InlineData("caf\u00e9", false, true)] // a mapped value must be ASCII; a client's own non-ASCII value passes as it came
    public void Control_characters_never_reach_a_backend_header(string value, bool mapped, bool passed)
    {
        Assert.Equal(mapped, OutgoingHeaders.CanCarry(value));
        Assert.Equal(passed, OutgoingHeaders.CanPass(value));
    }
}
