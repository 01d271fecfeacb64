using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace GatewayGen.Generator.Emitting;

/// <summary>C# literals for generated code, always invariant culture.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Char(char value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON number as a C# literal: decimal ("1.5m") when exact, else double ("1E+308d"), or double when <paramref name="real"/>.</summary>
    public static string Number(string json, bool real = false) =>
        !real && json.IndexOfAny(new[] { 'e', 'E' }) < 0 && decimal.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? exact.ToString(CultureInfo.InvariantCulture) + "m"
            : double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d";

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
