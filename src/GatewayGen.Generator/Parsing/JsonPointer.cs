using System.Collections.Generic;

namespace GatewayGen.Generator.Parsing;

/// <summary>RFC 6901 JSON pointers ("/paths/~1pets/get"): how the parser names places in a document.</summary>
internal static class JsonPointer
{
    public const string Root = "";

    public static string Append(string pointer, string segment) =>
        pointer + "/" + segment.Replace("~", "~0").Replace("/", "~1");

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The node a pointer names inside <paramref name="root"/>, or null.</summary>
    public static System.Text.Json.Nodes.JsonNode? Resolve(System.Text.Json.Nodes.JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var segment in Split(pointer))
        {
            node = node switch
            {
                System.Text.Json.Nodes.JsonObject obj => obj[segment],
                System.Text.Json.Nodes.JsonArray array when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>Splits a pointer (with or without a leading '#') into unescaped segments.</summary>
    public static List<string> Split(string pointer)
    {
        // Called for every lookup of a large document: IndexOf and Substring, no per-character work.
        if (pointer.StartsWith("#", System.StringComparison.Ordinal))
        {
            pointer = pointer.Substring(1);
            if (pointer.IndexOf('%') >= 0)
            {
                pointer = System.Uri.UnescapeDataString(pointer);
            }
        }

        var segments = new List<string>();
        if (pointer.Length == 0)
        {
            return segments;
        }

        var start = 1;
        while (true)
        {
            var slash = pointer.IndexOf('/', start);
            var end = slash < 0 ? pointer.Length : slash;
            var segment = pointer.Substring(start, end - start);
            segments.Add(segment.IndexOf('~') >= 0 ? segment.Replace("~1", "/").Replace("~0", "~") : segment);
            if (slash < 0)
            {
                return segments;
            }

            start = slash + 1;
        }
    }
}
