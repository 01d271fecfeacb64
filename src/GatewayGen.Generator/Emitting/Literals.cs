using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace GatewayGen.Generator.Emitting;

/// <summary>C# literals for generated code, always invariant culture.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Char(char value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A JSON number for the runtime's exact comparisons: a decimal ("1.5m") when a decimal holds it exactly, else
    /// its JSON text as UTF-8 ("1e-29"u8), which the runtime compares digit by digit.
    /// </summary>
    public static string Number(string json) =>
        Model.JsonNumberText.TryGetExactDecimal(json, out var exact) ? Decimal(exact) : Utf8(json);

    /// <summary>A decimal literal ("1.5m").</summary>
    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>A UTF-8 string literal ("abc"u8).</summary>
    public static string Utf8(string value) => String(value) + "u8";

    public static string StringArray(System.Collections.Generic.IEnumerable<string> values)
    {
        var builder = new System.Text.StringBuilder("new string[] { ");
        var first = true;
        foreach (var value in values)
        {
            builder.Append(first ? "" : ", ").Append(String(value));
            first = false;
        }

        return builder.Append(first ? "}" : " }").ToString();
    }
}
