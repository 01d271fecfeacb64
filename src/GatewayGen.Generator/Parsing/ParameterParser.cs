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

        var style = StyleOf(parameter.Style, location);
        var schema = parameter.Schema;
        if (schema is null)
        {
            if (parameter.Content is { Count: > 0 } content)
            {
                shape = ParameterShape.Json;
                foreach (var mediaType in content.Keys)
                {
                    if (content.Count != 1 || !IsJson(mediaType))
                    {
                        shape = ParameterShape.Scalar;
                        rawReason = content.Count != 1
                            ? "its 'content' names more than one media type (OpenAPI allows one)"
                            : $"its value is described by 'content' of media type '{mediaType}', which is not JSON";
                        break;
                    }
                }
            }
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
                    rawReason = "arrays of arrays or objects are not parsed (OpenAPI's styles do not define them)";
                }
                else if (Combines(schema) || (items is not null && Combines(items)))
                {
                    // Only scalars are read into a JSON value for their whole validator; an array would be checked by half.
                    rawReason = "its schema or its items' schema combines others (allOf, anyOf, oneOf, not), which array parameters do not check";
                }
                else
                {
                    kind = ScalarKindOf(itemType, items?.Format);
                    enumValues = StringEnum(items, kind);
                }

                separator = (location == ParameterLocation.Path && style is StyleKind.Matrix or StyleKind.Label) ||
                    (location == ParameterLocation.Query && style == StyleKind.DeepObject)
                    ? '\0' // the runtime reads ";id=1,2" / ".1.2" / "expand[]=a&expand[]=b" into items
                    : Separator(location, parameter.Style, parameter.Explode);
                if (separator == '?')
                {
                    rawReason = $"style '{ParameterModel.StyleName(style)}' is not supported for arrays in {inName}";
                }
            }
            else if (type == JsonSchemaType.Object)
            {
                shape = ParameterShape.Object;
                rawReason = ObjectProblem(schema, location, style, parameter.Explode);
            }
            else
            {
                kind = ScalarKindOf(type, schema.Format);
                enumValues = StringEnum(schema, kind); // one value reads the same in every style but path matrix/label (IsStyled)
                if (style == StyleKind.DeepObject && type is null && ObjectBranches(schema) is { Count: > 0 } branches)
                {
                    // Stripe's created: anyOf [{type: object, properties: {gt, lt}}, {type: integer}]: created[gt]=1 or created=5.
                    shape = ParameterShape.Object;
                    kind = ScalarKind.String;
                    enumValues = EquatableArray<string>.Empty;
                    foreach (var branch in branches)
                    {
                        rawReason ??= ObjectProblem(branch, location, style, parameter.Explode);
                    }
                }
                else if (style == StyleKind.DeepObject && HasArrayBranch(schema))
                {
                    // anyOf [array, ""] (Stripe's subscription_default_tax_rates): neither reading covers both.
                    rawReason = "style 'deepObject' is read for an object (or anyOf/oneOf with one), an array of scalars or a scalar; this schema mixes an array with other values";
                }

                // Otherwise a deepObject scalar (Stripe's subscription_trial_end: "now" or a time) is read as name=VALUE, GatewayGen's reading.
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
            context.Locate(pointer))
        {
            Style = style,
            Explode = parameter.Explode,
        };
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

    /// <summary>Why an object parameter cannot be parsed, or null when its style and properties can be.</summary>
    private static string? ObjectProblem(IOpenApiSchema schema, ParameterLocation location, StyleKind style, bool explode)
    {
        var fits = location switch
        {
            ParameterLocation.Query => style is StyleKind.Form or StyleKind.DeepObject || (style is StyleKind.SpaceDelimited or StyleKind.PipeDelimited && !explode),
            ParameterLocation.Path => style is StyleKind.Simple or StyleKind.Matrix or StyleKind.Label,
            ParameterLocation.Header => style == StyleKind.Simple,
            _ => style == StyleKind.Form && !explode,
        };
        if (!fits)
        {
            return location == ParameterLocation.Cookie && style == StyleKind.Form
                ? "exploded cookie objects (one cookie per property) are not parsed; set explode: false"
                : $"style '{ParameterModel.StyleName(style)}'{(explode ? " (explode)" : "")} does not apply to objects in {ParameterModel.NameOf(location)}";
        }

        if (schema.Properties is { } properties)
        {
            foreach (var property in properties)
            {
                if (WithoutNull(property.Value?.Type) is JsonSchemaType.Array or JsonSchemaType.Object)
                {
                    return $"property '{property.Key}' is an array or an object, which OpenAPI's styles do not define inside an object";
                }
            }
        }

        return null;
    }

    private static bool HasArrayBranch(IOpenApiSchema schema)
    {
        foreach (var list in new[] { schema.AnyOf, schema.OneOf, schema.AllOf })
        {
            foreach (var branch in list ?? (IList<IOpenApiSchema>)Array.Empty<IOpenApiSchema>())
            {
                if (branch is not null && WithoutNull(branch.Type) == JsonSchemaType.Array)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Combines(IOpenApiSchema schema) =>
        schema.AllOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.OneOf is { Count: > 0 } || schema.Not is not null;

    private static List<IOpenApiSchema> ObjectBranches(IOpenApiSchema schema)
    {
        var branches = new List<IOpenApiSchema>();
        foreach (var list in new[] { schema.AnyOf, schema.OneOf })
        {
            foreach (var branch in list ?? (IList<IOpenApiSchema>)Array.Empty<IOpenApiSchema>())
            {
                if (branch is not null && WithoutNull(branch.Type) == JsonSchemaType.Object)
                {
                    branches.Add(branch);
                }
            }
        }

        return branches;
    }

    private static StyleKind StyleOf(ParameterStyle? style, ParameterLocation location) => style switch
    {
        ParameterStyle.Matrix => StyleKind.Matrix,
        ParameterStyle.Label => StyleKind.Label,
        ParameterStyle.Form => StyleKind.Form,
        ParameterStyle.Simple => StyleKind.Simple,
        ParameterStyle.SpaceDelimited => StyleKind.SpaceDelimited,
        ParameterStyle.PipeDelimited => StyleKind.PipeDelimited,
        ParameterStyle.DeepObject => StyleKind.DeepObject,
        _ => location is ParameterLocation.Query or ParameterLocation.Cookie ? StyleKind.Form : StyleKind.Simple,
    };

    /// <summary>application/json and any +json type: what a content parameter's JSON validator reads.</summary>
    public static bool IsJson(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
            type.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

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
