using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace GatewayGen.Runtime;

/// <summary>
/// A number literal taken apart for exact comparison: sign, significant digits (no leading or trailing zeros)
/// and the decimal exponent, read from the literal's own bytes. JSON numbers have arbitrary precision and range;
/// decimal rounds below 1e-28 and double beyond 17 digits, and no served library compares JSON number literals
/// exactly, hence this small hand-written one. It allocates only for exponents beyond 15 digits and for a
/// multipleOf divisor beyond 18 digits (BigInteger).
/// </summary>
internal readonly ref struct NumberLiteral
{
    // An exponent with more digits than this is kept as text and compared as a BigInteger.
    private const int LongExponentDigits = 15;

    /// <summary>True for a value below zero (never for a zero, so -0 equals 0).</summary>
    public readonly bool Negative;

    /// <summary>The significant digits written before the decimal point.</summary>
    public readonly ReadOnlySpan<byte> Head;

    /// <summary>The significant digits written after the decimal point (they follow <see cref="Head"/>).</summary>
    public readonly ReadOnlySpan<byte> Tail;

    /// <summary>The value is 0.(Head Tail) x 10^Point; meaningless for zero and when <see cref="HugeExponent"/> is set.</summary>
    public readonly long Point;

    /// <summary>The written exponent (sign and digits) when it has too many digits for <see cref="Point"/>.</summary>
    public readonly ReadOnlySpan<byte> HugeExponent;

    // Point minus the exponent: what a huge exponent adds to become the point.
    private readonly long _pointOffset;

    private NumberLiteral(bool negative, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long point, ReadOnlySpan<byte> hugeExponent, long pointOffset)
    {
        Negative = negative;
        Head = head;
        Tail = tail;
        Point = point;
        HugeExponent = hugeExponent;
        _pointOffset = pointOffset;
    }

    /// <summary>How many significant digits; 0 for zero.</summary>
    public int Count => Head.Length + Tail.Length;

    public bool IsZero => Count == 0;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => IsZero ? 0 : Negative ? -1 : 1;

    private byte Digit(int index) => index < Head.Length ? Head[index] : Tail[index - Head.Length];

    /// <summary>
    /// Reads [+-]digits[.digits][(e|E)[+-]digits] (a JSON number, or the wider text a number parameter may be
    /// written as: leading '+', ".5", "5."); false for anything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out NumberLiteral literal)
    {
        literal = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        var intStart = i;
        while (i < text.Length && IsDigit(text[i]))
        {
            i++;
        }

        var whole = text.Slice(intStart, i - intStart);
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < text.Length && text[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            fraction = text.Slice(fractionStart, i - fractionStart);
        }

        if (whole.Length + fraction.Length == 0)
        {
            return false;
        }

        var exponent = 0L;
        var hugeExponent = ReadOnlySpan<byte>.Empty;
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            var exponentStart = ++i;
            var exponentNegative = false;
            if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
            {
                exponentNegative = text[i] == (byte)'-';
                i++;
            }

            var digitsStart = i;
            while (i < text.Length && text[i] == (byte)'0')
            {
                i++;
            }

            var significantStart = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            if (i == digitsStart)
            {
                return false;
            }

            if (i - significantStart > LongExponentDigits)
            {
                hugeExponent = text.Slice(exponentStart, i - exponentStart);
            }
            else
            {
                for (var k = significantStart; k < i; k++)
                {
                    exponent = exponent * 10 + (text[k] - '0');
                }

                exponent = exponentNegative ? -exponent : exponent;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        // The digits are whole ++ fraction; keep those from the first to the last non-zero one.
        var length = whole.Length + fraction.Length;
        var first = 0;
        while (first < length && At(whole, fraction, first) == (byte)'0')
        {
            first++;
        }

        if (first == length)
        {
            literal = new NumberLiteral(false, default, default, 0, default, 0);
            return true;
        }

        var last = length - 1;
        while (At(whole, fraction, last) == (byte)'0')
        {
            last--;
        }

        var head = first < whole.Length ? whole.Slice(first, Math.Min(last + 1, whole.Length) - first) : default;
        var tail = last >= whole.Length ? fraction.Slice(Math.Max(first - whole.Length, 0), last + 1 - Math.Max(first, whole.Length)) : default;
        var offset = (long)whole.Length - first;
        literal = new NumberLiteral(negative, head, tail, exponent + offset, hugeExponent, offset);
        return true;
    }

    private static byte At(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> fraction, int index) =>
        index < whole.Length ? whole[index] : fraction[index - whole.Length];

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>Negative, zero or positive as <paramref name="a"/> is below, equal to or above <paramref name="b"/>, exactly.</summary>
    public static int Compare(in NumberLiteral a, in NumberLiteral b)
    {
        if (a.Sign != b.Sign)
        {
            return a.Sign.CompareTo(b.Sign);
        }

        if (a.IsZero)
        {
            return 0;
        }

        var magnitude = ComparePoints(a, b);
        if (magnitude == 0)
        {
            var count = Math.Min(a.Count, b.Count);
            for (var i = 0; i < count && magnitude == 0; i++)
            {
                magnitude = a.Digit(i).CompareTo(b.Digit(i));
            }

            if (magnitude == 0)
            {
                magnitude = a.Count.CompareTo(b.Count); // no trailing zeros: more digits, larger
            }
        }

        return a.Negative ? -magnitude : magnitude;
    }

    /// <summary>Compares two literals' texts exactly; false (and 0) when one is not a number.</summary>
    public static bool TryCompare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, out int order)
    {
        order = 0;
        if (!TryParse(a, out var x) || !TryParse(b, out var y))
        {
            return false;
        }

        order = Compare(x, y);
        return true;
    }

    private static int ComparePoints(in NumberLiteral a, in NumberLiteral b) =>
        a.HugeExponent.IsEmpty && b.HugeExponent.IsEmpty ? a.Point.CompareTo(b.Point) : a.BigPoint().CompareTo(b.BigPoint());

    private BigInteger BigPoint() => HugeExponent.IsEmpty ? Point : ParseBig(HugeExponent) + _pointOffset;

    private static BigInteger ParseBig(ReadOnlySpan<byte> digits) =>
        BigInteger.Parse(Encoding.ASCII.GetString(digits), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Whether the value has no fractional part (1.0 and 1e2 count, 1e-29 does not).</summary>
    public bool IsInteger => IsZero || (HugeExponent.IsEmpty ? Point >= Count : HugeExponent[0] != (byte)'-');

    /// <summary>
    /// Whether the value is held exactly by a decimal (at most 28 digits, both before the point and in all), so
    /// decimal arithmetic on it is exact.
    /// </summary>
    public bool FitsDecimal => IsZero || (HugeExponent.IsEmpty && Count <= 28 && Point <= 28 && Count - Point <= 28);

    /// <summary>multipleOf, exactly: value / divisor is a whole number. A zero divisor divides nothing.</summary>
    public static bool IsMultipleOf(in NumberLiteral value, in NumberLiteral divisor)
    {
        if (divisor.IsZero)
        {
            return false;
        }

        if (value.IsZero)
        {
            return true;
        }

        // value = A x 10^a and divisor = B x 10^b, A and B whole and not ending in 0: the quotient is (A / B) x 10^(a - b).
        // With a < b it is whole only if 10 divides A, which it does not. Otherwise B divides A x 10^(a - b) exactly when
        // what is left of B after taking out up to a - b factors of 2 and of 5 divides A. Linear in A's digits, whatever its length.
        long shift;
        if (value.HugeExponent.IsEmpty && divisor.HugeExponent.IsEmpty)
        {
            shift = (value.Point - value.Count) - (divisor.Point - divisor.Count);
        }
        else
        {
            var big = (value.BigPoint() - value.Count) - (divisor.BigPoint() - divisor.Count);
            shift = big.Sign < 0 ? -1 : big > int.MaxValue ? int.MaxValue : (long)big;
        }

        if (shift < 0)
        {
            return false;
        }

        if (divisor.Count <= 18)
        {
            var b = 0UL;
            for (var i = 0; i < divisor.Count; i++)
            {
                b = b * 10 + (ulong)(divisor.Digit(i) - '0');
            }

            for (var taken = 0L; taken < shift && b % 2 == 0; taken++)
            {
                b /= 2;
            }

            for (var taken = 0L; taken < shift && b % 5 == 0; taken++)
            {
                b /= 5;
            }

            var remainder = 0UL; // below b < 10^18, so remainder * 10 + 9 fits
            for (var i = 0; i < value.Count; i++)
            {
                remainder = (remainder * 10 + (ulong)(value.Digit(i) - '0')) % b;
            }

            return remainder == 0;
        }

        return BigRemainder(value, StripTwosAndFives(Whole(divisor), shift)).IsZero;
    }

    private static BigInteger StripTwosAndFives(BigInteger b, long shift)
    {
        for (var taken = 0L; taken < shift && b.IsEven; taken++)
        {
            b /= 2;
        }

        for (var taken = 0L; taken < shift && (b % 5).IsZero; taken++)
        {
            b /= 5;
        }

        return b;
    }

    // A divisor of more than 18 digits (rare: it is the schema's): the remainder folded 18 digits at a time, linear in A's length.
    private static BigInteger BigRemainder(in NumberLiteral value, BigInteger divisor)
    {
        var remainder = BigInteger.Zero;
        var chunk = 0UL;
        var scale = 1UL;
        for (var i = 0; i < value.Count; i++)
        {
            chunk = chunk * 10 + (ulong)(value.Digit(i) - '0');
            scale *= 10;
            if (scale == 1_000_000_000_000_000_000UL || i == value.Count - 1)
            {
                remainder = (remainder * scale + chunk) % divisor;
                chunk = 0;
                scale = 1;
            }
        }

        return remainder;
    }

    // The schema's divisor, a few dozen digits at most.
    private static BigInteger Whole(in NumberLiteral literal)
    {
        var whole = BigInteger.Zero;
        for (var i = 0; i < literal.Count; i++)
        {
            whole = whole * 10 + (literal.Digit(i) - '0');
        }

        return whole;
    }
}
