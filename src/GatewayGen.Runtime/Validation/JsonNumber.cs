using System;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>
/// The number a reader stands on, read once for all of a schema's bounds and multipleOf, and compared exactly:
/// as a decimal when its literal is held exactly by one (via a long when it is a plain integer, which parses
/// several times faster), else on the literal's digits and exponent (<see cref="NumberLiteral"/>). Bounds a
/// decimal holds exactly are decimals; others come as their JSON text (UTF-8).
/// </summary>
public readonly ref struct JsonNumber
{
    private readonly ReadOnlySpan<byte> _literal;
    private readonly decimal _exact;
    private readonly bool _isDecimal;

    private JsonNumber(ReadOnlySpan<byte> literal, decimal exact, bool isDecimal)
    {
        _literal = literal;
        _exact = exact;
        _isDecimal = isDecimal;
    }

    /// <summary>Reads the current number token.</summary>
    public static JsonNumber Read(ref Utf8JsonReader reader)
    {
        var literal = JsonValues.Literal(ref reader);
        if (reader.TryGetInt64(out var whole))
        {
            return new JsonNumber(literal, whole, isDecimal: true);
        }

        return FitsDecimal(literal) && reader.TryGetDecimal(out var exact)
            ? new JsonNumber(literal, exact, isDecimal: true)
            : new JsonNumber(literal, 0, isDecimal: false);
    }

    // At most 28 characters and no exponent: at most 28 digits, so a decimal holds it exactly (the common case, without taking it apart).
    private static bool FitsDecimal(ReadOnlySpan<byte> literal)
    {
        if (literal.Length <= 28)
        {
            var plain = true;
            foreach (var b in literal)
            {
                plain &= (b | 0x20) != 'e';
            }

            if (plain)
            {
                return true;
            }
        }

        return NumberLiteral.TryParse(literal, out var parsed) && parsed.FitsDecimal;
    }

    /// <summary>Negative, zero or positive as the number is below, at or above <paramref name="bound"/>.</summary>
    public int CompareTo(decimal bound) => _isDecimal ? _exact.CompareTo(bound) : CompareOnText(bound);

    // Apart, so the common case above has no stack buffer to guard.
    private int CompareOnText(decimal bound)
    {
        Span<byte> text = stackalloc byte[64];
        bound.TryFormat(text, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return CompareTo(text.Slice(0, written));
    }

    /// <summary>Negative, zero or positive as the number is below, at or above the bound written as <paramref name="boundJson"/>.</summary>
    public int CompareTo(ReadOnlySpan<byte> boundJson)
    {
        NumberLiteral.TryParse(_literal, out var value);
        NumberLiteral.TryParse(boundJson, out var bound);
        return NumberLiteral.Compare(value, bound);
    }

    /// <summary>multipleOf: exact in decimal arithmetic where both fit; else on the literals' digits.</summary>
    public bool IsMultipleOf(decimal divisor)
    {
        if (_isDecimal)
        {
            try
            {
                return _exact % divisor == 0m;
            }
            catch (OverflowException)
            {
                // falls through to the literals
            }
        }

        return IsMultipleOnText(divisor);
    }

    private bool IsMultipleOnText(decimal divisor)
    {
        Span<byte> text = stackalloc byte[64];
        divisor.TryFormat(text, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return IsMultipleOf(text.Slice(0, written));
    }

    /// <summary>multipleOf a divisor written as <paramref name="divisorJson"/>, exactly.</summary>
    public bool IsMultipleOf(ReadOnlySpan<byte> divisorJson)
    {
        NumberLiteral.TryParse(_literal, out var value);
        NumberLiteral.TryParse(divisorJson, out var divisor);
        return NumberLiteral.IsMultipleOf(value, divisor);
    }
}
