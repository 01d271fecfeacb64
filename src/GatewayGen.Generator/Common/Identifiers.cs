using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace GatewayGen.Generator;

/// <summary>Turns names from a document (operationIds, file names, parameter names) into C# identifiers.</summary>
internal static class Identifiers
{
    /// <summary>"list-pets", "pets.list", "list_pets" -> "ListPets"; a leading digit gets a '_' prefix.</summary>
    public static string ToPascalCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    public static string ToCamelCase(string text)
    {
        var pascal = ToPascalCase(text);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

    public static bool IsValidIdentifier(string text) =>
        SyntaxFacts.IsValidIdentifier(text) && SyntaxFacts.GetKeywordKind(text) == SyntaxKind.None;

    /// <summary>Keeps letters, digits and '_' (a Lambda name like "get-pet" becomes "get_pet"); a C# keyword ("class") gets a '_' prefix.</summary>
    public static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        // '_' rather than '@': the method the user writes is then found by its plain name.
        if (builder.Length == 0 || char.IsDigit(builder[0]) || SyntaxFacts.GetKeywordKind(builder.ToString()) != SyntaxKind.None)
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
