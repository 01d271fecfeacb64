using System;
using System.Text;
using System.Text.RegularExpressions;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// JSON Schema patterns are ECMA-262 regular expressions; .NET's differ in a few classes and anchors. This
/// rewrites those so the .NET regex accepts exactly what ECMA-262 would: \d and \w are ASCII, '$' is the
/// end of input (not "before a final newline"), '.' excludes all four line terminators.
/// </summary>
internal static class EcmaPattern
{
    private const string EcmaSpace = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

    // Unicode property names ECMA-262 spells out; .NET knows only the short general-category forms.
    private static readonly string[][] PropertyNames =
    {
        new[] { "Letter", "L" }, new[] { "Lowercase_Letter", "Ll" }, new[] { "Uppercase_Letter", "Lu" }, new[] { "Number", "N" },
        new[] { "Decimal_Number", "Nd" }, new[] { "Punctuation", "P" }, new[] { "Symbol", "S" }, new[] { "Separator", "Z" },
        new[] { "Mark", "M" }, new[] { "Other", "C" },
    };

    public static string ToDotNet(string pattern)
    {
        foreach (var names in PropertyNames)
        {
            pattern = pattern.Replace(@"\p{" + names[0] + "}", @"\p{" + names[1] + "}").Replace(@"\P{" + names[0] + "}", @"\P{" + names[1] + "}");
        }

        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                builder.Append(next switch
                {
                    'd' => inClass ? "0-9" : "[0-9]",
                    'D' when !inClass => "[^0-9]",
                    'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
                    'W' when !inClass => "[^a-zA-Z0-9_]",
                    's' => inClass ? EcmaSpace : "[" + EcmaSpace + "]",
                    'S' when !inClass => "[^" + EcmaSpace + "]",
                    _ => "\\" + next,
                });
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    builder.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        builder.Append('^');
                        i++;
                    }

                    break;
                case '$':
                    builder.Append(@"\z");
                    break;
                case '.':
                    builder.Append(@"[^\n\r\u2028\u2029]");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Null when .NET compiles the pattern, else why not.</summary>
    public static string? Check(string dotNetPattern)
    {
        try
        {
            _ = new Regex(dotNetPattern, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
