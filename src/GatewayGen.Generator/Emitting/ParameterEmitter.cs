using System.Collections.Generic;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes the code that reads and parses an operation's parameters at the top of its handler: a raw local
/// ("raw" + Identifier) and a typed local ("arg" + Identifier); a missing or unparsable value answers 400.
/// </summary>
internal static class ParameterEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    public static string RawLocal(ParameterModel parameter) => "raw" + parameter.Identifier;

    public static string ArgLocal(ParameterModel parameter) => "arg" + parameter.Identifier;

    /// <summary>The C# type of the parsed value as a request property.</summary>
    public static string PropertyType(ParameterModel parameter)
    {
        var type = parameter.Shape switch
        {
            ParameterShape.Raw or ParameterShape.Json => "string",
            ParameterShape.Object => "global::System.Collections.Generic.IReadOnlyDictionary<string, string>",
            ParameterShape.Array => ScalarType(parameter.Kind) + "[]",
            _ => ScalarType(parameter.Kind),
        };
        return parameter.Required && parameter.Shape != ParameterShape.Raw ? type : type + "?";
    }

    /// <summary>"query parameter 'limit' (integer, int32)": for comments.</summary>
    public static string Describe(ParameterModel parameter)
    {
        var schema = parameter.Shape switch
        {
            ParameterShape.Raw => "unparsed",
            ParameterShape.Json => "JSON",
            ParameterShape.Object => "object, style " + ParameterModel.StyleName(parameter.Style) + (parameter.Explode ? ", explode" : ""),
            ParameterShape.Array => "array of " + SchemaName(parameter.Kind),
            _ => SchemaName(parameter.Kind),
        };
        var values = parameter.EnumValues.Count > 0 ? ", one of: " + string.Join(", ", parameter.EnumValues) : "";
        return $"{parameter.InName} parameter '{parameter.Name}' ({schema}{values})";
    }

    private static string SchemaName(ScalarKind kind) => kind switch
    {
        ScalarKind.Int32 => "integer, int32",
        ScalarKind.Int64 => "integer, int64",
        ScalarKind.Single => "number, float",
        ScalarKind.Double => "number, double",
        ScalarKind.Decimal => "number, decimal",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Guid => "string, uuid",
        ScalarKind.Date => "string, date",
        ScalarKind.DateTime => "string, date-time",
        ScalarKind.Base64 => "string, byte",
        _ => "string",
    };

    /// <summary>The local that collects every parameter error before the handler answers 400.</summary>
    public const string ErrorsLocal = "parameterErrors";

    /// <summary>
    /// Reads one parameter. With <paramref name="validate"/>, a missing, unparsable or out-of-bounds value adds
    /// to <see cref="ErrorsLocal"/>; <paramref name="parse"/> false leaves only the raw text (validation off).
    /// </summary>
    public static void Emit(SourceWriter writer, ParameterModel parameter, OperationModel operation, Dictionary<string, string> enumFields, ParameterSchemaContext schemas, bool parse, bool validate)
    {
        var raw = RawLocal(parameter);
        var arg = ArgLocal(parameter);
        writer.Line($"// {Describe(parameter)}{(parameter.Required ? ", required" : "")}");
        if (parameter.Shape is ParameterShape.Object or ParameterShape.Json)
        {
            // Style parsing and schema validation live in the runtime: one line here (mappings read the value themselves).
            if (parse)
            {
                var read = parameter.Shape == ParameterShape.Object ? "ReadObject" : "ReadJson";
                var absent = !parameter.Required ? "" : parameter.Shape == ParameterShape.Object ? $" ?? {Runtime}StyledParameters.NoProperties" : " ?? \"\"";
                writer.Line($"var {arg} = {Runtime}StyledParameters.{read}(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal}){absent};");
            }
        }
        else if (parse && parameter.IsStyled && parameter.Shape == ParameterShape.Array)
        {
            EmitArray(writer, parameter, raw, arg, enumFields, schemas, validate,
                $"{Runtime}StyledParameters.PathItems(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal})");
        }
        else if (parse && parameter.IsStyled)
        {
            // matrix ";id=5" / label ".5": the route value stays as sent (for mappings); the parsers get what is inside.
            var text = "text" + parameter.Identifier;
            writer.Line($"var {raw} = {ReadScalar(parameter)};");
            writer.Line($"var {text} = {Runtime}StyledParameters.PathText(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal});");
            EmitScalar(writer, parameter, text, arg, enumFields, schemas, validate);
        }
        else if (!parse || parameter.Shape == ParameterShape.Raw)
        {
            writer.Line($"var {raw} = {ReadScalar(parameter)};");
            if (parse)
            {
                writer.Line($"var {arg} = {raw};");
            }
        }
        else if (parameter.Shape == ParameterShape.Array && parameter.Style == StyleKind.DeepObject)
        {
            // GatewayGen's reading of a deepObject array (OpenAPI leaves it undefined): expand[]=a&expand[]=b or expand[0]=a.
            EmitArray(writer, parameter, raw, arg, enumFields, schemas, validate,
                $"{Runtime}StyledParameters.DeepObjectItems(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal})");
        }
        else if (parameter.Shape == ParameterShape.Array && (parameter.In == ParameterLocation.Path || (parameter.In == ParameterLocation.Query && parameter.Separator != '\0')))
        {
            // Split on the raw text, then decoded (ids=a%2Cb is one item): the runtime hands over the items.
            EmitArray(writer, parameter with { Separator = '\0' }, raw, arg, enumFields, schemas, validate,
                $"{Runtime}StyledParameters.DelimitedItems(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal})");
        }
        else if (parameter.Shape == ParameterShape.Array)
        {
            EmitArray(writer, parameter, raw, arg, enumFields, schemas, validate, null);
        }
        else
        {
            // A scalar query parameter given twice is refused: checking one value while the whole query goes on would let the other through.
            var read = parameter.In != ParameterLocation.Query ? ReadScalar(parameter)
                : parameter.Style == StyleKind.DeepObject ? $"{Runtime}StyledParameters.DeepObjectScalar(context, {schemas.StyledField(parameter, operation, validate)}, ref {ErrorsLocal})"
                : $"{Runtime}RequestValues.SingleQuery(context, {Literals.String(parameter.Name)}, ref {ErrorsLocal})";
            writer.Line($"var {raw} = {read};");
            EmitScalar(writer, parameter, raw, arg, enumFields, schemas, validate);
        }

        writer.Line();
    }

    private static void EmitScalar(SourceWriter writer, ParameterModel parameter, string raw, string arg, Dictionary<string, string> enumFields, ParameterSchemaContext schemas, bool validate)
    {
        var type = ScalarType(parameter.Kind);
        var plainString = parameter.Kind == ScalarKind.String && parameter.EnumValues.Count == 0;
        if (validate && parameter.EnumValues.Count == 0 && (plainString ? parameter.Required : IsValueType(parameter.Kind)))
        {
            EmitRead(writer, parameter, raw, arg, schemas);
            return;
        }
        if (parameter.Required)
        {
            writer.Line(plainString ? $"var {arg} = {raw} ?? \"\";" : $"{type} {arg} = default!;");
            writer.Line($"if ({raw} is null)");
            using (writer.Braces())
            {
                if (validate)
                {
                    AddMissing(writer, parameter);
                }
            }

            if (!plainString)
            {
                writer.Line($"else if ({ParseFails(parameter, raw, arg, declare: false, enumFields)})");
                using (writer.Braces())
                {
                    AddInvalid(writer, parameter, raw, "type", Expected(parameter.Kind, parameter.EnumValues, plural: false));
                }
            }

            if (validate && schemas.HasConstraints(parameter))
            {
                writer.Line("else");
                using (writer.Braces())
                {
                    schemas.EmitConstraints(writer, parameter, arg, raw);
                }
            }

            return;
        }

        if (plainString)
        {
            writer.Line($"var {arg} = {raw};");
            if (validate && schemas.HasConstraints(parameter))
            {
                writer.Line($"if ({raw} is not null)");
                using (writer.Braces())
                {
                    schemas.EmitConstraints(writer, parameter, raw, raw);
                }
            }

            return;
        }

        var parsed = "parsed" + parameter.Identifier;
        writer.Line($"{type}? {arg} = null;");
        writer.Line($"if ({raw} is not null)");
        using (writer.Braces())
        {
            writer.Line($"if ({ParseFails(parameter, raw, parsed, declare: true, enumFields)})");
            using (writer.Braces())
            {
                AddInvalid(writer, parameter, raw, "type", Expected(parameter.Kind, parameter.EnumValues, plural: false));
            }

            writer.Line("else");
            using (writer.Braces())
            {
                writer.Line($"{arg} = {parsed};");
                if (validate)
                {
                    schemas.EmitConstraints(writer, parameter, parsed, raw);
                }
            }
        }
    }

    /// <summary>
    /// The common cases in one runtime call (ParameterReads): a required string, or a number, boolean, UUID or date;
    /// the constraints run when it returns true (the value is there and parsed).
    /// </summary>
    private static void EmitRead(SourceWriter writer, ParameterModel parameter, string raw, string arg, ParameterSchemaContext schemas)
    {
        var names = $"{Literals.String(parameter.Name)}, {Literals.String(parameter.InName)}";
        string call;
        string value;
        if (parameter.Kind == ScalarKind.String)
        {
            call = $"{Runtime}ParameterReads.RequiredText({raw}, {names}, ref {ErrorsLocal}, out var {arg})";
            value = arg;
        }
        else
        {
            var type = ScalarType(parameter.Kind);
            var expected = Literals.String(Expected(parameter.Kind, parameter.EnumValues, plural: false));
            var (method, declared) = parameter.Required ? ("Required", type) : ("Optional", type + "?");
            call = $"{Runtime}ParameterReads.{method}({raw}, {Runtime}ParameterParsers.{ParserName(parameter.Kind)}, {names}, {expected}, ref {ErrorsLocal}, out {declared} {arg})";
            value = parameter.Required ? arg : arg + ".Value";
        }

        if (!schemas.HasConstraints(parameter))
        {
            writer.Line(call + ";");
            return;
        }

        writer.Line($"if ({call})");
        using (writer.Braces())
        {
            schemas.EmitConstraints(writer, parameter, value, raw);
        }
    }

    private static bool IsValueType(ScalarKind kind) => kind is not (ScalarKind.String or ScalarKind.Base64);

    private static string ParseFails(ParameterModel parameter, string raw, string target, bool declare, Dictionary<string, string> enumFields)
    {
        if (parameter.Kind == ScalarKind.String)
        {
            // string enums: the "parse" is membership; the value is the text itself
            return $"!{Runtime}ParameterParsers.IsOneOf({raw}, {EnumField(parameter, enumFields)}) || !{Runtime}ParameterParsers.TryParseString({raw}, out {(declare ? "var " : "")}{target})";
        }

        return $"!{Runtime}ParameterParsers.{ParserName(parameter.Kind)}({raw}, out {(declare ? "var " : "")}{target})";
    }

    private static void EmitArray(SourceWriter writer, ParameterModel parameter, string raw, string arg, Dictionary<string, string> enumFields, ParameterSchemaContext schemas, bool validate, string? items)
    {
        var type = ScalarType(parameter.Kind);
        var values = items ?? parameter.In switch
        {
            ParameterLocation.Query => $"{Runtime}RequestValues.QueryValues(context, {Literals.String(parameter.Name)})",
            ParameterLocation.Header => $"{Runtime}RequestValues.HeaderValues(context, {Literals.String(parameter.Name)})",
            _ => $"new global::Microsoft.Extensions.Primitives.StringValues({ReadScalar(parameter)})",
        };
        writer.Line($"var {raw} = {values};");
        var invalid = "invalid" + parameter.Identifier;
        var parsed = "parsed" + parameter.Identifier;
        var parseCall = $"!{Runtime}ParameterParsers.TryParseArray<{type}>({raw}, {Literals.Char(parameter.Separator)}, {Runtime}ParameterParsers.{ParserName(parameter.Kind)}, out var {parsed}, out var {invalid}){EnumCheck(parameter, parsed, invalid, enumFields)}";
        writer.Line(parameter.Required ? $"var {arg} = global::System.Array.Empty<{type}>();" : $"{type}[]? {arg} = null;");
        writer.Line($"if ({raw}.Count == 0)");
        using (writer.Braces())
        {
            if (parameter.Required && validate)
            {
                AddMissing(writer, parameter);
            }
        }

        writer.Line($"else if ({parseCall})");
        using (writer.Braces())
        {
            AddInvalid(writer, parameter, invalid, "type", Expected(parameter.Kind, parameter.EnumValues, plural: true));
        }

        writer.Line("else");
        using (writer.Braces())
        {
            writer.Line($"{arg} = {parsed};");
            if (validate)
            {
                schemas.EmitConstraints(writer, parameter, parsed, raw + ".ToString()");
            }
        }
    }

    private static string EnumCheck(ParameterModel parameter, string values, string invalid, Dictionary<string, string> enumFields) =>
        parameter.EnumValues.Count == 0 ? "" : $" || !{Runtime}ParameterParsers.AreAllOneOf({values}, {EnumField(parameter, enumFields)}, out {invalid})";

    private static void AddMissing(SourceWriter writer, ParameterModel parameter) =>
        writer.Line($"{ErrorsLocal} = {Runtime}GatewayErrors.MissingParameter({ErrorsLocal}, {Literals.String(parameter.Name)}, {Literals.String(parameter.InName)});");

    /// <summary>Adds an "invalid value" error for <paramref name="value"/> (an expression) failing <paramref name="keyword"/>.</summary>
    public static void AddInvalid(SourceWriter writer, ParameterModel parameter, string value, string keyword, string expected) =>
        writer.Line($"{ErrorsLocal} = {Runtime}GatewayErrors.InvalidParameter({ErrorsLocal}, {Literals.String(parameter.Name)}, {Literals.String(parameter.InName)}, {Literals.String(keyword)}, {value}, {Literals.String(expected)});");

    private static string EnumField(ParameterModel parameter, Dictionary<string, string> enumFields) => StringsField(parameter.EnumValues, enumFields);

    /// <summary>A static string[] field of the handlers class holding <paramref name="values"/>, shared by equal lists.</summary>
    public static string StringsField(IEnumerable<string> values, Dictionary<string, string> fields)
    {
        var key = string.Join("\u0001", values);
        if (!fields.TryGetValue(key, out var field))
        {
            field = "AllowedValues" + (fields.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields.Add(key, field);
        }

        return field;
    }

    public static string ReadScalar(ParameterModel parameter) => parameter.In switch
    {
        ParameterLocation.Path => $"{Runtime}RequestValues.Path(context, {Literals.String(parameter.RouteName ?? parameter.Name)})",
        ParameterLocation.Query => $"{Runtime}RequestValues.Query(context, {Literals.String(parameter.Name)})",
        ParameterLocation.Header => $"{Runtime}RequestValues.Header(context, {Literals.String(parameter.Name)})",
        _ => $"{Runtime}RequestValues.Cookie(context, {Literals.String(parameter.Name)})",
    };

    public static string ScalarType(ScalarKind kind) => kind switch
    {
        ScalarKind.Int32 => "int",
        ScalarKind.Int64 => "long",
        ScalarKind.Single => "float",
        ScalarKind.Double => "double",
        ScalarKind.Decimal => "decimal",
        ScalarKind.Boolean => "bool",
        ScalarKind.Guid => "global::System.Guid",
        ScalarKind.Date => "global::System.DateOnly",
        ScalarKind.DateTime => "global::System.DateTimeOffset",
        ScalarKind.Base64 => "byte[]",
        _ => "string",
    };

    private static string ParserName(ScalarKind kind) => "TryParse" + kind switch
    {
        ScalarKind.Int32 => "Int32",
        ScalarKind.Int64 => "Int64",
        ScalarKind.Single => "Single",
        ScalarKind.Double => "Double",
        ScalarKind.Decimal => "Decimal",
        ScalarKind.Boolean => "Boolean",
        ScalarKind.Guid => "Guid",
        ScalarKind.Date => "Date",
        ScalarKind.DateTime => "DateTime",
        ScalarKind.Base64 => "Base64",
        _ => "String",
    };

    private static string Expected(ScalarKind kind, EquatableArray<string> enumValues, bool plural)
    {
        if (enumValues.Count > 0)
        {
            return (plural ? "items each one of: " : "one of: ") + string.Join(", ", enumValues);
        }

        var single = kind switch
        {
            ScalarKind.Int32 => "an integer (int32)",
            ScalarKind.Int64 => "an integer (int64)",
            ScalarKind.Single => "a number (float)",
            ScalarKind.Double => "a number",
            ScalarKind.Decimal => "a number (decimal)",
            ScalarKind.Boolean => "true or false",
            ScalarKind.Guid => "a UUID",
            ScalarKind.Date => "a date (yyyy-MM-dd)",
            ScalarKind.DateTime => "a date-time (RFC 3339)",
            ScalarKind.Base64 => "base64 bytes",
            _ => "a string",
        };
        return plural ? "a list of " + single.Substring(single.IndexOf(' ') + 1) + " values" : single;
    }
}
