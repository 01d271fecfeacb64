using System;
using System.Numerics;

namespace GatewayGen.Runtime;

/// <summary>
/// A number literal taken apart for exact comparison: sign, significant digits (no leading or trailing zeros)
/// and the decimal exponent, read from the literal's own bytes. JSON numbers have arbitrary precision and range;
/// decimal rounds below 1e-28 and double beyond 17 digits, and no served library compares JSON number literals
/// exactly, hence this small hand-written one. It allocates only for a multipleOf divisor beyond 18 digits
/// (BigInteger, the schema's); exponents of any length are compared on their digits, never parsed whole.
/// </summary>
internal readonly ref struct NumberLiteral
{
    // An exponent with more significant digits than this is kept as its digits (HugeExponent), so Point cannot overflow.
    private const int LongExponentDigits = 15;

    // Exponent digits read as one number at the end of a huge exponent (10^19 - 1 fits a ulong).
    private const int LowDigits = 19;

    private static readonly Int128 LowScale = (Int128)10_000_000_000_000_000_000UL;

    // Stands for a point difference too large to matter (at least 10^15, beyond any shift or count), with its sign.
    private static readonly Int128 Far = (Int128)long.MaxValue;

    /// <summary>True for a value below zero (never for a zero, so -0 equals 0).</summary>
    public readonly bool Negative;

    /// <summary>The significant digits written before the decimal point.</summary>
    public readonly ReadOnlySpan<byte> Head;

    /// <summary>The significant digits written after the decimal point (they follow <see cref="Head"/>).</summary>
    public readonly ReadOnlySpan<byte> Tail;

    /// <summary>The value is 0.(Head Tail) x 10^Point; meaningless for zero and when <see cref="HugeExponent"/> is set.</summary>
    public readonly long Point;

    /// <summary>The exponent's significant digits (no sign, no leading zeros) when it has too many for <see cref="Point"/>.</summary>
    public readonly ReadOnlySpan<byte> HugeExponent;

    /// <summary>Whether <see cref="HugeExponent"/> is negative.</summary>
    public readonly bool HugeExponentNegative;

    // Point minus the exponent: what a huge exponent adds to become the point.
    private readonly long _pointOffset;

    private NumberLiteral(bool negative, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long point, ReadOnlySpan<byte> hugeExponent, bool hugeExponentNegative, long pointOffset)
    {
        HugeExponentNegative = hugeExponentNegative;
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
        var exponentNegative = false;
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
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
                hugeExponent = text.Slice(significantStart, i - significantStart);
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
            literal = new NumberLiteral(false, default, default, 0, default, false, 0);
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
        literal = new NumberLiteral(negative, head, tail, exponent + offset, hugeExponent, exponentNegative && !hugeExponent.IsEmpty, offset);
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
        a.HugeExponent.IsEmpty && b.HugeExponent.IsEmpty ? a.Point.CompareTo(b.Point) : Int128.Sign(PointDifference(a, 0, b, 0));

    /// <summary>
    /// (a's point + adjustA) - (b's point + adjustB): exact when below 10^15 in size, else <see cref="Far"/> with its
    /// sign. A huge exponent is never parsed: its digits are compared, and only its last 19 read as a number.
    /// </summary>
    private static Int128 PointDifference(in NumberLiteral a, long adjustA, in NumberLiteral b, long adjustB)
    {
        if (a.HugeExponent.IsEmpty && b.HugeExponent.IsEmpty)
        {
            return ((Int128)a.Point + adjustA) - ((Int128)b.Point + adjustB);
        }

        // Each point is sign x digits + offset; a small exponent is all offset (|offset| < 10^15 + 2^32).
        var offsetA = (a.HugeExponent.IsEmpty ? a.Point : a._pointOffset) + adjustA;
        var offsetB = (b.HugeExponent.IsEmpty ? b.Point : b._pointOffset) + adjustB;
        if (!a.HugeExponent.IsEmpty && !b.HugeExponent.IsEmpty && a.HugeExponentNegative != b.HugeExponentNegative)
        {
            return a.HugeExponentNegative ? -Far : Far; // both at least 10^15 from zero, on opposite sides
        }

        var negative = a.HugeExponent.IsEmpty ? b.HugeExponentNegative : a.HugeExponentNegative;
        return negative
            ? ShiftedDifference(b.HugeExponent, a.HugeExponent, offsetA - offsetB) // (-X + oa) - (-Y + ob) = Y - X + (oa - ob)
            : ShiftedDifference(a.HugeExponent, b.HugeExponent, offsetA - offsetB);
    }

    /// <summary>
    /// x - y + c for digit strings without leading zeros and |c| &lt; 2^62: exact when below 10^15 in size, else
    /// <see cref="Far"/> with its sign. Splits each into high digits and a low 19-digit number: with equal highs the
    /// difference is in the lows; with highs one apart it is 10^19 plus the lows'; further apart it is at least 10^19 - |c|.
    /// </summary>
    private static Int128 ShiftedDifference(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, long c)
    {
        var xHigh = x.Slice(0, Math.Max(0, x.Length - LowDigits));
        var yHigh = y.Slice(0, Math.Max(0, y.Length - LowDigits));
        var low = (Int128)Low(x, xHigh.Length) - Low(y, yHigh.Length) + c;
        var high = xHigh.Length != yHigh.Length ? xHigh.Length.CompareTo(yHigh.Length) : xHigh.SequenceCompareTo(yHigh);
        var difference = high == 0 ? low
            : high > 0 ? (IsSuccessor(xHigh, yHigh) ? LowScale + low : Far)
            : (IsSuccessor(yHigh, xHigh) ? low - LowScale : -Far);
        return Int128.Clamp(difference, -Far, Far);
    }

    private static ulong Low(ReadOnlySpan<byte> digits, int from)
    {
        var value = 0UL;
        for (var i = from; i < digits.Length; i++)
        {
            value = value * 10 + (ulong)(digits[i] - '0');
        }

        return value;
    }

    // Whether upper = lower + 1, both digit strings without leading zeros (lower may be empty, meaning 0).
    private static bool IsSuccessor(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> lower)
    {
        var nines = lower.Length;
        while (nines > 0 && lower[nines - 1] == (byte)'9')
        {
            nines--;
        }

        if (nines == 0)
        {
            // lower is 9...9 (or 0): upper must be 1 followed by as many zeros.
            return upper.Length == lower.Length + 1 && upper[0] == (byte)'1' && upper.Slice(1).IndexOfAnyExcept((byte)'0') < 0;
        }

        var last = nines - 1; // the digit that increments; the nines after it become zeros
        return upper.Length == lower.Length
            && upper.Slice(0, last).SequenceEqual(lower.Slice(0, last))
            && upper[last] == lower[last] + 1
            && upper.Slice(last + 1).IndexOfAnyExcept((byte)'0') < 0;
    }

    // Points are hashed modulo a per-process odd number, so a client cannot line up colliding exponents in advance.
    private static readonly long PointModulus = Random.Shared.NextInt64(1L << 57, 1L << 58) | 1;

    /// <summary>
    /// A hash of the value, equal for equal values whatever their spelling (1.0, 10e-1, 1): of the sign, the
    /// significant digits and the point modulo <see cref="PointModulus"/> (a huge exponent reduced digit by digit).
    /// </summary>
    public int ValueHash()
    {
        var hash = new HashCode();
        hash.Add(Sign);
        var chunk = 0UL;
        for (var i = 0; i < Count; i++)
        {
            chunk = chunk * 10 + (ulong)(Digit(i) - '0');
            if (i % 18 == 17)
            {
                hash.Add(chunk);
                chunk = 0;
            }
        }

        hash.Add(chunk);
        hash.Add(Count);
        if (!IsZero)
        {
            var residue = HugeExponent.IsEmpty ? Point % PointModulus : _pointOffset % PointModulus;
            if (!HugeExponent.IsEmpty)
            {
                var exponent = 0L; // below the modulus < 2^58, so exponent * 10 + 9 fits
                foreach (var digit in HugeExponent)
                {
                    exponent = (exponent * 10 + (digit - '0')) % PointModulus;
                }

                residue += HugeExponentNegative ? -exponent : exponent;
            }

            hash.Add(((residue % PointModulus) + PointModulus) % PointModulus);
        }

        return hash.ToHashCode();
    }

    /// <summary>Whether the value has no fractional part (1.0 and 1e2 count, 1e-29 does not).</summary>
    public bool IsInteger => IsZero || (HugeExponent.IsEmpty ? Point >= Count : !HugeExponentNegative);

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
        // A shift beyond int.MaxValue strips every factor 2 and 5 the divisor has, as int.MaxValue does.
        var shift = (long)Int128.Clamp(PointDifference(value, -value.Count, divisor, -divisor.Count), -1, int.MaxValue);

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

    // RFC 8259's number grammar, for text (a form field, a parameter) that may stand for a JSON number.
    internal static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
