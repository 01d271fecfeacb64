using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// A parsed form as a tree of fields, written out as the JSON document its schema is checked against. Field
/// text becomes the type the schema allows (OpenAPI's form serialisation carries only text): a number where the
/// schema allows a number and the text is a JSON number, true/false where it allows a boolean, else a string.
/// Repeated fields are arrays; deepObject keys (name[a][b], name[], name[0]) nest; a delimited style splits.
/// </summary>
internal sealed class FormDocument
{
    private readonly FormSchema _schema;
    private readonly Node _root;
    private int _fields;

    public FormDocument(FormSchema schema)
    {
        _schema = schema;
        _root = new Node(schema.Shape, "");
    }

    /// <summary>What is wrong with the form itself (before the schema is asked); null while nothing is.</summary>
    public ValidationErrors? Errors { get; private set; }

    public void Fail(string pointer, string keyword, string message) => Errors = ValidationErrors.Add(Errors, pointer, keyword, message);

    /// <summary>Finds (or makes) the node field <paramref name="key"/> names; null when the key is refused (the error is recorded).</summary>
    /// <exception cref="GatewayRequestException">413 past <see cref="FormBodyValidator.MaxFields"/> fields.</exception>
    public Field? Add(string key)
    {
        if (++_fields > FormBodyValidator.MaxFields)
        {
            throw new GatewayRequestException(GatewayResponseType.RequestTooLarge, $"The form has more than {FormBodyValidator.MaxFields} fields, the gateway's limit.");
        }

        if (key.Length > FormBodyValidator.MaxKeyLength)
        {
            Fail("", "limit", $"A field name is longer than {FormBodyValidator.MaxKeyLength} characters, the gateway's limit.");
            return null;
        }

        var name = key;
        var encoding = _schema.Field(key);
        var bracket = key.IndexOf('[');
        var baseName = bracket > 0 ? key.Substring(0, bracket) : key;
        if (encoding is null && _schema.Shape.CaseVariantOf(baseName) is { } property)
        {
            // ASP.NET Core's form binding (and others') matches names ignoring case: ROLE=admin would reach role unchecked.
            Fail("/" + property, "name", $"The field name '{baseName}' differs from the property '{property}' only in case; a backend may read it as that.");
            return null;
        }

        if (encoding is null && bracket > 0 && _schema.Field(key.Substring(0, bracket)) is { Style: FormStyle.DeepObject } deep)
        {
            name = key.Substring(0, bracket);
            encoding = deep;
        }
        else if (bracket > 0 && _schema.Shape.Declares(key.Substring(0, bracket)) && !_schema.Shape.Declares(key))
        {
            // qs (Express), Rack and PHP read role[]=x as role: ["x"]; the gateway would see a property "role[]" instead.
            var declared = key.Substring(0, bracket);
            Fail("/" + declared, "style", $"The field name '{key}' gives [keys] to '{declared}', whose encoding is not deepObject.");
            return null;
        }

        var node = _root.Named(name);
        if (name.Length == key.Length)
        {
            return new Field(node, encoding);
        }

        // deepObject: each [segment] goes one level down; [] appends to an array, [3] indexes one. Split here by hand:
        // ASP.NET Core reads such keys only in MVC model binding (reflection over target types), not as a reader.
        var depth = 0;
        for (var at = bracket; at < key.Length; depth++)
        {
            var close = key.IndexOf(']', at);
            if (key[at] != '[' || close < 0)
            {
                Fail(node.Pointer, "style", $"The field name '{key}' is not name[key][key]... as its deepObject encoding says.");
                return null;
            }

            if (depth == FormBodyValidator.MaxDepth)
            {
                Fail(node.Pointer, "limit", $"The field name '{key}' nests more than {FormBodyValidator.MaxDepth} levels, the gateway's limit.");
                return null;
            }

            var segment = key.Substring(at + 1, close - at - 1);
            node = node.Child(segment, this);
            if (node is null)
            {
                return null;
            }

            at = close + 1;
        }

        return new Field(node, encoding);
    }

    /// <summary>A urlencoded value (or a multipart text part) for <paramref name="field"/>.</summary>
    public void AddText(Field field, string text) => field.Node.Add(new Value(text, null, false));

    /// <summary>Whether a multipart part's Content-Type is one its encoding allows (recording the error when not).</summary>
    public bool AcceptsPartType(Field field, string? partType)
    {
        if (field.Encoding?.ContentTypes is not { } allowed)
        {
            return true;
        }

        // RFC 7578: a part without Content-Type is text/plain.
        if (MediaRanges.BestMatch((partType ?? "text/plain").AsSpan(), allowed) >= 0)
        {
            return true;
        }

        Fail(field.Node.Pointer, "contentType", $"The part '{field.Encoding.Name}' is {partType ?? "text/plain"}; its encoding allows {string.Join(", ", allowed)}.");
        return false;
    }

    /// <summary>
    /// A multipart part's bytes: JSON where the document says the field is JSON (its encoding's contentType, or an
    /// object or array property), a file where it says file (format binary, contentMediaType, or an encoding
    /// contentType that is neither text nor JSON), else strict UTF-8 text, whatever type the client gave the part.
    /// </summary>
    public void AddPart(Field field, string? partType, ReadOnlySpan<byte> content, UTF8Encoding utf8)
    {
        var node = field.Node;
        var shape = node.Shape?.Items is { } items && node.Shape.Allows(JsonTypes.Array) && !node.Shape.AllowsScalar && !node.Shape.Allows(JsonTypes.Object) ? items : node.Shape;
        var name = field.Encoding?.Name ?? node.Pointer.TrimStart('/');
        if (IsFile(shape, field.Encoding, partType))
        {
            node.Add(new Value(null, null, true));
            return;
        }

        // ASP.NET Core decodes a text part with its charset: only UTF-8 reads the same here.
        if (partType is not null && MediaTypeHeaderValue.TryParse(partType, out var parsed) && !FormBodyValidator.IsUtf8(parsed.Charset.Value))
        {
            Fail(node.Pointer, "charset", $"The part '{name}' has charset '{parsed.Charset.Value}'; the gateway reads only utf-8 and us-ascii.");
            return;
        }

        // The client's type makes a part JSON only where the document already allows a JSON value (not a plain string
        // the backend receives with its quotes and escapes).
        var documentSaysJson = IsJsonByDefault(shape, field.Encoding);
        var clientSaysJson = partType is not null && MediaRanges.IsJson(partType.AsSpan()) && field.Encoding?.ContentTypes is null &&
            (IsStructured(shape) || IsStructured(node.Shape));
        if (documentSaysJson || clientSaysJson)
        {
            if (!IsJson(content))
            {
                Fail(node.Pointer, "json", $"The part '{name}' is not valid JSON.");
                return;
            }

            node.Add(new Value(null, content.ToArray(), false));
            return;
        }

        string text;
        try
        {
            text = utf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            if (shape is null || shape.Types == JsonTypes.None)
            {
                node.Add(new Value(null, null, true)); // any value may stand here: bytes that are not text are a file
                return;
            }

            Fail(node.Pointer, "type", $"The part at '{node.Pointer}' is not UTF-8 text, and its schema is not a file (format: binary).");
            return;
        }

        node.Add(new Value(text, null, false));
    }

    private static bool IsStructured(FormShape? shape) => shape is not null && shape.Types != JsonTypes.None && !shape.AllowsScalar;

    // A part is a file only where the document says so; a part the client calls a file is still read as text
    // (ASP.NET Core, multer and busboy read a part without filename as a text field whatever its type).
    private static bool IsFile(FormShape? shape, FormField? encoding, string? partType)
    {
        if (shape is { IsBinary: true })
        {
            return true;
        }

        if (encoding?.ContentTypes is not { } allowed || MediaRanges.BestMatch((partType ?? "text/plain").AsSpan(), allowed) is not (>= 0 and var match))
        {
            return false;
        }

        // Both the declared range and the part's own type must be neither text nor JSON (application/* covers JSON too).
        var range = allowed[match];
        return partType is not null && !IsTextOrJson(range) && !range.StartsWith("*/", StringComparison.Ordinal) && !IsTextOrJson(partType);

        static bool IsTextOrJson(string type) => type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || MediaRanges.IsJson(type.AsSpan());
    }

    /// <summary>Writes the form as JSON; errors found on the way (a field both a value and [keys], JSON that is not) go to <see cref="Errors"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        Write(writer, _root, null);
        writer.Flush();
    }

    private void Write(Utf8JsonWriter writer, Node node, FormField? encoding)
    {
        if (node.HasChildren && node.Values is not null)
        {
            Fail(node.Pointer, "style", $"The field '{node.Pointer}' is given both as a value and with [keys].");
        }

        if (node.NamedChildren is { } named)
        {
            writer.WriteStartObject();
            foreach (var (name, child) in named)
            {
                writer.WritePropertyName(name);
                Write(writer, child, node == _root ? _schema.Field(name) : null);
            }

            writer.WriteEndObject();
            return;
        }

        if (node.IndexedChildren is { } indexed)
        {
            writer.WriteStartArray();
            foreach (var child in indexed.Values)
            {
                Write(writer, child, null);
            }

            writer.WriteEndArray();
            return;
        }

        var values = node.Values!;
        var shape = node.Shape;
        var delimiter = encoding switch
        {
            { Style: FormStyle.Form, Explode: false } => ',',
            { Style: FormStyle.SpaceDelimited } => ' ',
            { Style: FormStyle.PipeDelimited } => '|',
            { Style: FormStyle.TabDelimited } => '\t',
            _ => '\0',
        };
        if (delimiter != '\0' && values.Count == 1 && values[0].Text is { } joined && shape is not null)
        {
            if (shape.Allows(JsonTypes.Array) && shape.Types != JsonTypes.None)
            {
                writer.WriteStartArray();
                foreach (var item in joined.Length == 0 ? Array.Empty<string>() : joined.Split(delimiter))
                {
                    WriteValue(writer, new Value(item, null, false), shape.Items, encoding, node.Pointer);
                }

                writer.WriteEndArray();
                return;
            }

            if (shape.Allows(JsonTypes.Object) && shape.Types != JsonTypes.None && delimiter == ',')
            {
                // form, explode false: "key,value,key,value".
                var parts = joined.Length == 0 ? Array.Empty<string>() : joined.Split(',');
                if (parts.Length % 2 != 0)
                {
                    Fail(node.Pointer, "style", $"The field '{encoding!.Name}' must be key,value pairs (style form, explode false).");
                }

                writer.WriteStartObject();
                for (var i = 0; i + 1 < parts.Length; i += 2)
                {
                    writer.WritePropertyName(parts[i]);
                    WriteValue(writer, new Value(parts[i + 1], null, false), shape.Property(parts[i]), null, node.Pointer);
                }

                writer.WriteEndObject();
                return;
            }
        }

        // One value is that value, unless only an array may stand here; several are an array (a schema that wants one value then says so).
        // A JSON value (a JSON part, or a field whose contentType is JSON) is the whole value, arrays included.
        var isWholeJson = values[0].Json is not null || (encoding?.ContentTypes is not null && IsJsonByDefault(shape, encoding));
        if (values.Count == 1 && (isWholeJson || shape is null || shape.AllowsScalar || !shape.Allows(JsonTypes.Array)))
        {
            WriteValue(writer, values[0], shape, encoding, node.Pointer);
            return;
        }

        writer.WriteStartArray();
        foreach (var value in values)
        {
            WriteValue(writer, value, shape is not null && shape.Allows(JsonTypes.Array) ? shape.Items : shape, encoding, node.Pointer);
        }

        writer.WriteEndArray();
    }

    private void WriteValue(Utf8JsonWriter writer, Value value, FormShape? shape, FormField? encoding, string pointer)
    {
        if (value.Json is { } json)
        {
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        if (value.IsFile)
        {
            // A file's bytes are not text: it stands as an empty string, so type and required still hold.
            writer.WriteStringValue("");
            return;
        }

        var text = value.Text!;
        if (encoding is null or { Style: FormStyle.Content } && IsJsonByDefault(shape, encoding))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (!IsJson(bytes))
            {
                Fail(pointer, "json", $"The field '{pointer.TrimStart('/')}' must be JSON (its encoding's contentType), and it is not.");
                writer.WriteNullValue();
                return;
            }

            writer.WriteRawValue(bytes, skipInputValidation: true);
            return;
        }

        if (shape is not null && shape.Types != JsonTypes.None)
        {
            if ((shape.Types & (JsonTypes.Number | JsonTypes.Integer)) != 0 && NumberLiteral.IsJsonNumber(text))
            {
                writer.WriteRawValue(text, skipInputValidation: true);
                return;
            }

            if ((shape.Types & JsonTypes.Boolean) != 0 && text is "true" or "false")
            {
                writer.WriteBooleanValue(text == "true");
                return;
            }
        }

        writer.WriteStringValue(text);
    }

    // OpenAPI's default contentType: application/json for an object (and an array of objects item by item), else text.
    private static bool IsJsonByDefault(FormShape? shape, FormField? encoding)
    {
        if (encoding?.ContentTypes is { } types)
        {
            foreach (var type in types)
            {
                if (MediaRanges.IsJson(type.AsSpan()))
                {
                    return true;
                }
            }

            return false;
        }

        return encoding is null or { Style: FormStyle.Content } && shape is not null && shape.Types != JsonTypes.None && !shape.AllowsScalar && !shape.Allows(JsonTypes.Array);
    }

    internal static bool IsJson(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, JsonValidation.ReaderOptions);
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }


    /// <summary>Where a field's value goes, and the encoding of the top-level field it belongs to.</summary>
    public sealed record Field(Node Node, FormField? Encoding);

    internal readonly record struct Value(string? Text, byte[]? Json, bool IsFile);

    /// <summary>One place in the form: values given there, or children by name (an object) or by index (an array).</summary>
    public sealed class Node
    {
        private Dictionary<string, Node>? _byName;
        private List<KeyValuePair<string, Node>>? _named;
        private SortedDictionary<int, Node>? _indexed;
        private int _nextIndex;
        private List<Value>? _values;

        public Node(FormShape? shape, string pointer)
        {
            Shape = shape;
            Pointer = pointer;
        }

        public FormShape? Shape { get; }

        /// <summary>The JSON pointer of the value, for errors.</summary>
        public string Pointer { get; }

        internal List<KeyValuePair<string, Node>>? NamedChildren => _named;

        internal SortedDictionary<int, Node>? IndexedChildren => _indexed;

        internal List<Value>? Values => _values;

        internal bool HasChildren => _named is not null || _indexed is not null;

        internal void Add(Value value) => (_values ??= new()).Add(value);

        /// <summary>The child called <paramref name="name"/> of an object node (the root, or a deepObject level).</summary>
        public Node Named(string name)
        {
            _byName ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!_byName.TryGetValue(name, out var child))
            {
                child = new Node(Shape?.Property(name), Pointer + "/" + name.Replace("~", "~0").Replace("/", "~1"));
                _byName.Add(name, child);
                (_named ??= new()).Add(new(name, child));
            }

            return child;
        }

        // [] and [digits] index an array where the schema allows one (or says nothing); any other segment names a property.
        internal Node? Child(string segment, FormDocument document)
        {
            var isIndex = segment.Length == 0 || (segment.Length <= 9 && IsDigits(segment));
            var asArray = isIndex && _named is null && (Shape is null || Shape.Allows(JsonTypes.Array) || !Shape.Allows(JsonTypes.Object));
            if (!asArray)
            {
                if (_indexed is not null)
                {
                    document.Fail(Pointer, "style", $"The field at '{Pointer}' mixes [index] and [name] keys.");
                    return null;
                }

                return Named(segment);
            }

            _indexed ??= new SortedDictionary<int, Node>();
            var index = segment.Length == 0 ? _nextIndex : int.Parse(segment, CultureInfo.InvariantCulture);
            if (index >= FormBodyValidator.MaxFields)
            {
                document.Fail(Pointer, "limit", $"The index [{segment}] at '{Pointer}' is past the gateway's limit of {FormBodyValidator.MaxFields} items.");
                return null;
            }

            _nextIndex = Math.Max(_nextIndex, index + 1);
            if (!_indexed.TryGetValue(index, out var child))
            {
                var itemShape = Shape is not null && Shape.Allows(JsonTypes.Array) ? Shape.Items : null;
                child = new Node(itemShape, Pointer + "/" + index.ToString(CultureInfo.InvariantCulture));
                _indexed.Add(index, child);
            }

            return child;
        }

        private static bool IsDigits(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
