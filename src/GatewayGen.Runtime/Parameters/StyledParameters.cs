using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GatewayGen.Runtime;

/// <summary>
/// What a generated handler knows about one parameter that is not a plain scalar or a comma list: an object, a
/// <c>content</c> (JSON) parameter, or a matrix/label path value. One static instance per parameter, so the handler
/// reads it in one call to <see cref="StyledParameters"/>.
/// </summary>
public sealed class StyledParameter
{
    /// <summary>Describes parameter <paramref name="name"/> in <paramref name="location"/> ("query", "path", "header", "cookie").</summary>
    public StyledParameter(string name, string location)
    {
        Name = name;
        Location = location;
    }

    /// <summary>The name on the wire.</summary>
    public string Name { get; }

    /// <summary>"query", "path", "header" or "cookie".</summary>
    public string Location { get; }

    /// <summary>The style the document gives (or the location's default).</summary>
    public ParameterStyle Style { get; init; }

    /// <summary>The document's explode (or the style's default).</summary>
    public bool Explode { get; init; }

    /// <summary>Whether absence is an error.</summary>
    public bool Required { get; init; }

    /// <summary>For path parameters: the route value name.</summary>
    public string? RouteName { get; init; }

    /// <summary>For path parameters: which segment holds the value, so its raw (undecoded) text can be split.</summary>
    public int Segment { get; init; } = -1;

    /// <summary>The declared properties of an object, in the order of <see cref="PropertyTypes"/>.</summary>
    public string[] Properties { get; init; } = Array.Empty<string>();

    /// <summary>The JSON types each declared property allows (None: any), to tell "100" the number from "100" the string.</summary>
    public JsonTypes[] PropertyTypes { get; init; } = Array.Empty<JsonTypes>();

    /// <summary>The JSON types additional properties allow.</summary>
    public JsonTypes OtherTypes { get; init; }

    /// <summary>Form-exploded objects: the operation's other query parameters, whose keys are not properties.</summary>
    public string[] OtherParameters { get; init; } = Array.Empty<string>();

    /// <summary>
    /// deepObject over anyOf/oneOf of an object and a scalar (Stripe's <c>created</c>): the scalar's JSON types, so a
    /// plain <c>created=5</c> is read too; None when only the object form is allowed. For a scalar whose schema
    /// combines others (<see cref="StyledParameters.ValidateScalar"/>): the JSON types its text may be read as.
    /// </summary>
    public JsonTypes ScalarTypes { get; init; }

    /// <summary>The generated validator of the parameter's schema; null when validation is off.</summary>
    public SchemaValidator? Validator { get; init; }

    /// <summary>"query.color".</summary>
    public string ErrorLocation => Location + "." + Name;
}

/// <summary>
/// Reads objects, <c>content</c> (JSON) parameters and matrix/label path values from a request, by OpenAPI's style
/// table (<see cref="ParameterStyles"/> does the splitting), and validates an object's properties or a JSON value with
/// the schema's generated validator. Errors name the parameter and the property: <c>query.color.R</c>. Query names
/// match ignoring case, as ASP.NET Core's Request.Query and its model binding do: a backend reads <c>Filter[status]</c>
/// as <c>filter</c>'s, so the gateway checks it as that.
/// </summary>
public static class StyledParameters
{
    /// <summary>The empty object: a required object parameter's value while its absence is being reported.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    /// <summary>An object parameter's properties (decoded text), or null when absent or malformed (then an error is recorded).</summary>
    public static IReadOnlyDictionary<string, string>? ReadObject(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        Dictionary<string, string>? properties;
        string? problem = null;
        switch (parameter.Location)
        {
            case "query" when parameter.Style == ParameterStyle.DeepObject:
                properties = DeepObject(context, parameter, out problem);
                if (problem is null && properties is null && parameter.ScalarTypes != JsonTypes.None &&
                    RequestValues.SingleQuery(context, parameter.Name, ref errors) is { } scalar)
                {
                    // The scalar alternative: validated as that JSON value; the function sees no properties.
                    if (parameter.Validator is { } scalarValidator)
                    {
                        errors = Located(errors, JsonBodyValidator.Validate(ScalarJson(scalar, parameter.ScalarTypes), scalarValidator), parameter);
                    }

                    return NoProperties;
                }

                break;
            case "query" when parameter.Style == ParameterStyle.Form && parameter.Explode:
                properties = FormExploded(context, parameter, out problem);
                break;
            default:
                if (Text(context, parameter, ref errors, out var decoding) is not { } text)
                {
                    properties = null;
                    break;
                }

                properties = ParameterStyles.TryParseObject(text, parameter.Style, parameter.Explode, parameter.Name, decoding, out var parsed, out problem) ? parsed : null;
                break;
        }

        if (problem is not null)
        {
            errors = StyleError(errors, parameter, problem);
            return null;
        }

        if (properties is null)
        {
            if (parameter.Required)
            {
                errors = GatewayErrors.MissingParameter(errors, parameter.Name, parameter.Location);
            }

            return null;
        }

        if (parameter.Validator is { } validator)
        {
            var json = ToJson(properties, parameter);
            errors = Located(errors, JsonBodyValidator.Validate(json, validator), parameter);
        }

        return properties;
    }

    /// <summary>
    /// A scalar whose schema combines others (anyOf, oneOf, allOf, not): its text validated against the whole schema.
    /// The text is read as each JSON value the schema's types allow (a number, a boolean, null for empty text, a
    /// string; a string alone when no type is named) and passes when one reading is valid; otherwise the first
    /// reading's errors are recorded, named after the parameter. Null text (absent) is not checked here.
    /// </summary>
    public static void ValidateScalar(string? text, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (text is null || parameter.Validator is not { } validator)
        {
            return;
        }

        var types = parameter.ScalarTypes;
        ValidationErrors? first = null;
        var read = false;
        if ((types & (JsonTypes.Number | JsonTypes.Integer)) != 0 && NumberLiteral.IsJsonNumber(text))
        {
            read = true;
            if (Reading(JsonBodyValidator.Validate(Encoding.UTF8.GetBytes(text), validator), ref first))
            {
                return;
            }
        }

        if ((types & JsonTypes.Boolean) != 0 && bool.TryParse(text, out var flag))
        {
            read = true; // any case, as boolean parameters parse
            if (Reading(JsonBodyValidator.Validate(flag ? "true"u8 : "false"u8, validator), ref first))
            {
                return;
            }
        }

        if ((types & JsonTypes.Null) != 0 && text.Length == 0)
        {
            read = true;
            if (Reading(JsonBodyValidator.Validate("null"u8, validator), ref first))
            {
                return;
            }
        }

        // A string when the schema allows one, names no type, or allows nothing the text can be (its type error then says so).
        if (types == JsonTypes.None || (types & JsonTypes.String) != 0 || !read)
        {
            var buffer = new ArrayBufferWriter<byte>(text.Length + 8);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStringValue(text);
            }

            if (Reading(JsonBodyValidator.Validate(buffer.WrittenSpan, validator), ref first))
            {
                return;
            }
        }

        errors = Located(errors, first, parameter);
    }

    // True when the reading is valid; otherwise keeps the first reading's errors.
    private static bool Reading(ValidationErrors? found, ref ValidationErrors? first)
    {
        first ??= found;
        return found is null;
    }

    /// <summary>The validator of a <c>content</c> parameter without a schema: any value, as long as it is well-formed JSON.</summary>
    public static bool AnyJson(ref Utf8JsonReader reader, ref JsonValidation validation) => true;

    /// <summary>A <c>content: {application/json: ...}</c> parameter: its text, validated as JSON with the schema; null when absent.</summary>
    public static string? ReadJson(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        var text = parameter.Location switch
        {
            "query" => RequestValues.SingleQuery(context, parameter.Name, ref errors),
            "path" => RequestValues.Path(context, parameter.RouteName ?? parameter.Name),
            "header" => RequestValues.Header(context, parameter.Name),
            _ => RequestValues.Cookie(context, parameter.Name),
        };
        if (text is null)
        {
            if (parameter.Required)
            {
                errors = GatewayErrors.MissingParameter(errors, parameter.Name, parameter.Location);
            }

            return null;
        }

        if (parameter.Validator is { } validator)
        {
            errors = Located(errors, JsonBodyValidator.Validate(Encoding.UTF8.GetBytes(text), validator), parameter);
        }

        return text;
    }

    /// <summary>
    /// A matrix or label path scalar: the value inside <c>;id=5</c> or <c>.5</c>, decoded. Malformed, the style error is
    /// recorded and the text comes back as it is (a route value is never absent, so no "missing" error follows).
    /// </summary>
    public static string? PathText(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (Text(context, parameter, ref errors, out var decoding) is not { } text)
        {
            return null;
        }

        if (ParameterStyles.TryUnwrap(text, parameter.Style, parameter.Name, decoding, out var value, out var problem))
        {
            return value;
        }

        errors = StyleError(errors, parameter, problem!);
        return text;
    }

    /// <summary>
    /// A matrix or label path array: its items, decoded; none for the style's empty value (<c>;id</c>, <c>.</c>).
    /// Malformed, the style error is recorded and the text is the one item.
    /// </summary>
    public static StringValues PathItems(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (Text(context, parameter, ref errors, out var decoding) is not { } text)
        {
            return StringValues.Empty;
        }

        if (ParameterStyles.TrySplitItems(text, parameter.Style, parameter.Explode, parameter.Name, decoding, out var items, out var problem))
        {
            return new StringValues(items);
        }

        errors = StyleError(errors, parameter, problem!);
        return new StringValues(text);
    }

    /// <summary>
    /// A delimited array in the query (<c>form</c> not exploded, <c>spaceDelimited</c>, <c>pipeDelimited</c>) or a
    /// <c>simple</c> path array: its items, split on the raw (still encoded) text and decoded after, so
    /// <c>ids=a%2Cb</c> is the one item <c>a,b</c>. A query key given more than once adds each one's items.
    /// </summary>
    public static StringValues DelimitedItems(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (parameter.Location != "query")
        {
            return Text(context, parameter, ref errors, out var decoding) is { } text &&
                ParameterStyles.TrySplitItems(text, parameter.Style, false, parameter.Name, decoding, out var pathItems, out _)
                ? new StringValues(pathItems)
                : StringValues.Empty;
        }

        var query = context.Request.QueryString.Value;
        if (string.IsNullOrEmpty(query))
        {
            return StringValues.Empty;
        }

        List<string>? items = null;
        foreach (var pair in query.AsSpan(1).Split('&'))
        {
            var text = query.AsSpan(1)[pair];
            var equals = text.IndexOf('=');
            var key = equals < 0 ? text : text.Slice(0, equals);
            if (!IsKey(key, parameter.Name))
            {
                continue;
            }

            // simple/form/space/pipe splitting never fails: it has no prefix to miss.
            ParameterStyles.TrySplitItems(equals < 0 ? "" : text.Slice(equals + 1).ToString(), parameter.Style, false, parameter.Name, ParameterTextDecoding.Query, out var split, out _);
            (items ??= new List<string>()).AddRange(split);
        }

        return items is null ? StringValues.Empty : new StringValues(items.ToArray());
    }

    /// <summary>
    /// A <c>deepObject</c> array, which OpenAPI leaves undefined, read as GatewayGen reads it (and as Stripe's clients
    /// send it): <c>expand[]=a&amp;expand[]=b</c> (in the order given) or <c>expand[0]=a&amp;expand[1]=b</c> (in index
    /// order). A plain <c>expand=a</c>, a key that is neither form, both forms at once, or an index given twice is
    /// a style error; the values under it are then checked as the items.
    /// </summary>
    public static StringValues DeepObjectItems(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (!context.Request.QueryString.HasValue)
        {
            return StringValues.Empty;
        }

        var name = parameter.Name;
        List<string>? appended = null;
        SortedDictionary<int, string>? indexed = null;
        foreach (var (key, values) in context.Request.Query)
        {
            if (key.Length < name.Length || !key.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string? problem = null;
            if (key.Length == name.Length)
            {
                problem = $"it is written {name}[]=VALUE or {name}[N]=VALUE";
            }
            else if (key[name.Length] != '[')
            {
                continue; // another parameter ("expanded")
            }
            else if (key.Length == name.Length + 2 && key[name.Length + 1] == ']')
            {
                (appended ??= new List<string>()).AddRange(values!);
            }
            else if (key[key.Length - 1] == ']' && key.Length - name.Length - 2 is > 0 and < 10 &&
                int.TryParse(key.AsSpan(name.Length + 1, key.Length - name.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (values.Count != 1 || !(indexed ??= new SortedDictionary<int, string>()).TryAdd(index, values[0] ?? ""))
                {
                    problem = $"item {index.ToString(CultureInfo.InvariantCulture)} is given more than once";
                }
            }
            else
            {
                problem = $"'{key}' is neither {name}[] nor {name}[N] (nested values are not read)";
            }

            if (problem is null && appended is not null && indexed is not null)
            {
                problem = $"it mixes {name}[]=VALUE and {name}[N]=VALUE, so the order of its items is not known";
            }

            if (problem is not null)
            {
                errors = StyleError(errors, parameter, problem);
                return values;
            }
        }

        if (indexed is not null)
        {
            var items = new string[indexed.Count];
            indexed.Values.CopyTo(items, 0);
            return new StringValues(items);
        }

        return appended is null ? StringValues.Empty : new StringValues(appended.ToArray());
    }

    /// <summary>
    /// A <c>deepObject</c> scalar, which OpenAPI leaves undefined (Stripe's <c>subscription_trial_end</c>: <c>now</c>
    /// or a time), read as GatewayGen reads it: the plain <c>name=VALUE</c>; a <c>name[...]</c> key is a style error.
    /// </summary>
    public static string? DeepObjectScalar(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors)
    {
        if (context.Request.QueryString.HasValue && HasDeepKey(context, parameter.Name))
        {
            errors = StyleError(errors, parameter, $"it is one value, written {parameter.Name}=VALUE");
            return null;
        }

        return RequestValues.SingleQuery(context, parameter.Name, ref errors);
    }

    // Whether a raw query key is name (most keys are not encoded: compare before decoding).
    private static bool IsKey(ReadOnlySpan<char> key, string name) =>
        key.SequenceEqual(name) || (key.IndexOfAny('%', '+') >= 0 && ParameterStyles.Decode(key.ToString(), ParameterTextDecoding.Query) == name);

    // The value's text before the style's splitting: raw (still encoded) where it can be had, so "%2C" stays data.
    private static string? Text(HttpContext context, StyledParameter parameter, ref ValidationErrors? errors, out ParameterTextDecoding decoding)
    {
        decoding = ParameterTextDecoding.None;
        switch (parameter.Location)
        {
            case "path":
                var value = RequestValues.Path(context, parameter.RouteName ?? parameter.Name);
                if (value is not null && parameter.Segment >= 0 && TargetUri.RawSegment(context, parameter.Segment, value) is { } raw)
                {
                    decoding = ParameterTextDecoding.Percent;
                    return raw;
                }

                return value;
            case "query":
                if (RequestValues.SingleQuery(context, parameter.Name, ref errors) is null)
                {
                    return null;
                }

                decoding = ParameterTextDecoding.Query;
                return RawQueryValue(context.Request.QueryString.Value, parameter.Name);
            case "header":
                return RequestValues.Header(context, parameter.Name);
            default:
                return RequestValues.Cookie(context, parameter.Name);
        }
    }

    /// <summary>The raw (encoded) value of query key <paramref name="name"/> in <paramref name="queryString"/> ("?a=1&amp;b=2"); null when absent.</summary>
    public static string? RawQueryValue(string? queryString, string name)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            return null;
        }

        foreach (var pair in queryString.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair.Substring(0, equals);
            if (string.Equals(ParameterStyles.Decode(key, ParameterTextDecoding.Query), name, StringComparison.OrdinalIgnoreCase))
            {
                return equals < 0 ? "" : pair.Substring(equals + 1);
            }
        }

        return null;
    }

    // deepObject: color[R]=100&color[G]=200; a plain "color=..." or a nested "color[a][b]" is not this style.
    private static Dictionary<string, string>? DeepObject(HttpContext context, StyledParameter parameter, out string? problem)
    {
        problem = null;
        if (!context.Request.QueryString.HasValue)
        {
            return null;
        }

        Dictionary<string, string>? properties = null;
        foreach (var (key, values) in context.Request.Query)
        {
            if (string.Equals(key, parameter.Name, StringComparison.OrdinalIgnoreCase))
            {
                if (parameter.ScalarTypes != JsonTypes.None && !HasDeepKey(context, parameter.Name))
                {
                    continue; // the scalar alternative, read by the caller
                }

                problem = parameter.ScalarTypes != JsonTypes.None
                    ? $"it is given both as {parameter.Name}=VALUE and as {parameter.Name}[NAME]=VALUE"
                    : $"it is written {parameter.Name}[NAME]=VALUE";
                return null;
            }

            if (key.Length <= parameter.Name.Length + 1 || !key.StartsWith(parameter.Name, StringComparison.OrdinalIgnoreCase) || key[parameter.Name.Length] != '[')
            {
                continue;
            }

            var property = key.Substring(parameter.Name.Length + 1);
            if (property.Length < 2 || property[property.Length - 1] != ']' || property.IndexOfAny(['[', ']']) != property.Length - 1)
            {
                problem = $"'{key}' is not {parameter.Name}[NAME] (nested objects are not part of the style)";
                return null;
            }

            property = property.Substring(0, property.Length - 1);
            if (values.Count != 1)
            {
                problem = $"property '{property}' is given {values.Count.ToString(CultureInfo.InvariantCulture)} times";
                return null;
            }

            (properties ??= new Dictionary<string, string>(StringComparer.Ordinal))[property] = values[0] ?? "";
        }

        return properties;
    }

    private static bool HasDeepKey(HttpContext context, string name)
    {
        foreach (var key in context.Request.Query.Keys)
        {
            if (key.Length > name.Length && key.StartsWith(name, StringComparison.OrdinalIgnoreCase) && key[name.Length] == '[')
            {
                return true;
            }
        }

        return false;
    }

    // form, explode: each property is a query key of its own; every key no other declared parameter claims is one.
    private static Dictionary<string, string>? FormExploded(HttpContext context, StyledParameter parameter, out string? problem)
    {
        problem = null;
        if (!context.Request.QueryString.HasValue)
        {
            return null;
        }

        Dictionary<string, string>? properties = null;
        foreach (var (key, values) in context.Request.Query)
        {
            if (IsOtherParameter(key, parameter.OtherParameters))
            {
                continue;
            }

            if (values.Count != 1)
            {
                problem = $"property '{key}' is given {values.Count.ToString(CultureInfo.InvariantCulture)} times";
                return null;
            }

            (properties ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = values[0] ?? "";
        }

        return properties;
    }

    private static bool IsOtherParameter(string key, string[] others)
    {
        foreach (var other in others)
        {
            if (string.Equals(key, other, StringComparison.OrdinalIgnoreCase) || (key.Length > other.Length && key.StartsWith(other, StringComparison.OrdinalIgnoreCase) && key[other.Length] == '['))
            {
                return true; // another parameter, or a deepObject one's "other[...]"
            }
        }

        return false;
    }

    /// <summary>
    /// The properties as a JSON object for the schema's validator: a property the schema types as a number or a
    /// boolean becomes one when its text is one; otherwise a string (which the validator then refuses by type).
    /// </summary>
    public static byte[] ToJson(IReadOnlyDictionary<string, string> properties, StyledParameter parameter)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, text) in properties)
            {
                var index = Array.IndexOf(parameter.Properties, name);
                var types = index >= 0 && index < parameter.PropertyTypes.Length ? parameter.PropertyTypes[index] : parameter.OtherTypes;
                writer.WritePropertyName(name);
                WriteValue(writer, text, types);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One text as the JSON value <paramref name="types"/> make of it (see <see cref="ToJson"/>).</summary>
    public static byte[] ScalarJson(string text, JsonTypes types)
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, text, types);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, string text, JsonTypes types)
    {
        if (types == JsonTypes.None || (types & JsonTypes.String) != 0)
        {
            writer.WriteStringValue(text);
        }
        else if ((types & (JsonTypes.Number | JsonTypes.Integer)) != 0 && NumberLiteral.IsJsonNumber(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if ((types & JsonTypes.Boolean) != 0 && bool.TryParse(text, out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if ((types & JsonTypes.Null) != 0 && text.Length == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }


    // The validator's pointers ("/R", "/a/0") become dotted locations under the parameter ("query.color.R").
    private static ValidationErrors? Located(ValidationErrors? errors, ValidationErrors? found, StyledParameter parameter)
    {
        if (found is null)
        {
            return errors;
        }

        foreach (var error in found.Items)
        {
            var location = parameter.ErrorLocation + PointerPath(error.Location);
            var message = error.Message;
            if (error.Keyword == "json")
            {
                message = $"The {parameter.Location} parameter '{parameter.Name}' is not valid JSON.";
            }
            else if (error.Keyword == "required" && error.Location.Length == 0 && RequiredName(error.Message) is { } property)
            {
                location += "." + property; // the validator reports a missing property at its object
            }

            errors = ValidationErrors.Add(errors, location, error.Keyword, $"{parameter.Location} parameter '{parameter.Name}': {message}");
        }

        return errors;
    }

    private static string PointerPath(string pointer)
    {
        if (pointer.Length == 0)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var token in pointer.Substring(1).Split('/'))
        {
            builder.Append('.').Append(token.Replace("~1", "/").Replace("~0", "~"));
        }

        return builder.ToString();
    }

    // "The required property 'R' is missing." (ValidatorEmitter's wording) -> "R".
    private static string? RequiredName(string message)
    {
        var start = message.IndexOf('\'');
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message.Substring(start + 1, end - start - 1) : null;
    }

    private static ValidationErrors StyleError(ValidationErrors? errors, StyledParameter parameter, string problem) =>
        ValidationErrors.Add(errors, parameter.ErrorLocation, "style",
            $"Invalid value for {parameter.Location} parameter '{parameter.Name}' (style {StyleName(parameter.Style)}{(parameter.Explode ? ", explode" : "")}): {problem}.");

    private static string StyleName(ParameterStyle style) => style switch
    {
        ParameterStyle.SpaceDelimited => "spaceDelimited",
        ParameterStyle.PipeDelimited => "pipeDelimited",
        ParameterStyle.DeepObject => "deepObject",
        _ => style.ToString().ToLowerInvariant(),
    };
}
