using System;

namespace GatewayGen.Runtime;

/// <summary>The JSON Schema types a value may have; a schema's "type" as flags.</summary>
[Flags]
public enum JsonTypes
{
    /// <summary>No type named: any value.</summary>
    None = 0,

    /// <summary>null.</summary>
    Null = 1,

    /// <summary>true or false.</summary>
    Boolean = 2,

    /// <summary>An object.</summary>
    Object = 4,

    /// <summary>An array.</summary>
    Array = 8,

    /// <summary>Any number.</summary>
    Number = 16,

    /// <summary>A number with no fractional part (1.0 counts).</summary>
    Integer = 32,

    /// <summary>A string.</summary>
    String = 64,
}
