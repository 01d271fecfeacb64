using System;
using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>Headers that describe one connection (RFC 9110 7.6.1) and must not cross the gateway.</summary>
internal static class HopByHopHeaders
{
    private static readonly FrozenSet<string> Names = FrozenSet.ToFrozenSet(
        new[]
        {
            "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
            "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Expect",
        },
        StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => Names.Contains(name);

    /// <summary>Whether the Connection header names this header as hop-by-hop too.</summary>
    public static bool IsListedIn(StringValues connection, string name)
    {
        if (connection.Count == 0)
        {
            return false;
        }

        foreach (var value in connection)
        {
            var tokens = (value ?? "").AsSpan();
            foreach (var range in tokens.Split(','))
            {
                if (tokens[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
