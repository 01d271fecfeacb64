using System;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>
/// The number a reader stands on, parsed once for all of a schema's bounds and multipleOf: exact as a decimal
/// where it fits (via a long when it is a plain integer, which parses several times faster), else a double.
/// Bounds written beyond a decimal's range are compared on the reader itself (<see cref="JsonValues.Compare(ref Utf8JsonReader, double)"/>).
/// </summary>
public readonly struct JsonNumber
{
    private readonly decimal _exact;
    private readonly double _approximate;
    private readonly bool _isExact;

    private JsonNumber(decimal exact, double approximate, bool isExact)
    {
        _exact = exact;
        _approximate = approximate;
        _isExact = isExact;
    }

    /// <summary>Parses the current number token.</summary>
    public static JsonNumber Read(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var whole))
        {
            return new JsonNumber(whole, 0, isExact: true);
        }

        return reader.TryGetDecimal(out var exact)
            ? new JsonNumber(exact, 0, isExact: true)
            : new JsonNumber(0, JsonValues.ToDouble(ref reader), isExact: false);
    }

    /// <summary>Negative, zero or positive as the number is below, at or above <paramref name="bound"/>; exact when the number fits a decimal.</summary>
    public int CompareTo(decimal bound) => _isExact ? _exact.CompareTo(bound) : _approximate.CompareTo((double)bound);

    /// <summary>multipleOf: exact in decimal arithmetic where both fit; else the quotient must be a finite whole number.</summary>
    public bool IsMultipleOf(decimal divisor)
    {
        if (_isExact)
        {
            try
            {
                return _exact % divisor == 0m;
            }
            catch (OverflowException)
            {
                // falls through to doubles
            }
        }

        var quotient = (_isExact ? (double)_exact : _approximate) / (double)divisor;
        return double.IsFinite(quotient) && Math.Floor(quotient) == quotient;
    }
}
