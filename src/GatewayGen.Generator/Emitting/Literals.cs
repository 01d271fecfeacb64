using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace GatewayGen.Generator.Emitting;

/// <summary>C# literals for generated code, always invariant culture.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Char(char value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

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
