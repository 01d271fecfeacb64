using System.Net;
using System.Net.Sockets;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

internal static class Ports
{
    /// <summary>A loopback port that is free right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
