using System;

namespace GatewayGen.Runtime;

/// <summary>Request ids as API Gateway writes them (a UUID), in x-amzn-RequestId, error bodies and logs.</summary>
internal static class RequestIds
{
    public static string New() => Guid.NewGuid().ToString();
}
