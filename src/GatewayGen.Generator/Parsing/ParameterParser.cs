using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;
using Microsoft.OpenApi;
using ParameterLocation = GatewayGen.Generator.Model.ParameterLocation;

namespace GatewayGen.Generator.Parsing;

/// <summary>Turns a declared parameter and its schema into the type its value parses to.</summary>
internal static class ParameterParser
{
    public static ParameterModel? Parse(IOpenApiParameter parameter, string pointer, RouteModel route, ParseContext context)
    {
        if (parameter.Name is not { Length: > 0 } name || parameter.In is not { } openApiLocation)
        {
            return null; // the OpenAPI reader reports the missing field
        }

        var location = openApiLocation switch
        {
            Microsoft.OpenApi.ParameterLocation.Path => ParameterLocation.Path,
            Microsoft.OpenApi.ParameterLocation.Header => ParameterLocation.Header,
            Microsoft.OpenApi.ParameterLocation.Cookie => ParameterLocation.Cookie,
            _ => ParameterLocation.Query,
        };

        // OpenAPI: these header parameters are ignored; the HTTP machinery owns them.
        if (location == ParameterLocation.Header &&
            (name.Equals("Accept", StringComparison.OrdinalIgnoreCase) ||
             name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ||
             name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        string? routeName = null;
        if (location == ParameterLocation.Path)
        {
            foreach (var routeParameter in route.Parameters)
            {
                if (routeParameter.Name == name)
                {
                    routeName = routeParameter.RouteName;
                }
            }

            if (routeName is null)
            {
                return null; // declared but not in the template: nothing to bind
            }
        }

        var inName = ParameterModel.NameOf(location);
        var shape = ParameterShape.Scalar;
        var kind = ScalarKind.String;
        var separator = '\0';
        var enumValues = EquatableArray<string>.Empty;
        string? rawReason = null;

        var schema = parameter.Schema;
        if (schema is null)
        {
            rawReason = parameter.Content is { Count: > 0 } ? "its value is described by 'content'" : null;
        }
        else
        {
            var type = WithoutNull(schema.Type);
            if (type == JsonSchemaType.Array)
            {
                shape = ParameterShape.Array;
                var items = schema.Items;
                var itemType = WithoutNull(items?.Type);
                if (itemType is JsonSchemaType.Array or JsonSchemaType.Object)
                {
                    rawReason = "arrays of arrays or objects are not parsed";
                }
                else
                {
                    kind = ScalarKindOf(itemType, items?.Format);
                    enumValues = StringEnum(items, kind);
                }

                separator = Separator(location, parameter.Style, parameter.Explode);
                if (separator == '?')
                {
                    rawReason = $"style '{parameter.Style}' is not supported for arrays in {inName}";
                }
            }
            else if (type == JsonSchemaType.Object)
            {
                rawReason = parameter.Style == ParameterStyle.DeepObject ? "style deepObject is not parsed yet" : "object parameters are not parsed yet";
            }
            else
            {
                kind = ScalarKindOf(type, schema.Format);
                enumValues = StringEnum(schema, kind);
            }

            if (rawReason is null && location == ParameterLocation.Path && parameter.Style is ParameterStyle.Matrix or ParameterStyle.Label)
            {
                rawReason = $"style '{parameter.Style}' is not parsed yet";
            }
        }

        if (rawReason is not null)
        {
            context.Report(DiagnosticDescriptors.UnparsedParameter, pointer, name, inName, rawReason);
            shape = ParameterShape.Raw;
            kind = ScalarKind.String;
            separator = '\0';
            enumValues = EquatableArray<string>.Empty;
        }

        return new ParameterModel(
            name,
            Identifiers.ToPascalCase(name),
            location,
            parameter.Required || location == ParameterLocation.Path,
            shape,
            kind,
            separator,
            enumValues,
            routeName,
            context.Locate(pointer));
    }

    /// <summary>A path parameter used in the template but never declared: a required string.</summary>
    public static ParameterModel Undeclared(RouteParameterModel routeParameter, LocationInfo location) => new(
        routeParameter.Name,
        Identifiers.ToPascalCase(routeParameter.Name),
        ParameterLocation.Path,
        Required: true,
        ParameterShape.Scalar,
        ScalarKind.String,
        '\0',
        EquatableArray<string>.Empty,
        routeParameter.RouteName,
        location);

    private static JsonSchemaType? WithoutNull(JsonSchemaType? type) =>
        type is { } value && value != JsonSchemaType.Null ? value & ~JsonSchemaType.Null : type;

    private static ScalarKind ScalarKindOf(JsonSchemaType? type, string? format) => type switch
    {
        JsonSchemaType.Integer => format == "int32" ? ScalarKind.Int32 : ScalarKind.Int64,
        JsonSchemaType.Number => format switch
        {
            "float" => ScalarKind.Single,
            "decimal" => ScalarKind.Decimal,
            _ => ScalarKind.Double,
        },
        JsonSchemaType.Boolean => ScalarKind.Boolean,
        JsonSchemaType.String => format switch
        {
            "uuid" => ScalarKind.Guid,
            "date" => ScalarKind.Date,
            "date-time" => ScalarKind.DateTime,
            "byte" => ScalarKind.Base64,
            _ => ScalarKind.String,
        },
        // No type, or several (3.1 type arrays): accept any text.
        _ => ScalarKind.String,
    };

    private static EquatableArray<string> StringEnum(IOpenApiSchema? schema, ScalarKind kind)
    {
        if (kind != ScalarKind.String || schema?.Enum is not { Count: > 0 } values)
        {
            return EquatableArray<string>.Empty;
        }

        var strings = new List<string>(values.Count);
        foreach (var value in values)
        {
            // A null member allows absence, which optionality already covers; non-strings cannot match text.
            if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
            {
                strings.Add(text);
            }
        }

        return strings.ToEquatableArray();
    }

    /// <summary>'\0' = one query item per value; '?' = unsupported style.</summary>
    private static char Separator(ParameterLocation location, ParameterStyle? style, bool explode)
    {
        switch (style)
        {
            case ParameterStyle.SpaceDelimited when location == ParameterLocation.Query:
                return ' ';
            case ParameterStyle.PipeDelimited when location == ParameterLocation.Query:
                return '|';
            case null or ParameterStyle.Form when location is ParameterLocation.Query or ParameterLocation.Cookie:
                return explode && location == ParameterLocation.Query ? '\0' : ',';
            case null or ParameterStyle.Simple when location is ParameterLocation.Path or ParameterLocation.Header:
                return ',';
            default:
                return '?';
        }
    }
}
