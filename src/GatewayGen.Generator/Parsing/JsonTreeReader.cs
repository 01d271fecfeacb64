using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads JSON into a <see cref="JsonNode"/> tree with <see cref="Utf8JsonReader"/>, recording the position of
/// every key and item (JsonNode.Parse keeps none). A duplicate key keeps its last value, as JSON readers do.
/// </summary>
internal sealed class JsonTreeReader
{
    private readonly byte[] _utf8;
    private readonly SourceMap _map;

    // Converts increasing UTF-8 offsets to UTF-16 offsets and line/column as the reader moves forward.
    private int _byte;
    private int _char;
    private int _line;
    private int _lineStartChar;

    private JsonTreeReader(string text, SourceMap map)
    {
        _utf8 = Encoding.UTF8.GetBytes(text);
        _map = map;
    }

    public static JsonNode? Read(string text, SourceMap map) => new JsonTreeReader(text, map).ReadDocument();

    private JsonNode? ReadDocument()
    {
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlJsonConverter.MaxDepth });
        if (!reader.Read())
        {
            return null;
        }

        var root = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"'{(char)_utf8[reader.TokenStartIndex]}' after the end of the document.", null, null, null);
        }

        return root;
    }

    private JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                var members = new List<(string, SourceSpan)>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    members.Add((key, Locate((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex))));
                    reader.Read();
                    obj[key] = ReadValue(ref reader);
                }

                _map.SetMembers(obj, members);
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                var items = new List<SourceSpan>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Locate((int)reader.TokenStartIndex, 0));
                    array.Add(ReadValue(ref reader));
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

                return reader.TryGetDecimal(out var exact) ? JsonValue.Create(exact) : JsonValue.Create(reader.GetDouble());
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
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
