using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>An export that cannot be made as asked: the HTTP status to answer with, the reason, and the values allowed.</summary>
internal sealed class ExportException(int status, string message, IReadOnlyList<string>? allowed = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The values the parameter may take, when a parameter was wrong.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed ?? Array.Empty<string>();
}
