using System.Text;
using System.Text.Json;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Validation;

/// <summary>JSON numbers compare exactly: below 1e-28 (where decimal rounds to zero), beyond 17 digits and beyond double's range.</summary>
public sealed class ExactNumberTests
{
    private static int Compare(string value, string bound)
    {
        var reader = On(value);
        var number = JsonNumber.Read(ref reader);
        return number.CompareTo(Encoding.UTF8.GetBytes(bound));
    }

    private static Utf8JsonReader On(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }

    [Theory]
    [InlineData("-1e-29", "0", -1)]
    [InlineData("1e-29", "0", 1)]
    [InlineData("0", "1e-29", -1)]
    [InlineData("0", "-1e-29", 1)]
    [InlineData("1e-29", "2e-29", -1)]
    [InlineData("2e-29", "1e-29", 1)]
    [InlineData("1e-29", "1e-29", 0)]
    [InlineData("1e-29", "0.00000000000000000000000000001", 0)]
    [InlineData("1e400", "1e399", 1)]
    [InlineData("1e399", "1e400", -1)]
    [InlineData("-1e400", "-1e399", -1)]
    [InlineData("1e-400", "1e-399", -1)]
    [InlineData("10e399", "1e400", 0)]
    [InlineData("-0", "0", 0)]
    [InlineData("-0.0e5", "0", 0)]
    [InlineData("1.0", "1", 0)]
    [InlineData("100", "1e2", 0)]
    [InlineData("0.30000000000000000000000000001", "0.3", 1)]
    [InlineData("123456789012345678901234567890.5", "123456789012345678901234567890.4", 1)]
    [InlineData("123456789012345678901234567890.5", "123456789012345678901234567891", -1)]
    [InlineData("18446744073709551600", "18446744073709551615", -1)]
    [InlineData("972783798187987123879878123.188781371", "972783798187987123879878123.18878137", 1)]
    [InlineData("9007199254740993", "9007199254740992", 1)]
    [InlineData("1e1000000000000000000000", "1e999999999999999999999", 1)]
    [InlineData("1e-1000000000000000000000", "1e-999999999999999999999", -1)]
    [InlineData("1e1000000000000000000000", "1e400", 1)]
    [InlineData("-5", "3", -1)]
    public void Numbers_compare_exactly(string value, string bound, int expected)
    {
        Assert.Equal(expected, System.Math.Sign(Compare(value, bound)));
        Assert.Equal(-expected, System.Math.Sign(Compare(bound, value)));
    }

    [Theory]
    [InlineData("-1e-29", -1)]
    [InlineData("1e-29", 1)]
    [InlineData("0.5", 1)]
    [InlineData("-0", 0)]
    [InlineData("0.0000000000000000000000000001", 1)]
    [InlineData("-0.0000000000000000000000000001", -1)]
    [InlineData("79228162514264337593543950335", 1)]
    [InlineData("1e400", 1)]
    public void Decimal_bounds_compare_exactly_with_numbers_beyond_decimal(string value, int expected)
    {
        var reader = On(value);
        Assert.Equal(expected, System.Math.Sign(JsonNumber.Read(ref reader).CompareTo(0m)));
    }

    [Theory]
    [InlineData("1.5e-27")]
    [InlineData("0.0000000000000000000000000015")]
    [InlineData("15e-28")]
    public void Literals_a_decimal_holds_are_read_as_that_decimal_exactly(string value)
    {
        var reader = On(value);
        var number = JsonNumber.Read(ref reader);

        Assert.Equal(0, number.CompareTo(0.0000000000000000000000000015m));
        Assert.True(number.CompareTo(0.0000000000000000000000000014m) > 0);
        Assert.True(number.CompareTo(0.0000000000000000000000000016m) < 0);
        Assert.True(number.IsMultipleOf(0.0000000000000000000000000005m));
        Assert.False(number.IsMultipleOf(0.0000000000000000000000000010m));
    }

    [Theory]
    [InlineData("0.30000000000000000000000000001", "0.1", false)]
    [InlineData("0.3", "0.1", true)]
    [InlineData("0.30000000000000000000000000000", "0.1", true)]
    [InlineData("1e308", "0.5", true)]
    [InlineData("1e400", "0.5", true)]
    [InlineData("1e400", "3", false)]
    [InlineData("3e400", "3", true)]
    [InlineData("1e-29", "1e-30", true)]
    [InlineData("1e-30", "1e-29", false)]
    [InlineData("4.5", "1.5", true)]
    [InlineData("35", "1.5", false)]
    [InlineData("0", "0.1", true)]
    [InlineData("12345678901234567890123456789012345678901234567890", "2", true)]
    [InlineData("12345678901234567890123456789012345678901234567891", "2", false)]
    [InlineData("1e1000000000000000000000", "0.25", true)]
    [InlineData("1e1000000000000000000000", "7", false)]
    [InlineData("1e-1000000000000000000000", "1", false)]
    [InlineData("1e400", "1234567890123456789012345", false)]
    [InlineData("2469135780246913578024690e400", "1234567890123456789012345", true)]
    [InlineData("2469135780246913578024690", "1234567890123456789012345e-5", true)]
    [InlineData("2469135780246913578024690.1", "1234567890123456789012345", false)]
    [InlineData("7e-5", "0.00007", true)]
    [InlineData("0.7", "0.07", true)]
    [InlineData("0.07", "0.7", false)]
    [InlineData("1", "3", false)]
    [InlineData("999999999999999999", "999999999999999999", true)]
    [InlineData("1999999999999999998", "999999999999999999", true)]
    public void MultipleOf_is_exact(string value, string divisor, bool expected)
    {
        var reader = On(value);
        Assert.Equal(expected, JsonNumber.Read(ref reader).IsMultipleOf(Encoding.UTF8.GetBytes(divisor)));
        if (decimal.TryParse(divisor, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var exact) && exact.ToString(System.Globalization.CultureInfo.InvariantCulture) == divisor)
        {
            reader = On(value);
            Assert.Equal(expected, JsonNumber.Read(ref reader).IsMultipleOf(exact));
        }
    }

    [Theory]
    [InlineData("1e-30", "0", false)]
    [InlineData("0", "1e-30", false)]
    [InlineData("1.0", "1", true)]
    [InlineData("1", "1.0", true)]
    [InlineData("-0", "0", true)]
    [InlineData("0.0", "-0", true)]
    [InlineData("1e2", "100", true)]
    [InlineData("1e400", "1e399", false)]
    [InlineData("1e400", "10e399", true)]
    [InlineData("123456789012345678901234567890.5", "123456789012345678901234567890.50", true)]
    [InlineData("123456789012345678901234567890.5", "123456789012345678901234567890.6", false)]
    [InlineData("9007199254740993", "9007199254740992", false)]
    public void Enum_and_const_compare_numbers_exactly(string value, string expected, bool equal)
    {
        var reader = On(value);
        Assert.Equal(equal, JsonValues.ValueEquals(ref reader, Encoding.UTF8.GetBytes(expected)));
        reader = On("[" + value + "]");
        Assert.Equal(equal, JsonValues.ValueEquals(ref reader, Encoding.UTF8.GetBytes("[" + expected + "]")));
        reader = On("{\"a\":" + value + "}");
        Assert.Equal(equal, JsonValues.ValueEquals(ref reader, Encoding.UTF8.GetBytes("{\"a\":" + expected + "}")));
    }

    [Theory]
    [InlineData("[1e-29, 2e-29]", true)]
    [InlineData("[1e-29, 1e-29]", false)]
    [InlineData("[1e-30, 0]", true)]
    [InlineData("[1.0, 1]", false)]
    [InlineData("[-0, 0]", false)]
    [InlineData("[1e400, 1e399]", true)]
    [InlineData("[1e400, 10e399]", false)]
    [InlineData("[{\"a\": 1e-29}, {\"a\": 2e-29}]", true)]
    [InlineData("[[1], [1.0]]", false)]
    public void UniqueItems_compares_numbers_exactly(string array, bool unique) =>
        Assert.Equal(unique, JsonValues.ItemsAreUnique(Encoding.UTF8.GetBytes(array), 0));

    [Theory]
    [InlineData("1", true)]
    [InlineData("1.0", true)]
    [InlineData("1e2", true)]
    [InlineData("1.5e1", true)]
    [InlineData("1e-29", false)]
    [InlineData("1.000000000000000000000000000000001", false)]
    [InlineData("12345678910111213141516171819202122232425262728293031", true)]
    [InlineData("1e400", true)]
    [InlineData("1.5", false)]
    [InlineData("-0.0", true)]
    public void Integers_are_recognised_exactly(string value, bool integer)
    {
        var reader = On(value);
        Assert.Equal(integer, JsonValues.IsInteger(ref reader));
    }

    [Theory]
    [InlineData("1e-29", false)]
    [InlineData("1.0", true)]
    [InlineData("2147483647", true)]
    [InlineData("2147483648", false)]
    [InlineData("2.147483647e9", true)]
    public void Int32_format_is_exact(string value, bool valid)
    {
        var reader = On(value);
        Assert.Equal(valid, JsonFormats.IsInt32(ref reader));
    }

    [Theory]
    [InlineData("-1e-29", "0", false, false)]
    [InlineData("1e-29", "0", true, true)]
    [InlineData("0", "0", true, false)]
    [InlineData(" 0.10000000000000000001 ", "0.1", true, true)]
    [InlineData("+.5", "0.5", true, false)]
    [InlineData("5.", "5", true, false)]
    [InlineData("abc", "0", false, false)]
    public void Number_parameters_compare_their_text_exactly(string text, string bound, bool atLeast, bool above)
    {
        var utf8 = Encoding.UTF8.GetBytes(bound);
        Assert.Equal(atLeast, ParameterChecks.IsAtLeast(text, utf8));
        Assert.Equal(above, ParameterChecks.IsAbove(text, utf8));
    }

    [Theory]
    [InlineData(0L, "1e-29", false, true)]
    [InlineData(1L, "1e-29", true, false)]
    [InlineData(9_223_372_036_854_775_807L, "1e400", false, true)]
    [InlineData(9_223_372_036_854_775_807L, "9223372036854775806.5", true, false)]
    public void Integer_parameters_compare_exactly_with_bounds_beyond_decimal(long value, string bound, bool above, bool below)
    {
        var utf8 = Encoding.UTF8.GetBytes(bound);
        Assert.Equal(above, ParameterChecks.IsAbove(value, utf8));
        Assert.Equal(below, ParameterChecks.IsBelow(value, utf8));
    }

    [Theory]
    [InlineData("0.30000000000000000000000000001", "0.1", false)]
    [InlineData("0.3", "0.1", true)]
    [InlineData("1e-29", "1e-30", true)]
    public void Number_parameters_check_multipleOf_on_their_text(string text, string divisor, bool multiple) =>
        Assert.Equal(multiple, ParameterChecks.IsMultipleOf(text, Encoding.UTF8.GetBytes(divisor)));

    [Fact]
    public void Exact_comparisons_of_numbers_beyond_decimal_do_not_allocate()
    {
        var array = Encoding.UTF8.GetBytes("[1e-29, 2e-29, 0.30000000000000000000000000001, 1e400, 1.0, 123456789012345678901234567890.5]");
        long Run()
        {
            var before = System.GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 100; round++)
            {
                var reader = new Utf8JsonReader(array);
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    var number = JsonNumber.Read(ref reader);
                    Assert.True(number.CompareTo("-1e-30"u8) > 0);
                    Assert.True(number.CompareTo(0m) > 0);
                    Assert.True(number.IsMultipleOf("1e-29"u8));
                    Assert.True(number.IsMultipleOf(0.5m) || !number.IsMultipleOf(0.5m));
                    Assert.False(JsonValues.ValueEquals(ref reader, "1e-30"u8));
                    Assert.True(JsonValues.IsInteger(ref reader) || !JsonValues.IsInteger(ref reader));
                }

                Assert.True(JsonValues.ItemsAreUnique(array, 0));
            }

            return System.GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run(); // pools and statics
        Assert.Equal(0, Run());
    }

    [Fact]
    public void MultipleOf_on_a_number_of_five_million_digits_is_a_remainder_that_allocates_nothing()
    {
        // A body is a client's: BigInteger division on its digits took 15 s here (and allocates the digits); the
        // digit-by-digit remainder allocates nothing, which is what this checks (speed is for bench/, not a stopwatch).
        var json = Encoding.ASCII.GetBytes("1" + new string('7', 5_000_000) + "3.5");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var number = JsonNumber.Read(ref reader);

        var before = System.GC.GetAllocatedBytesForCurrentThread();
        var seven = number.IsMultipleOf("7"u8);
        var half = number.IsMultipleOf("0.5"u8);
        var tenth = number.IsMultipleOf(0.1m);
        var above = number.CompareTo("1e5000001"u8) > 0;
        var allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(seven);
        Assert.True(half);
        Assert.True(tenth);
        Assert.True(above);
        Assert.Equal(0, allocated);
    }
}
