using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads JSON into a <see cref="JsonNode"/> tree with <see cref="Utf8JsonReader"/>, recording the position of
/// every key and item (JsonNode.Parse keeps none). A duplicate key keeps its last value, as JSON readers do, and
/// is reported (GG0032).
/// </summary>
internal sealed class JsonTreeReader
{
    private readonly byte[] _utf8;
    private readonly SourceMap _map;
    private readonly List<DiagnosticInfo> _problems;

    // Converts increasing UTF-8 offsets to UTF-16 offsets and line/column as the reader moves forward.
    private int _byte;
    private int _char;
    private int _line;
    private int _lineStartChar;

    private JsonTreeReader(string text, SourceMap map, List<DiagnosticInfo> problems)
    {
        _utf8 = Encoding.UTF8.GetBytes(text);
        _map = map;
        _problems = problems;
    }

    /// <param name="problems">Receives what does not stop reading (duplicate property names).</param>
    public static JsonNode? Read(string text, SourceMap map, List<DiagnosticInfo> problems) => new JsonTreeReader(text, map, problems).ReadDocument();

    private JsonNode? ReadDocument()
    {
        // The reader's own limit is above ours, so the depth error is this reader's, in the words YAML's has.
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlJsonConverter.MaxDepth + 2 });
        if (!reader.Read())
        {
            return null;
        }

        var root = ReadValue(ref reader, depth: 0);
        if (reader.Read())
        {
            throw new JsonException($"'{(char)_utf8[reader.TokenStartIndex]}' after the end of the document.", null, null, null);
        }

        return root;
    }

    private JsonNode? ReadValue(ref Utf8JsonReader reader, int depth)
    {
        if (depth > YamlJsonConverter.MaxDepth)
        {
            var at = Locate((int)reader.TokenStartIndex, 0);
            throw new ReadLimitException(DiagnosticDescriptors.InvalidDocumentSyntax, at.Line, at.Column, "JSON", $"The document is nested more than {YamlJsonConverter.MaxDepth} levels deep.");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                var members = new List<(string, SourceSpan)>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var span = Locate((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
                    if (obj.ContainsKey(key))
                    {
                        Repeated(members, key, span);
                    }

                    members.Add((key, span));
                    reader.Read();
                    obj[key] = ReadValue(ref reader, depth + 1);
                }

                _map.SetMembers(obj, members);
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                var items = new List<SourceSpan>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Locate((int)reader.TokenStartIndex, 0));
                    array.Add(ReadValue(ref reader, depth + 1));
                }

                _map.SetItems(array, items);
                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString());
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    return JsonValue.Create(integer);
                }

                // The literal as written (no decimal or double in between: 1e-29 and 1e400 stay what they are).
                return JsonNode.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>The last of a repeated key keeps the position, as it keeps the value.</summary>
    private void Repeated(List<(string Key, SourceSpan Span)> members, string key, SourceSpan span)
    {
        var earlier = members.FindIndex(member => member.Key == key);
        var line = (members[earlier].Span.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _problems.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateJsonProperty, _map.ToLocation(span), key, line));
        members.RemoveAt(earlier);
    }

    private SourceSpan Locate(int byteOffset, int byteLength)
    {
        Advance(byteOffset);
        var line = _line;
        var column = _char - _lineStartChar;
        var start = _char;
        Advance(byteOffset + byteLength);
        return new SourceSpan(line, column, start, _char - start);
    }

    private void Advance(int targetByte)
    {
        for (; _byte < targetByte && _byte < _utf8.Length; _byte++)
        {
            var b = _utf8[_byte];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: its char was counted at the lead byte
            }

            _char += b >= 0xF0 ? 2 : 1; // 4-byte sequences are surrogate pairs in UTF-16
            if (b == (byte)'\n')
            {
                _line++;
                _lineStartChar = _char;
            }
        }
    }
}
