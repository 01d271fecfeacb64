using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>
/// Turns byte offsets of values into JSON pointers by reading the document once more. Only runs when a body
/// is invalid, so validating a valid body never builds a path.
/// </summary>
public static class JsonPointers
{
    /// <summary>The pointer ("" for the root, "/a/0") of the value starting at each offset.</summary>
    public static string[] Locate(ReadOnlySpan<byte> json, long[] offsets)
    {
        var result = new string[offsets.Length];
        Array.Fill(result, "");
        var path = new List<string>();
        var indexes = new List<int>(); // -1 for an object level, else the next array index
        var reader = new Utf8JsonReader(json, JsonValidation.ReaderOptions);
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    pendingName = reader.GetString();
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    indexes.RemoveAt(indexes.Count - 1);
                    if (path.Count > 0 && path.Count >= indexes.Count)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
                }

                // A value starts here: name it after its parent.
                if (indexes.Count > 0)
                {
                    var last = indexes.Count - 1;
                    if (indexes[last] >= 0)
                    {
                        path.Add(indexes[last].ToString(CultureInfo.InvariantCulture));
                        indexes[last]++;
                    }
                    else
                    {
                        path.Add(Escape(pendingName ?? ""));
                    }
                }

                var here = reader.TokenStartIndex;
                for (var i = 0; i < offsets.Length; i++)
                {
                    if (offsets[i] == here)
                    {
                        result[i] = Join(path);
                    }
                }

                if (token == JsonTokenType.StartObject)
                {
                    indexes.Add(-1);
                }
                else if (token == JsonTokenType.StartArray)
                {
                    indexes.Add(0);
                }
                else if (indexes.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
        catch (JsonException)
        {
            // Validation only runs on well-formed JSON; a pointer that cannot be found stays "".
        }

        return result;
    }

    private static string Join(List<string> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            builder.Append('/').Append(segment);
        }

        return builder.ToString();
    }

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
}
