using System;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>
/// A clock the test moves by hand. Written here because Microsoft.Extensions.TimeProvider.Testing is not in
/// this machine's NuGet copy; only what the gateway reads (UTC now, timestamps) is implemented.
/// </summary>
internal sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}
