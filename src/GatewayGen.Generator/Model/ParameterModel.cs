using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

internal enum ParameterLocation
{
    Path,
    Query,
    Header,
    Cookie,
}

/// <summary>The CLR type a parameter value parses to.</summary>
internal enum ScalarKind
{
    String,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Boolean,
    Guid,
    Date,
    DateTime,
    Base64,
}

internal enum ParameterShape
{
    /// <summary>One value of <see cref="ParameterModel.Kind"/>.</summary>
    Scalar,

    /// <summary>A list of values of <see cref="ParameterModel.Kind"/>.</summary>
    Array,

    /// <summary>Forwarded as the client sent it, without parsing (what GG0013 names: arrays of arrays, non-JSON content, ...).</summary>
    Raw,

    /// <summary>An object: its properties parsed by <see cref="ParameterModel.Style"/> and validated with its schema.</summary>
    Object,

    /// <summary>A <c>content: {application/json: ...}</c> parameter: JSON text validated with its schema.</summary>
    Json,
}

/// <summary>OpenAPI's style values (GatewayGen.Runtime.ParameterStyle has the same members).</summary>
internal enum StyleKind
{
    Form,
    Simple,
    Matrix,
    Label,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// <summary>A declared path, query, header or cookie parameter.</summary>
/// <param name="Name">The name on the wire.</param>
/// <param name="Identifier">A PascalCase C# identifier for the request property.</param>
/// <param name="RouteName">For path parameters: the route value name in the ASP.NET Core template.</param>
/// <param name="Separator">For arrays in one value: ',' (form/simple), ' ' (spaceDelimited) or '|' (pipeDelimited); '\0' when each value is its own query item (form, explode).</param>
/// <param name="EnumValues">Allowed values for string enums; empty when any value is allowed.</param>
internal sealed record ParameterModel(
    string Name,
    string Identifier,
    ParameterLocation In,
    bool Required,
    ParameterShape Shape,
    ScalarKind Kind,
    char Separator,
    EquatableArray<string> EnumValues,
    string? RouteName,
    LocationInfo Location)
{
    /// <summary>The compiled schema whose constraints (bounds, lengths, pattern, items) the parsed value must meet.</summary>
    public int? Schema { get; init; }

    /// <summary>The style the document gives, or the location's default (form for query and cookie, simple for path and header).</summary>
    public StyleKind Style { get; init; }

    /// <summary>The document's explode, or the style's default (true for form).</summary>
    public bool Explode { get; init; }

    /// <summary>Whether the value needs the runtime's style parsing (objects, content, matrix/label path values).</summary>
    public bool IsStyled => Shape is ParameterShape.Object or ParameterShape.Json ||
        (In == ParameterLocation.Path && Style is StyleKind.Matrix or StyleKind.Label && Shape is ParameterShape.Scalar or ParameterShape.Array);

    public string InName => NameOf(In);

    /// <summary>How errors name the parameter: "query.limit".</summary>
    public string ErrorLocation => InName + "." + Name;

    /// <summary>The name the document writes: "deepObject", "matrix".</summary>
    public static string StyleName(StyleKind style) => style switch
    {
        StyleKind.SpaceDelimited => "spaceDelimited",
        StyleKind.PipeDelimited => "pipeDelimited",
        StyleKind.DeepObject => "deepObject",
        _ => style.ToString().ToLowerInvariant(),
    };

    /// <summary>The OpenAPI name of a location: "path", "query", "header", "cookie".</summary>
    public static string NameOf(ParameterLocation location) => location switch
    {
        ParameterLocation.Path => "path",
        ParameterLocation.Query => "query",
        ParameterLocation.Header => "header",
        _ => "cookie",
    };
}
