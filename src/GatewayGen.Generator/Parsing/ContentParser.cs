using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads what a document says about payload encodings: x-amazon-apigateway-minimum-compression-size and
/// x-amazon-apigateway-binary-media-types (document level), and contentHandling (integrations and their responses).
/// </summary>
internal static class ContentParser
{
    /// <summary>API Gateway's largest minimumCompressionSize (10 MB).</summary>
    public const int MaxMinimumCompressionSize = 10_485_760;

    public static int? MinimumCompressionSize(ParseContext context)
    {
        if (context.Root?[ExtensionNames.MinimumCompressionSize] is not { } node)
        {
            return null;
        }

        if (!JsonNodes.TryGetInt32(node, out var size) || size is < 0 or > MaxMinimumCompressionSize)
        {
            context.Report(DiagnosticDescriptors.InvalidMinimumCompressionSize, "/" + ExtensionNames.MinimumCompressionSize, JsonNodes.GetScalarText(node) ?? node.ToJsonString());
            return null;
        }

        return size;
    }

    public static EquatableArray<string> BinaryMediaTypes(ParseContext context)
    {
        var pointer = "/" + ExtensionNames.BinaryMediaTypes;
        if (context.Root?[ExtensionNames.BinaryMediaTypes] is not { } node)
        {
            return EquatableArray<string>.Empty;
        }

        if (node is not JsonArray entries)
        {
            context.Report(DiagnosticDescriptors.InvalidBinaryMediaType, pointer, JsonNodes.GetScalarText(node) ?? node.ToJsonString(), "the value must be a list of media types");
            return EquatableArray<string>.Empty;
        }

        var types = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var text = JsonNodes.GetString(entries[i]);
            if (text is null || !IsMediaRange(text))
            {
                context.Report(DiagnosticDescriptors.InvalidBinaryMediaType, JsonPointer.Append(pointer, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    text ?? JsonNodes.GetScalarText(entries[i]) ?? "null", "it must be type/subtype, such as image/png, image/* or */*");
                continue;
            }

            if (!types.Contains(text))
            {
                types.Add(text);
            }
        }

        return types.ToEquatableArray();
    }

    /// <summary>contentHandling of an integration or an integration response; absent is Passthrough.</summary>
    public static ContentHandlingModel ContentHandling(JsonObject owner, string pointer, ParseContext context)
    {
        if (owner["contentHandling"] is not { } node)
        {
            return ContentHandlingModel.Passthrough;
        }

        switch (JsonNodes.GetString(node))
        {
            case "CONVERT_TO_TEXT":
                return ContentHandlingModel.ConvertToText;
            case "CONVERT_TO_BINARY":
                return ContentHandlingModel.ConvertToBinary;
            default:
                context.Report(DiagnosticDescriptors.InvalidContentHandling, JsonPointer.Append(pointer, "contentHandling"),
                    JsonNodes.GetScalarText(node) ?? node.ToJsonString(), "it must be CONVERT_TO_TEXT or CONVERT_TO_BINARY (or left out to pass payloads through)");
                return ContentHandlingModel.Passthrough;
        }
    }

    /// <summary>Whether a body converted from base64 (CONVERT_TO_BINARY) is base64: letters, digits, + / and = padding, whitespace between.</summary>
    public static bool IsBase64(string text)
    {
        var length = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/'))
            {
                return false;
            }

            length++;
        }

        return length % 4 == 0 && padding <= 2;
    }

    // type/subtype of RFC 9110 tokens, or type/* and */*: the forms API Gateway accepts.
    private static bool IsMediaRange(string text)
    {
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
        {
            return false;
        }

        var type = text.Substring(0, slash);
        var subtype = text.Substring(slash + 1);
        return type == "*" ? subtype == "*" : IsToken(type) && (subtype == "*" || IsToken(subtype));
    }

    private static bool IsToken(string text)
    {
        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0) || c == '*')
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
