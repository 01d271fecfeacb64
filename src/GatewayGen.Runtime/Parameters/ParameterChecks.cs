using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GatewayGen.Runtime;

/// <summary>Schema constraints on parsed parameter values (bounds and formats are checked by the parsers).</summary>
public static class ParameterChecks
{
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

    /// <summary>multipleOf, exactly.</summary>
    public static bool IsMultipleOf(decimal value, decimal divisor) => value % divisor == 0m;

    /// <summary>multipleOf for float and double parameters.</summary>
    public static bool IsMultipleOf(double value, double divisor)
    {
        var quotient = value / divisor;
        return double.IsFinite(quotient) && Math.Floor(quotient) == quotient;
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
