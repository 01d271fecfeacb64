using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GatewayGen.Runtime;

/// <summary>
/// The checks generated validators make on the value a <see cref="Utf8JsonReader"/> stands on. None allocates
/// on the success path: strings are unescaped into stack or pooled buffers, never into a string.
/// </summary>
public static class JsonValues
{
    private const int StackLimit = 256;

    /// <summary>Whether the current value has one of the <paramref name="allowed"/> types.</summary>
    public static bool HasType(ref Utf8JsonReader reader, JsonTypes allowed) => reader.TokenType switch
    {
        JsonTokenType.String or JsonTokenType.PropertyName => (allowed & JsonTypes.String) != 0,
        JsonTokenType.Number => (allowed & JsonTypes.Number) != 0 || ((allowed & JsonTypes.Integer) != 0 && IsInteger(ref reader)),
        JsonTokenType.True or JsonTokenType.False => (allowed & JsonTypes.Boolean) != 0,
        JsonTokenType.Null => (allowed & JsonTypes.Null) != 0,
        JsonTokenType.StartObject => (allowed & JsonTypes.Object) != 0,
        JsonTokenType.StartArray => (allowed & JsonTypes.Array) != 0,
        _ => false,
    };

    /// <summary>"string", "integer", "object", ...: the type of the current value, for messages.</summary>
    public static string TypeName(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String or JsonTokenType.PropertyName => "string",
        JsonTokenType.Number => IsInteger(ref reader) ? "integer" : "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        _ => "unknown",
    };

    /// <summary>Whether the current number has no fractional part (1.0 and 1e2 count, 1e-29 does not), exactly.</summary>
    public static bool IsInteger(ref Utf8JsonReader reader) =>
        IsIntegerLiteral(ref reader) || (NumberLiteral.TryParse(Literal(ref reader), out var literal) && literal.IsInteger);

    /// <summary>
    /// Whether the current number is written without fraction or exponent ("42", "-7"): then it is an integer
    /// without parsing it. The reader has already checked the JSON number grammar.
    /// </summary>
    internal static bool IsIntegerLiteral(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    /// <summary>The length of the current string in Unicode code points, as JSON Schema counts it.</summary>
    public static int CodePointLength(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return CountCodePoints(reader.ValueSpan);
        }

        byte[]? rented = null;
        var buffer = reader.ValueSpan.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length));
        var length = reader.CopyString(buffer);
        var count = CountCodePoints(buffer.Slice(0, length));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return count;
    }

    private static int CountCodePoints(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether the current string (or property name) contains a match of <paramref name="regex"/>.</summary>
    public static bool Matches(ref Utf8JsonReader reader, Regex regex)
    {
        char[]? rented = null;
        var length = reader.ValueSpan.Length;
        var buffer = length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = reader.CopyString(buffer);
            return regex.IsMatch(buffer.Slice(0, written));
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // a pattern that takes this long on this input is treated as not matching
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>enum and const: whether the current value equals <paramref name="expectedJson"/> as JSON (1 == 1.0, key order ignored).</summary>
    public static bool ValueEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expectedJson)
    {
        var actual = reader;
        var expected = new Utf8JsonReader(expectedJson, isFinalBlock: true, default);
        expected.Read();
        return Equal(ref actual, ref expected);
    }

    /// <summary>discriminator: finds a top-level property of the object <paramref name="reader"/> stands on, leaving <paramref name="value"/> on its value.</summary>
    public static bool TryFindProperty(Utf8JsonReader reader, ReadOnlySpan<byte> name, out Utf8JsonReader value)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                value = reader;
                return true;
            }

            reader.Skip();
        }

        value = default;
        return false;
    }

    // Up to this many items uniqueItems compares every pair (no hashing, nothing rented beyond the offsets); beyond, it hashes.
    private const int PairwiseItems = 16;

    /// <summary>How many item pairs uniqueItems has compared on this thread (tests check the work stays near linear).</summary>
    [ThreadStatic]
    internal static long ItemPairsCompared;

    /// <summary>
    /// uniqueItems: whether no two items of the array starting at <paramref name="arrayOffset"/> are equal. Small
    /// arrays compare every pair; larger ones sort the items by a hash of their value (<see cref="ValueHash"/>) and
    /// compare only items whose hashes are equal, so n distinct items cost n log n, not n^2.
    /// </summary>
    public static bool ItemsAreUnique(ReadOnlySpan<byte> json, long arrayOffset)
    {
        var reader = At(json, arrayOffset);
        var starts = ArrayPool<long>.Shared.Rent(PairwiseItems);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == starts.Length)
                {
                    var larger = ArrayPool<long>.Shared.Rent(count * 2);
                    starts.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<long>.Shared.Return(starts);
                    starts = larger;
                }

                starts[count++] = arrayOffset + reader.TokenStartIndex; // the reader starts at the array
                reader.Skip();
            }

            if (count <= PairwiseItems)
            {
                for (var i = 0; i < count; i++)
                {
                    for (var j = i + 1; j < count; j++)
                    {
                        if (ItemsEqual(json, starts[i], starts[j]))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            return HashedItemsAreUnique(json, starts.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<long>.Shared.Return(starts);
        }
    }

    private static bool HashedItemsAreUnique(ReadOnlySpan<byte> json, ReadOnlySpan<long> starts)
    {
        // One sortable key per item: its hash above, its index below.
        var keys = ArrayPool<long>.Shared.Rent(starts.Length);
        try
        {
            for (var i = 0; i < starts.Length; i++)
            {
                var item = At(json, starts[i]);
                keys[i] = ((long)ValueHash(ref item) << 32) | (uint)i;
            }

            var sorted = keys.AsSpan(0, starts.Length);
            sorted.Sort();
            for (var run = 0; run < sorted.Length;)
            {
                var end = run + 1;
                while (end < sorted.Length && sorted[end] >> 32 == sorted[run] >> 32)
                {
                    end++;
                }

                for (var i = run; i < end; i++)
                {
                    for (var j = i + 1; j < end; j++)
                    {
                        if (ItemsEqual(json, starts[(int)(uint)sorted[i]], starts[(int)(uint)sorted[j]]))
                        {
                            return false;
                        }
                    }
                }

                run = end;
            }

            return true;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
        }
    }

    private static bool ItemsEqual(ReadOnlySpan<byte> json, long first, long second)
    {
        ItemPairsCompared++;

        // Items of different kinds (first bytes '{' and '[' and '"', or a digit and 't') cannot be equal.
        if (Kind(json[(int)first]) != Kind(json[(int)second]))
        {
            return false;
        }

        var a = At(json, first);
        var b = At(json, second);
        return Equal(ref a, ref b);
    }

    /// <summary>
    /// A hash of the value the reader stands on (leaving it on the value's last token), equal for values
    /// <see cref="Equal"/> finds equal: numbers by their exact value, strings by their unescaped text, arrays in
    /// order, objects whatever the order of their members.
    /// </summary>
    private static int ValueHash(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return NumberLiteral.TryParse(Literal(ref reader), out var number) ? number.ValueHash() : 0;
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                return TextHash(ref reader);
            case JsonTokenType.StartArray:
                var items = new HashCode();
                items.Add(JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ValueHash(ref reader));
                }

                return items.ToHashCode();
            case JsonTokenType.StartObject:
                var members = (int)JsonTokenType.StartObject;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = TextHash(ref reader);
                    reader.Read();
                    members += HashCode.Combine(name, ValueHash(ref reader)); // a sum: member order does not count
                }

                return members;
            default:
                return (int)reader.TokenType; // true, false, null
        }
    }

    private static int TextHash(ref Utf8JsonReader reader)
    {
        var hash = new HashCode();
        if (!reader.ValueIsEscaped)
        {
            hash.AddBytes(reader.ValueSpan);
            return hash.ToHashCode();
        }

        byte[]? rented = null;
        var buffer = reader.ValueSpan.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length));
        hash.AddBytes(buffer.Slice(0, reader.CopyString(buffer)));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash.ToHashCode();
    }

    private static int Kind(byte first) => first switch
    {
        (byte)'{' => 1,
        (byte)'[' => 2,
        (byte)'"' => 3,
        (byte)'t' or (byte)'f' => 4,
        (byte)'n' => 5,
        _ => 6,
    };

    private static Utf8JsonReader At(ReadOnlySpan<byte> json, long offset)
    {
        var reader = new Utf8JsonReader(json.Slice((int)offset), isFinalBlock: true, default);
        reader.Read();
        return reader;
    }

    // Both readers stand on a value; both end on its last token.
    private static bool Equal(ref Utf8JsonReader a, ref Utf8JsonReader b)
    {
        // A property name (propertyNames checks) compares as the string it is.
        var type = a.TokenType == JsonTokenType.PropertyName ? JsonTokenType.String : a.TokenType;
        var other = b.TokenType == JsonTokenType.PropertyName ? JsonTokenType.String : b.TokenType;
        if (type != other)
        {
            return false;
        }

        switch (type)
        {
            case JsonTokenType.Number:
                return NumbersEqual(ref a, ref b);
            case JsonTokenType.String:
                return TextEqual(ref a, ref b);
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.StartArray:
                while (true)
                {
                    var moreA = a.Read() && a.TokenType != JsonTokenType.EndArray;
                    var moreB = b.Read() && b.TokenType != JsonTokenType.EndArray;
                    if (moreA != moreB)
                    {
                        return false;
                    }

                    if (!moreA)
                    {
                        return true;
                    }

                    if (!Equal(ref a, ref b))
                    {
                        return false;
                    }
                }

            case JsonTokenType.StartObject:
                return ObjectsEqual(ref a, ref b);
            default:
                return false;
        }
    }

    private static bool ObjectsEqual(ref Utf8JsonReader a, ref Utf8JsonReader b)
    {
        var bStart = b;
        var countA = 0;
        while (a.Read() && a.TokenType == JsonTokenType.PropertyName)
        {
            countA++;
            var scan = bStart;
            var found = false;
            while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
            {
                if (TextEqual(ref a, ref scan))
                {
                    a.Read();
                    scan.Read();
                    if (!Equal(ref a, ref scan))
                    {
                        return false;
                    }

                    found = true;
                    break;
                }

                scan.Read();
                scan.Skip();
            }

            if (!found)
            {
                return false;
            }
        }

        var countB = 0;
        b = bStart;
        while (b.Read() && b.TokenType == JsonTokenType.PropertyName)
        {
            countB++;
            b.Read();
            b.Skip();
        }

        return countA == countB;
    }

    private static bool TextEqual(ref Utf8JsonReader a, ref Utf8JsonReader b)
    {
        if (!a.ValueIsEscaped && !b.ValueIsEscaped)
        {
            return a.ValueSpan.SequenceEqual(b.ValueSpan);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(a.ValueSpan.Length);
        try
        {
            return b.ValueTextEquals(buffer.AsSpan(0, a.CopyString(buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Exactly, as JSON Schema says (1.0 == 1, 1e-30 != 0); plain integers on the fast path.
    private static bool NumbersEqual(ref Utf8JsonReader a, ref Utf8JsonReader b)
    {
        if (IsIntegerLiteral(ref a) && IsIntegerLiteral(ref b) && a.TryGetInt64(out var x) && b.TryGetInt64(out var y))
        {
            return x == y;
        }

        var left = Literal(ref a);
        var right = Literal(ref b);
        return left.SequenceEqual(right) || (NumberLiteral.TryCompare(left, right, out var order) && order == 0);
    }

    // The number's text; bodies are read from one span, so the sequence case only copies in theory.
    internal static ReadOnlySpan<byte> Literal(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
}
