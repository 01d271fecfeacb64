using System.Globalization;

namespace GatewayGen.Generator.Model;

/// <summary>
/// JSON number literals as the document writes them, which the model keeps exactly (no decimal or double is
/// in between: 1e-29, 1e400 and 123456789012345678901234567890.5 stay what they are). Hand-written, like the
/// runtime's NumberLiteral, because nothing served on netstandard2.0 takes a JSON number apart exactly.
/// </summary>
internal static class JsonNumberText
{
    /// <summary>
    /// Whether <paramref name="json"/> is a number a decimal holds exactly (at most 28 significant digits, both
    /// before the point and in all), giving it; the runtime then compares in decimal arithmetic.
    /// </summary>
    public static bool TryGetExactDecimal(string json, out decimal value)
    {
        value = 0m;
        if (!TryMeasure(json, out var count, out var point))
        {
            return false;
        }

        var fits = count == 0 || (count <= 28 && point <= 28 && count - point <= 28);
        return fits && decimal.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether <paramref name="json"/> is a number above zero (multipleOf must be).</summary>
    public static bool IsPositive(string json) => json.Length > 0 && json[0] != '-' && TryMeasure(json, out var count, out _) && count > 0;

    // The significant digits' count and where the point stands (value = 0.digits x 10^point); false when not a number.
    private static bool TryMeasure(string json, out int count, out long point)
    {
        count = 0;
        point = 0;
        var i = json.Length > 0 && json[0] == '-' ? 1 : 0;
        var digits = new System.Text.StringBuilder();
        var wholeLength = 0;
        for (; i < json.Length && json[i] >= '0' && json[i] <= '9'; i++, wholeLength++)
        {
            digits.Append(json[i]);
        }

        if (i < json.Length && json[i] == '.')
        {
            for (i++; i < json.Length && json[i] >= '0' && json[i] <= '9'; i++)
            {
                digits.Append(json[i]);
            }
        }

        var exponent = 0L;
        if (i < json.Length && (json[i] == 'e' || json[i] == 'E'))
        {
            var text = json.Substring(i + 1);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || exponent is > 1_000_000 or < -1_000_000)
            {
                count = int.MaxValue; // an exponent beyond a million (or not a number): no decimal holds it
                return digits.Length > 0;
            }

            i = json.Length;
        }

        if (i != json.Length || digits.Length == 0)
        {
            return false;
        }

        var all = digits.ToString();
        var first = 0;
        while (first < all.Length && all[first] == '0')
        {
            first++;
        }

        if (first == all.Length)
        {
            return true; // zero
        }

        var last = all.Length - 1;
        while (all[last] == '0')
        {
            last--;
        }

        count = last - first + 1;
        point = exponent + wholeLength - first;
        return true;
    }
}
