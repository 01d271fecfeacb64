using System;
using System.Globalization;
using GatewayGen.Runtime;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace GatewayGen.Runtime.Tests;

public sealed class ParameterParsersTests
{
    [Fact]
    public void Numbers_parse_the_same_whatever_the_machine_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.True(ParameterParsers.TryParseDouble("1.5", out var value));
            Assert.Equal(1.5, value);
            Assert.False(ParameterParsers.TryParseDouble("1,5", out _));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void Non_finite_numbers_are_rejected(string text) => Assert.False(ParameterParsers.TryParseDouble(text, out _));

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-2-9", false)]
    [InlineData("29/02/2024", false)]
    public void Dates_are_RFC_3339_full_dates(string text, bool valid) => Assert.Equal(valid, ParameterParsers.TryParseDate(text, out _));

    [Theory]
    [InlineData("2024-02-29T10:00:00Z", true)]
    [InlineData("2024-02-29T10:00:00.123+05:30", true)]
    [InlineData("2024-02-29", false)]
    [InlineData("2024-02-29T10:00:00", false)]
    public void Date_times_need_a_time_and_an_offset(string text, bool valid) => Assert.Equal(valid, ParameterParsers.TryParseDateTime(text, out _));

    [Fact]
    public void Exploded_arrays_take_one_item_per_value_and_delimited_ones_split()
    {
        Assert.True(ParameterParsers.TryParseArray<int>(new StringValues(new[] { "1", "2" }), '\0', ParameterParsers.TryParseInt32, out var exploded, out _));
        Assert.Equal(new[] { 1, 2 }, exploded);
        Assert.True(ParameterParsers.TryParseArray<int>(new StringValues("3|4|5"), '|', ParameterParsers.TryParseInt32, out var piped, out _));
        Assert.Equal(new[] { 3, 4, 5 }, piped);
        Assert.False(ParameterParsers.TryParseArray<int>(new StringValues("6,x"), ',', ParameterParsers.TryParseInt32, out _, out var invalid));
        Assert.Equal("x", invalid);
    }

    [Fact]
    public void Base64_parameters_decode_to_bytes()
    {
        Assert.True(ParameterParsers.TryParseBase64(Convert.ToBase64String(new byte[] { 1, 2, 3, 250 }), out var bytes));
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, bytes);
        Assert.False(ParameterParsers.TryParseBase64("not base64!", out _));
    }
}
