using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>One method on one path, with everything its handler needs.</summary>
/// <param name="Name">A C# identifier, unique in its API (from operationId, else method and path).</param>
/// <param name="Methods">Upper-case HTTP methods; several for x-amazon-apigateway-any-method.</param>
/// <param name="Path">The path as the document writes it.</param>
internal sealed record OperationModel(
    string Name,
    string? OperationId,
    EquatableArray<string> Methods,
    bool IsAnyMethod,
    string Path,
    RouteModel Route,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body,
    ValidationModel Validation,
    AccessModel Access,
    IntegrationModel Integration,
    LocationInfo Location)
{
    /// <summary>Its x-gatewaygen-cache, if it has one.</summary>
    public OperationCacheSettingsModel? CacheSettings { get; init; }

    /// <summary>The request values that tell its cached answers apart: its path parameters, then the cacheKeyParameters.</summary>
    public EquatableArray<CacheKeyParameterModel> CacheKeyParameters { get; init; } = EquatableArray<CacheKeyParameterModel>.Empty;

    /// <summary>How the built stage caches it (stage resolution sets it); null: not cached.</summary>
    public OperationCacheModel? Cache { get; init; }

    /// <summary>The operation's own x-amazon-apigateway-cors, which replaces the document's for its answers.</summary>
    public CorsModel? Cors { get; init; }

    /// <summary>How people name the operation in messages: "GET /pets/{petId}".</summary>
    public string DisplayName => (IsAnyMethod ? "ANY" : Methods[0]) + " " + Path;
}

/// <summary>The ASP.NET Core route for a path, and the key two routes are compared by.</summary>
/// <param name="Template">ASP.NET Core route template, e.g. "/pets/{petId}" or "/files/{**proxy:required}".</param>
/// <param name="Key">The template with parameter names erased ("/pets/{}", "/files/{+}").</param>
/// <param name="GreedyParameter">The OpenAPI name of a trailing {name+} parameter, if any.</param>
internal sealed record RouteModel(string Template, string Key, EquatableArray<RouteParameterModel> Parameters, string? GreedyParameter);

/// <summary>A templated path segment: its OpenAPI name, the (sanitised) route value name, and where it sits.</summary>
/// <param name="Segment">The path segment that holds it, 0 for the first after the leading '/' (the runtime finds its raw text there).</param>
/// <param name="WholeSegment">Whether it fills its segment alone, as in "/pets/{petId}" (not "/{name}.{format}").</param>
internal sealed record RouteParameterModel(string Name, string RouteName, int Segment, bool WholeSegment);
