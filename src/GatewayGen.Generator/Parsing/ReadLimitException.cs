using System;
using Microsoft.CodeAnalysis;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reading a document stopped at a limit that keeps the generator bounded (alias expansion): the diagnostic to
/// report, at a 0-based line and column of the document being read. Thrown and caught within the readers only.
/// </summary>
internal sealed class ReadLimitException : Exception
{
    public ReadLimitException(DiagnosticDescriptor descriptor, int line, int column, params string[] messageArgs)
        : base(descriptor.Id)
    {
        Descriptor = descriptor;
        Line = line;
        Column = column;
        MessageArgs = messageArgs;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public int Line { get; }

    public int Column { get; }

    public string[] MessageArgs { get; }
}
