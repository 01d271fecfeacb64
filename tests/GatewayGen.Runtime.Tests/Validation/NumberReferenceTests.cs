using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Validation;

/// <summary>
/// Exact number comparison, equality, multipleOf and uniqueItems checked against a BigInteger reference on thousands
/// of random literals, many with exponents of 16 to 60 digits near each other and near powers of ten (where huge
/// exponents are compared on their digits); and the work on huge exponents and large arrays stays bounded.
/// </summary>
public sealed class NumberReferenceTests
{
    // A literal as value = Mantissa x 10^Exponent, Mantissa without trailing zeros (0 for zero): the reference.
    private readonly record struct Reference(BigInteger Mantissa, BigInteger Exponent)
    {
        public static Reference Of(string literal)
        {
            var e = literal.IndexOfAny(['e', 'E']);
            var exponent = e < 0 ? BigInteger.Zero : BigInteger.Parse(literal.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var number = e < 0 ? literal : literal.Substring(0, e);
            var dot = number.IndexOf('.');
            if (dot >= 0)
            {
                exponent -= number.Length - dot - 1;
                number = number.Remove(dot, 1);
            }

            var mantissa = BigInteger.Parse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (mantissa.IsZero)
            {
                return new Reference(0, 0);
            }

            while ((mantissa % 10).IsZero)
            {
                mantissa /= 10;
                exponent++;
            }

            return new Reference(mantissa, exponent);
        }

        private int Digits => BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture).Length;

        public static int Compare(Reference a, Reference b)
        {
            if (a.Mantissa.Sign != b.Mantissa.Sign || a.Mantissa.IsZero)
            {
                return a.Mantissa.Sign.CompareTo(b.Mantissa.Sign);
            }

            // Same sign: first by the position of the leading digit, then by the digits padded to one length.
            var magnitude = (a.Exponent + a.Digits).CompareTo(b.Exponent + b.Digits);
            if (magnitude == 0)
            {
                var width = Math.Max(a.Digits, b.Digits);
                magnitude = (BigInteger.Abs(a.Mantissa) * BigInteger.Pow(10, width - a.Digits)).CompareTo(BigInteger.Abs(b.Mantissa) * BigInteger.Pow(10, width - b.Digits));
            }

            return a.Mantissa.Sign * magnitude;
        }

        public static bool IsMultipleOf(Reference value, Reference divisor)
        {
            if (divisor.Mantissa.IsZero || value.Mantissa.IsZero)
            {
                return !divisor.Mantissa.IsZero;
            }

            var shift = value.Exponent - divisor.Exponent;
            var b = BigInteger.Abs(divisor.Mantissa);
            if (shift.Sign >= 0)
            {
                return (BigInteger.Abs(value.Mantissa) * BigInteger.ModPow(10, shift, b) % b).IsZero;
            }

            // A mantissa without trailing zeros is not a multiple of 10, so no negative shift divides it.
            return false;
        }
    }

    private static readonly string[] HugeBases = MakeHugeBases();

    private static string[] MakeHugeBases()
    {
        var random = new Random(1818);
        var bases = new List<string>
        {
            "1" + new string('0', 15), "9" + new string('9', 15), "1" + new string('0', 18), new string('9', 19),
            "1" + new string('0', 19), "1" + new string('0', 20), new string('9', 38), "1" + new string('0', 38),
            "12345678901234567" + "0000000000000000000", "12345678901234566" + new string('9', 19),
            "31415926535897932384626433832795028841971",
        };
        for (var i = 0; i < 6; i++)
        {
            var digits = new StringBuilder().Append((char)('1' + random.Next(9)));
            var length = random.Next(16, 60);
            while (digits.Length < length)
            {
                digits.Append((char)('0' + random.Next(10)));
            }

            bases.Add(digits.ToString());
        }

        return bases.ToArray();
    }

    // A random literal: small or huge exponent (a base plus a little), and mantissas written with zeros and points in varied places.
    private static string RandomLiteral(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0)
        {
            text.Append('-');
        }

        var digits = random.Next(4) == 0 ? "0" : RandomDigits(random, random.Next(1, 24));
        var leadingZeros = new string('0', random.Next(3));
        var trailingZeros = new string('0', random.Next(3));
        var all = leadingZeros + digits + trailingZeros;
        var point = random.Next(all.Length + 1);
        var whole = all.Substring(0, point).TrimStart('0'); // JSON has no leading zeros; the fraction may

        var fraction = all.Substring(point);
        text.Append(whole.Length == 0 ? "0" : whole);
        if (fraction.Length > 0)
        {
            text.Append('.').Append(fraction);
        }

        switch (random.Next(3))
        {
            case 0:
                break;
            case 1:
                text.Append('e').Append(random.Next(-40, 41).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                var exponent = BigInteger.Parse(HugeBases[random.Next(HugeBases.Length)], CultureInfo.InvariantCulture) + random.Next(-30, 31);
                if (random.Next(2) == 0)
                {
                    exponent = -exponent;
                }

                text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(exponent.Sign >= 0 && random.Next(2) == 0 ? "+" : "").Append(new string('0', random.Next(2)))
                    .Append(exponent.ToString(CultureInfo.InvariantCulture).Replace("-", ""));
                if (exponent.Sign < 0)
                {
                    var e = text.ToString().LastIndexOfAny(['e', 'E']);
                    text.Insert(e + 1, '-');
                }

                break;
        }

        return text.ToString();
    }

    private static string RandomDigits(Random random, int length)
    {
        var digits = new StringBuilder().Append((char)('1' + random.Next(9)));
        while (digits.Length < length)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        return digits.ToString();
    }

    private static Utf8JsonReader On(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader;
    }

    [Fact]
    public void Comparison_equality_and_multipleOf_agree_with_a_BigInteger_reference()
    {
        var random = new Random(18);
        var literals = new List<string>();
        for (var i = 0; i < 4000; i++)
        {
            literals.Add(RandomLiteral(random));
        }

        var failures = new List<string>();
        for (var i = 0; i < literals.Count; i++)
        {
            var a = literals[i];
            // Neighbours share bases often enough to land on equal and nearly equal points; a copy with the same value checks equality.
            foreach (var b in new[] { literals[(i + 1) % literals.Count], literals[random.Next(literals.Count)], Respell(a) })
            {
                var expected = Reference.Compare(Reference.Of(a), Reference.Of(b));
                var value = Encoding.ASCII.GetBytes(a);
                var other = Encoding.ASCII.GetBytes(b);
                var reader = On(value);
                var actual = Math.Sign(JsonNumber.Read(ref reader).CompareTo(other));
                if (actual != expected)
                {
                    failures.Add($"compare {a} {b}: {actual}, expected {expected}");
                }

                reader = On(value);
                if (JsonValues.ValueEquals(ref reader, other) != (expected == 0))
                {
                    failures.Add($"equals {a} {b}: expected {expected == 0}");
                }

                reader = On(value);
                var multiple = Reference.IsMultipleOf(Reference.Of(a), Reference.Of(b));
                if (JsonNumber.Read(ref reader).IsMultipleOf(other) != multiple)
                {
                    failures.Add($"multipleOf {a} {b}: expected {multiple}");
                }
            }
        }

        Assert.Empty(failures);
    }

    // The same value written another way: a zero more before the point and the exponent one up, or trailing zeros.
    private static string Respell(string literal)
    {
        var e = literal.IndexOfAny(['e', 'E']);
        if (e < 0)
        {
            return literal.Contains('.') ? literal + "00" : literal + ".0";
        }

        var exponent = BigInteger.Parse(literal.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = literal.Substring(0, e);
        return (mantissa.Contains('.') ? mantissa + "0" : mantissa + ".0") + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public void UniqueItems_agrees_with_the_reference_on_large_arrays()
    {
        var random = new Random(181818);
        for (var round = 0; round < 40; round++)
        {
            var items = new List<string>();
            for (var i = 0; i < 60; i++)
            {
                items.Add(RandomLiteral(random));
            }

            if (round % 2 == 0)
            {
                items.Add(Respell(items[random.Next(items.Count)])); // an equal value spelled differently
            }

            var expected = true;
            for (var i = 0; i < items.Count && expected; i++)
            {
                for (var j = i + 1; j < items.Count && expected; j++)
                {
                    expected = Reference.Compare(Reference.Of(items[i]), Reference.Of(items[j])) != 0;
                }
            }

            var json = Encoding.ASCII.GetBytes("[" + string.Join(",", items) + "]");
            Assert.True(expected == JsonValues.ItemsAreUnique(json, 0), string.Join(",", items));
        }
    }

    [Theory]
    [InlineData("[\"a\",\"b\",\"\\u0061\"]", false)]
    [InlineData("[{\"a\":1,\"b\":[1,2]},{\"b\":[1,2.0],\"a\":1.0}]", false)]
    [InlineData("[{\"a\":1,\"b\":[1,2]},{\"b\":[2,1],\"a\":1}]", true)]
    [InlineData("[[1,\"x\"],[\"x\",1]]", true)]
    [InlineData("[true,false,null,0,\"\"]", true)]
    [InlineData("[null,null]", false)]
    public void UniqueItems_hashes_strings_arrays_and_objects_by_their_values(string pair, bool unique)
    {
        // Padded past the pairwise threshold with distinct numbers, so the hashed path decides.
        var padding = string.Join(",", System.Linq.Enumerable.Range(1000, 40));
        var json = Encoding.UTF8.GetBytes("[" + padding + "," + pair.Substring(1, pair.Length - 2) + "]");
        Assert.Equal(unique, JsonValues.ItemsAreUnique(json, 0));
        Assert.Equal(unique, JsonValues.ItemsAreUnique(Encoding.UTF8.GetBytes(pair), 0));
    }

    [Fact]
    public void A_nine_million_digit_exponent_is_decided_on_its_digits_without_parsing_it()
    {
        // BigInteger.Parse of the exponent allocated its text and its value (tens of MB) on every comparison; digits compared in place allocate nothing.
        var nines = new string('9', 9_000_000);
        var value = Encoding.ASCII.GetBytes("{\"n\":1e" + nines + "}");
        var negative = Encoding.ASCII.GetBytes("{\"n\":1e-" + nines + "}");
        var sameAsTen = Encoding.ASCII.GetBytes("10e" + nines.Substring(1) + "8"); // 10 x 10^(9..98)
        var sameAsTenth = Encoding.ASCII.GetBytes("0.1e1" + new string('0', 9_000_000)); // 0.1 x 10^(10..0): the exponents' high digits one apart
        var justAbove = Encoding.ASCII.GetBytes("1.0000000000000000001e" + nines);
        var below = Encoding.ASCII.GetBytes("9e" + nines.Substring(1) + "8");

        long Run()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var reader = new Utf8JsonReader(value);
            reader.Read();
            reader.Read();
            reader.Read();
            var number = JsonNumber.Read(ref reader);
            Assert.True(number.CompareTo("1"u8) > 0);
            Assert.True(number.CompareTo(1m) > 0);
            Assert.True(number.CompareTo(sameAsTen) == 0);
            Assert.True(number.CompareTo(sameAsTenth) == 0);
            Assert.True(number.CompareTo(justAbove) < 0);
            Assert.True(number.CompareTo(below) > 0);
            Assert.True(number.IsMultipleOf("1"u8));
            Assert.True(number.IsMultipleOf(0.5m));
            Assert.False(number.IsMultipleOf("3"u8));
            Assert.True(JsonValues.ValueEquals(ref reader, sameAsTenth));

            reader = new Utf8JsonReader(negative);
            reader.Read();
            reader.Read();
            reader.Read();
            number = JsonNumber.Read(ref reader);
            Assert.True(number.CompareTo("0"u8) > 0);
            Assert.True(number.CompareTo("1e-400"u8) < 0);
            Assert.False(number.IsMultipleOf("1"u8));
            Assert.False(JsonValues.IsInteger(ref reader));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run();
        Assert.Equal(0, Run());
    }

    [Fact]
    public void UniqueItems_on_thousands_of_distinct_items_compares_only_colliding_pairs()
    {
        // Every pair was compared: 3,000 items made 4.5 million comparisons, each reparsing both items.
        var random = new Random(3000);
        var seen = new HashSet<string>();
        var items = new List<string>();
        while (items.Count < 3000)
        {
            var item = random.Next(3) switch
            {
                0 => "0." + RandomDigits(random, 12),
                1 => "1e" + RandomDigits(random, 400),
                _ => "\"" + RandomDigits(random, 10) + "\"",
            };
            if (seen.Add(item))
            {
                items.Add(item);
            }
        }

        var json = Encoding.ASCII.GetBytes("[" + string.Join(",", items) + "]");
        JsonValues.ItemPairsCompared = 0;
        Assert.True(JsonValues.ItemsAreUnique(json, 0));
        Assert.True(JsonValues.ItemPairsCompared < 100, $"{JsonValues.ItemPairsCompared} pairs compared");

        var repeated = Encoding.ASCII.GetBytes("[" + string.Join(",", items) + "," + Respell(items.Find(item => item.StartsWith("1e", StringComparison.Ordinal))!) + "]");
        Assert.False(JsonValues.ItemsAreUnique(repeated, 0));
    }
}
