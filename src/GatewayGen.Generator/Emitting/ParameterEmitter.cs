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
            ParameterShape.Raw => "string",
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

    public static void Emit(SourceWriter writer, ParameterModel parameter, Dictionary<string, string> enumFields)
    {
        var raw = RawLocal(parameter);
        var arg = ArgLocal(parameter);
        writer.Line($"// {Describe(parameter)}{(parameter.Required ? ", required" : "")}");
        if (parameter.Shape == ParameterShape.Array)
        {
            EmitArray(writer, parameter, raw, arg, enumFields);
        }
        else
        {
            writer.Line($"var {raw} = {ReadScalar(parameter)};");
            if (parameter.Shape == ParameterShape.Raw)
            {
                writer.Line($"var {arg} = {raw};");
            }
            else
            {
                EmitScalar(writer, parameter, raw, arg, enumFields);
            }
        }

        writer.Line();
    }

    private static void EmitScalar(SourceWriter writer, ParameterModel parameter, string raw, string arg, Dictionary<string, string> enumFields)
    {
        var type = ScalarType(parameter.Kind);
        if (!parameter.Required && parameter.Kind == ScalarKind.String && parameter.EnumValues.Count == 0)
        {
            writer.Line($"var {arg} = {raw};"); // any text, or null when absent
            return;
        }

        if (parameter.Required)
        {
            EmitMissing(writer, parameter, $"{raw} is null");
            EmitParse(writer, parameter, raw, arg, declare: true, enumFields);
            return;
        }

        writer.Line($"{type}? {arg} = null;");
        writer.Line($"if ({raw} is not null)");
        using (writer.Braces())
        {
            EmitParse(writer, parameter, raw, "parsed" + parameter.Identifier, declare: true, enumFields);
            writer.Line();
            writer.Line($"{arg} = parsed{parameter.Identifier};");
        }
    }

    private static void EmitParse(SourceWriter writer, ParameterModel parameter, string raw, string target, bool declare, Dictionary<string, string> enumFields)
    {
        if (parameter.Kind == ScalarKind.String)
        {
            if (parameter.EnumValues.Count > 0)
            {
                writer.Line($"if (!{Runtime}ParameterParsers.IsOneOf({raw}, {EnumField(parameter, enumFields)}))");
                EmitInvalid(writer, parameter, raw);
                writer.Line();
            }

            writer.Line($"var {target} = {raw};");
            return;
        }

        writer.Line($"if (!{Runtime}ParameterParsers.{ParserName(parameter.Kind)}({raw}, out {(declare ? "var " : "")}{target}))");
        EmitInvalid(writer, parameter, raw);
    }

    private static void EmitArray(SourceWriter writer, ParameterModel parameter, string raw, string arg, Dictionary<string, string> enumFields)
    {
        var type = ScalarType(parameter.Kind);
        var values = parameter.In switch
        {
            ParameterLocation.Query => $"{Runtime}RequestValues.QueryValues(context, {Literals.String(parameter.Name)})",
            ParameterLocation.Header => $"{Runtime}RequestValues.HeaderValues(context, {Literals.String(parameter.Name)})",
            _ => $"new global::Microsoft.Extensions.Primitives.StringValues({ReadScalar(parameter)})",
        };
        writer.Line($"var {raw} = {values};");
        var invalid = "invalid" + parameter.Identifier;
        if (parameter.Required)
        {
            EmitMissing(writer, parameter, $"{raw}.Count == 0");
            writer.Line($"if (!{Runtime}ParameterParsers.TryParseArray<{type}>({raw}, {Literals.Char(parameter.Separator)}, {Runtime}ParameterParsers.{ParserName(parameter.Kind)}, out var {arg}, out var {invalid}){EnumCheck(parameter, arg, invalid, enumFields)})");
            EmitInvalid(writer, parameter, invalid);
            return;
        }

        writer.Line($"{type}[]? {arg} = null;");
        writer.Line($"if ({raw}.Count > 0)");
        using (writer.Braces())
        {
            var parsed = "parsed" + parameter.Identifier;
            writer.Line($"if (!{Runtime}ParameterParsers.TryParseArray<{type}>({raw}, {Literals.Char(parameter.Separator)}, {Runtime}ParameterParsers.{ParserName(parameter.Kind)}, out var {parsed}, out var {invalid}){EnumCheck(parameter, parsed, invalid, enumFields)})");
            EmitInvalid(writer, parameter, invalid);
            writer.Line();
            writer.Line($"{arg} = {parsed};");
        }
    }

    private static string EnumCheck(ParameterModel parameter, string values, string invalid, Dictionary<string, string> enumFields) =>
        parameter.EnumValues.Count == 0 ? "" : $" || !{Runtime}ParameterParsers.AreAllOneOf({values}, {EnumField(parameter, enumFields)}, out {invalid})";

    private static void EmitMissing(SourceWriter writer, ParameterModel parameter, string condition)
    {
        writer.Line($"if ({condition})");
        using (writer.Braces())
        {
            writer.Line($"await {Runtime}GatewayErrors.MissingParameterAsync(context, {Literals.String(parameter.Name)}, {Literals.String(parameter.InName)});");
            writer.Line("return;");
        }

        writer.Line();
    }

    private static void EmitInvalid(SourceWriter writer, ParameterModel parameter, string value)
    {
        using (writer.Braces())
        {
            var expected = Expected(parameter.Kind, parameter.EnumValues, parameter.Shape == ParameterShape.Array);
            writer.Line($"await {Runtime}GatewayErrors.InvalidParameterAsync(context, {Literals.String(parameter.Name)}, {Literals.String(parameter.InName)}, {value}, {Literals.String(expected)});");
            writer.Line("return;");
        }
    }

    private static string EnumField(ParameterModel parameter, Dictionary<string, string> enumFields)
    {
        var key = string.Join("\u0001", parameter.EnumValues);
        if (!enumFields.TryGetValue(key, out var field))
        {
            field = "AllowedValues" + (enumFields.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            enumFields.Add(key, field);
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
