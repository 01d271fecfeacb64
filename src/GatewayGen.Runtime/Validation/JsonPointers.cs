using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>
/// Turns byte offsets of values into JSON pointers by reading the document once more. Only runs when a body
/// is invalid, so validating a valid body never builds a path. The walk keeps positions, not strings, and
/// stops after the last offset, so a large body with one bad value costs a few strings, not one per token.
/// </summary>
public static class JsonPointers
{
    /// <summary>The pointer ("" for the root, "/a/0") of the value starting at each offset.</summary>
    public static string[] Locate(ReadOnlySpan<byte> json, long[] offsets)
    {
        var result = new string[offsets.Length];
        Array.Fill(result, "");
        var last = offsets.Length == 0 ? -1 : Max(offsets);
        var path = new List<Segment>();    // the segments leading to the current value
        var levels = new List<int>();      // per open container: -1 for an object, else the next array index
        var pendingName = default(Segment);
        var reader = new Utf8JsonReader(json, JsonValidation.ReaderOptions);
        try
        {
            while (reader.Read() && reader.TokenStartIndex <= last)
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    // Escaped names are rare; only they are unescaped now. The others are sliced from the bytes later.
                    pendingName = reader.ValueIsEscaped
                        ? new Segment(-1, 0, 0, reader.GetString())
                        : new Segment(-1, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    levels.RemoveAt(levels.Count - 1);
                    if (path.Count > 0 && path.Count >= levels.Count)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
                }

                // A value starts here: name it after its parent.
                if (levels.Count > 0)
                {
                    var parent = levels.Count - 1;
                    if (levels[parent] >= 0)
                    {
                        path.Add(new Segment(levels[parent], 0, 0, null));
                        levels[parent]++;
                    }
                    else
                    {
                        path.Add(pendingName);
                    }
                }

                var here = reader.TokenStartIndex;
                for (var i = 0; i < offsets.Length; i++)
                {
                    if (offsets[i] == here)
                    {
                        result[i] = Join(json, path);
                    }
                }

                if (token == JsonTokenType.StartObject)
                {
                    levels.Add(-1);
                }
                else if (token == JsonTokenType.StartArray)
                {
                    levels.Add(0);
                }
                else if (levels.Count > 0)
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

    private static long Max(long[] offsets)
    {
        var max = offsets[0];
        foreach (var offset in offsets)
        {
            max = Math.Max(max, offset);
        }

        return max;
    }

    private static string Join(ReadOnlySpan<byte> json, List<Segment> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            builder.Append('/');
            if (segment.Index >= 0)
            {
                builder.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                var name = segment.Unescaped ?? Encoding.UTF8.GetString(json.Slice(segment.Start, segment.Length));
                builder.Append(name.Replace("~", "~0").Replace("/", "~1"));
            }
        }

        return builder.ToString();
    }

    // One step of a pointer: an array index, or a property name (as a slice of the body, or unescaped).
    private readonly record struct Segment(int Index, int Start, int Length, string? Unescaped);
}
