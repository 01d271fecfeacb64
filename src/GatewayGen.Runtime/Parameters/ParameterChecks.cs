using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// Schema constraints on parameter values (types and formats are checked by the parsers): number limits, enum
/// and const exactly (on the text the client sent for double, float and decimal parameters; on the long for
/// integers), lengths, patterns and unique items.
/// </summary>
public static class ParameterChecks
{
    private const int StackLimit = 128;

    /// <summary>minLength/maxLength count Unicode code points, not UTF-16 units.</summary>
    public static int CodePointLength(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count++;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    /// <summary>minimum: the parameter's text is a number of at least the bound written as JSON, compared exactly (false when it is not a number).</summary>
    public static bool IsAtLeast(string text, ReadOnlySpan<byte> bound) => TryCompare(text, bound, out var order) && order >= 0;

    /// <summary>maximum, exactly.</summary>
    public static bool IsAtMost(string text, ReadOnlySpan<byte> bound) => TryCompare(text, bound, out var order) && order <= 0;

    /// <summary>exclusiveMinimum, exactly.</summary>
    public static bool IsAbove(string text, ReadOnlySpan<byte> bound) => TryCompare(text, bound, out var order) && order > 0;

    /// <summary>exclusiveMaximum, exactly.</summary>
    public static bool IsBelow(string text, ReadOnlySpan<byte> bound) => TryCompare(text, bound, out var order) && order < 0;

    /// <summary>enum and const: the parameter's text is the number written as JSON, by value and exactly (1.0 is 1); false when it is not a number.</summary>
    public static bool IsEqual(string text, ReadOnlySpan<byte> number) => TryCompare(text, number, out var order) && order == 0;

    /// <summary>enum and const for integer parameters.</summary>
    public static bool IsEqual(long value, ReadOnlySpan<byte> number) => Compare(value, number) == 0;

    /// <summary>minimum for integer parameters, against a bound beyond decimal (1e400, 1e-29).</summary>
    public static bool IsAtLeast(long value, ReadOnlySpan<byte> bound) => Compare(value, bound) >= 0;

    /// <summary>maximum for integer parameters, against a bound beyond decimal.</summary>
    public static bool IsAtMost(long value, ReadOnlySpan<byte> bound) => Compare(value, bound) <= 0;

    /// <summary>exclusiveMinimum for integer parameters, against a bound beyond decimal.</summary>
    public static bool IsAbove(long value, ReadOnlySpan<byte> bound) => Compare(value, bound) > 0;

    /// <summary>exclusiveMaximum for integer parameters, against a bound beyond decimal.</summary>
    public static bool IsBelow(long value, ReadOnlySpan<byte> bound) => Compare(value, bound) < 0;

    /// <summary>multipleOf, exactly.</summary>
    public static bool IsMultipleOf(decimal value, decimal divisor) => value % divisor == 0m;

    /// <summary>multipleOf on the parameter's text, exactly, with a divisor written as JSON (false when the text is not a number).</summary>
    public static bool IsMultipleOf(string text, ReadOnlySpan<byte> divisor)
    {
        Span<byte> buffer = stackalloc byte[StackLimit];
        return ToUtf8(text, buffer, out var utf8) && NumberLiteral.TryParse(utf8, out var value) &&
            NumberLiteral.TryParse(divisor, out var by) && NumberLiteral.IsMultipleOf(value, by);
    }

    /// <summary>multipleOf for integer parameters, with a divisor beyond decimal.</summary>
    public static bool IsMultipleOf(long value, ReadOnlySpan<byte> divisor)
    {
        Span<byte> buffer = stackalloc byte[24];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        return NumberLiteral.TryParse(buffer.Slice(0, written), out var number) && NumberLiteral.TryParse(divisor, out var by) && NumberLiteral.IsMultipleOf(number, by);
    }

    /// <summary>multipleOf for float and double parameters.</summary>
    public static bool IsMultipleOf(double value, double divisor)
    {
        var quotient = value / divisor;
        return double.IsFinite(quotient) && Math.Floor(quotient) == quotient;
    }

    /// <summary>
    /// The items of an array parameter as the client wrote them, split as <see cref="ParameterParsers.TryParseArray{T}"/>
    /// splits them: number items are checked on their text, as scalars are.
    /// </summary>
    public static string[] ItemTexts(StringValues raw, char separator)
    {
        var items = new List<string>();
        foreach (var value in raw)
        {
            if (separator == '\0')
            {
                items.Add(value ?? "");
            }
            else
            {
                items.AddRange((value ?? "").Split(separator));
            }
        }

        return items.ToArray();
    }

    // Number parameters are compared on their text (a double or decimal would round it: -1e-29 is 0 as a decimal).
    private static bool TryCompare(string text, ReadOnlySpan<byte> bound, out int order)
    {
        order = 0;
        Span<byte> buffer = stackalloc byte[StackLimit];
        return ToUtf8(text, buffer, out var utf8) && NumberLiteral.TryCompare(utf8, bound, out order);
    }

    private static int Compare(long value, ReadOnlySpan<byte> bound)
    {
        Span<byte> buffer = stackalloc byte[24];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        NumberLiteral.TryCompare(buffer.Slice(0, written), bound, out var order);
        return order;
    }

    // The number parsers accept surrounding white space; the literal is what is between. Longer texts are copied to the heap.
    private static bool ToUtf8(string text, Span<byte> buffer, out ReadOnlySpan<byte> utf8)
    {
        var trimmed = text.AsSpan().Trim();
        utf8 = default;
        foreach (var c in trimmed)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        var target = trimmed.Length <= buffer.Length ? buffer : new byte[trimmed.Length];
        var written = Encoding.ASCII.GetBytes(trimmed, target);
        utf8 = target.Slice(0, written);
        return true;
    }

    /// <summary>pattern: a match anywhere in the text (JSON Schema patterns are not anchored).</summary>
    public static bool Matches(string text, Regex regex)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>uniqueItems.</summary>
    public static bool AreUnique<T>(T[] items)
    {
        var seen = new HashSet<T>();
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                return false;
            }
        }

        return true;
    }
}
