using System.Linq;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GatewayGen.Runtime;

namespace GatewayGen.Benchmarks;

/// <summary>
/// The exact number checks on hostile bodies: a number with a 200,000-digit exponent against minimum and
/// multipleOf, and uniqueItems over arrays of distinct short decimals and of numbers with 400-digit exponents.
/// Sizes are kept small enough for code that parses exponents or compares every pair to finish a run.
/// </summary>
[MemoryDiagnoser]
public class ExactNumberBenchmarks
{
    private byte[] _hugeExponent = [];
    private byte[] _decimals = [];
    private byte[] _longExponents = [];

    [GlobalSetup]
    public void Setup()
    {
        _hugeExponent = Encoding.ASCII.GetBytes("1e" + new string('9', 200_000));
        _decimals = Encoding.ASCII.GetBytes("[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => "0." + (i * 7919 + 1).ToString("D8"))) + "]");
        _longExponents = Encoding.ASCII.GetBytes("[" + string.Join(",", Enumerable.Range(0, 300).Select(i => "1e" + new string('7', 395) + i.ToString("D5"))) + "]");
    }

    /// <summary>minimum: 1 on 1e(200,000 nines).</summary>
    [Benchmark]
    public int MinimumOnHugeExponent()
    {
        var reader = new Utf8JsonReader(_hugeExponent);
        reader.Read();
        return JsonNumber.Read(ref reader).CompareTo("1"u8);
    }

    /// <summary>multipleOf: 3 on 1e(200,000 nines).</summary>
    [Benchmark]
    public bool MultipleOfOnHugeExponent()
    {
        var reader = new Utf8JsonReader(_hugeExponent);
        reader.Read();
        return JsonNumber.Read(ref reader).IsMultipleOf("3"u8);
    }

    /// <summary>uniqueItems over 1,000 distinct short decimals.</summary>
    [Benchmark]
    public bool UniqueDecimals() => JsonValues.ItemsAreUnique(_decimals, 0);

    /// <summary>uniqueItems over 300 distinct numbers with 400-digit exponents.</summary>
    [Benchmark]
    public bool UniqueLongExponents() => JsonValues.ItemsAreUnique(_longExponents, 0);
}
