using System;
using System.Collections.Generic;
using System.Linq;

namespace GatewayGen.Generator.Model;

/// <summary>The JSON types a schema allows; the same values as GatewayGen.Runtime.JsonTypes.</summary>
[Flags]
internal enum SchemaTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    Integer = 32,
    String = 64,
}

/// <summary>A subschema under a name: a property, a pattern (patternProperties) or a dependent property.</summary>
internal sealed record NamedSchema(string Name, int Schema);

/// <summary>dependentRequired (draft 4 "dependencies" with an array): when Name is present, so must Required be.</summary>
internal sealed record DependentRequiredModel(string Name, EquatableArray<string> Required);

/// <summary>OpenAPI's discriminator: which oneOf/anyOf branch a value's property selects.</summary>
/// <param name="Branches">
/// For each mapping entry, the index of the oneOf (else anyOf) branch it names, or -1 when the schema it names is not a
/// branch: the named schema is then checked besides the whole oneOf/anyOf.
/// </param>
internal sealed record DiscriminatorModel(string PropertyName, EquatableArray<NamedSchema> Mapping, EquatableArray<int> Branches);

/// <summary>
/// One compiled schema: the keywords that assert, with subschemas as indexes into the API's schema list (so
/// recursive schemas are plain cycles). Numbers stay as their JSON text; the emitter picks the C# type.
/// </summary>
internal sealed record SchemaNode
{
    public int Id { get; init; }

    /// <summary>Where the schema is in the document, for comments.</summary>
    public string Pointer { get; init; } = "";

    /// <summary>true or false for the boolean schemas (and {} is true); null for a schema with keywords.</summary>
    public bool? Constant { get; init; }

    public int? Ref { get; init; }

    public SchemaTypes Types { get; init; }

    public string? Format { get; init; }

    /// <summary>contentMediaType (OpenAPI 3.1, without contentEncoding): the media type a string's content is; null when not given.</summary>
    public string? ContentMediaType { get; init; }

    /// <summary>Whether a contentMediaType makes a string a file's content (image/png), not text or JSON the schema still checks.</summary>
    public static bool IsFileMediaType(string? type) =>
        type is not null && !type.StartsWith("text/", System.StringComparison.OrdinalIgnoreCase) &&
        !type.StartsWith("application/json", System.StringComparison.OrdinalIgnoreCase) && !type.Split(';')[0].Trim().EndsWith("+json", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The enum values as JSON text; null when there is no enum.</summary>
    public EquatableArray<string>? Enum { get; init; }

    /// <summary>The const value as JSON text ("null" for null); null when there is no const.</summary>
    public string? Const { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public string? ExclusiveMinimum { get; init; }

    public string? ExclusiveMaximum { get; init; }

    public string? MultipleOf { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>Index into the API's pattern list.</summary>
    public int? Pattern { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public bool UniqueItems { get; init; }

    public EquatableArray<int> PrefixItems { get; init; } = EquatableArray<int>.Empty;

    /// <summary>The schema for items after PrefixItems.</summary>
    public int? Items { get; init; }

    public int? Contains { get; init; }

    public int? MinContains { get; init; }

    public int? MaxContains { get; init; }

    public int? MinProperties { get; init; }

    public int? MaxProperties { get; init; }

    public EquatableArray<string> Required { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<NamedSchema> Properties { get; init; } = EquatableArray<NamedSchema>.Empty;

    /// <summary>Name is an index into the API's pattern list, as text.</summary>
    public EquatableArray<NamedSchema> PatternProperties { get; init; } = EquatableArray<NamedSchema>.Empty;

    public int? AdditionalProperties { get; init; }

    public int? PropertyNames { get; init; }

    public EquatableArray<DependentRequiredModel> DependentRequired { get; init; } = EquatableArray<DependentRequiredModel>.Empty;

    public EquatableArray<NamedSchema> DependentSchemas { get; init; } = EquatableArray<NamedSchema>.Empty;

    public EquatableArray<int> AllOf { get; init; } = EquatableArray<int>.Empty;

    public EquatableArray<int> AnyOf { get; init; } = EquatableArray<int>.Empty;

    public EquatableArray<int> OneOf { get; init; } = EquatableArray<int>.Empty;

    public int? Not { get; init; }

    public int? If { get; init; }

    public int? Then { get; init; }

    public int? Else { get; init; }

    public DiscriminatorModel? Discriminator { get; init; }

    /// <summary>True for {"$ref": ...} with nothing beside it.</summary>
    public bool IsRefOnly => Ref is not null && (this with { Ref = null, Id = 0, Pointer = "" }) == new SchemaNode();

    /// <summary>This schema with every subschema index passed through <paramref name="map"/>.</summary>
    public SchemaNode MapSubschemas(Func<int, int> map)
    {
        int? One(int? id) => id is { } value ? map(value) : null;
        EquatableArray<int> Many(EquatableArray<int> ids) => ids.Count == 0 ? ids : ids.Select(map).ToEquatableArray();
        EquatableArray<NamedSchema> Named(EquatableArray<NamedSchema> named) =>
            named.Count == 0 ? named : named.Select(n => n with { Schema = map(n.Schema) }).ToEquatableArray();
        return this with
        {
            Ref = One(Ref),
            Items = One(Items),
            Contains = One(Contains),
            AdditionalProperties = One(AdditionalProperties),
            PropertyNames = One(PropertyNames),
            Not = One(Not),
            If = One(If),
            Then = One(Then),
            Else = One(Else),
            PrefixItems = Many(PrefixItems),
            AllOf = Many(AllOf),
            AnyOf = Many(AnyOf),
            OneOf = Many(OneOf),
            Properties = Named(Properties),
            PatternProperties = Named(PatternProperties),
            DependentSchemas = Named(DependentSchemas),
            Discriminator = Discriminator is { } discriminator ? discriminator with { Mapping = Named(discriminator.Mapping) } : null,
        };
    }
}

/// <summary>A request body: the media types it may come as, whether it must be there, and how each is validated.</summary>
/// <param name="MediaTypes">The declared media types (may hold wildcards); the request's Content-Type must match one.</param>
/// <param name="Contents">One per declared media type, in the document's order.</param>
internal sealed record RequestBodyModel(bool Required, EquatableArray<string> MediaTypes, EquatableArray<BodyContentModel> Contents)
{
    /// <summary>Whether any media type has a schema the gateway checks.</summary>
    public bool Validates => Contents.Any(c => c.Schema is not null);
}

/// <summary>How a body of one declared media type is read: as JSON, as a form, or not at all.</summary>
internal enum BodyContentKind
{
    /// <summary>Not validated (text/plain, application/octet-stream, ...): passed through.</summary>
    Other,

    /// <summary>application/json, text/json, any +json.</summary>
    Json,

    /// <summary>A wildcard range (application/*, */*) with a schema: validated as JSON when the request is JSON.</summary>
    Wildcard,

    /// <summary>application/x-www-form-urlencoded.</summary>
    UrlEncoded,

    /// <summary>multipart/form-data.</summary>
    Multipart,
}

/// <summary>One entry of a requestBody's content.</summary>
/// <param name="MediaRange">The key without parameters ("text/plain" for "text/plain; charset=utf-8"): what a Content-Type is matched against.</param>
/// <param name="Schema">The compiled schema, when the kind is validated and the entry has one.</param>
/// <param name="Encoding">For forms: the encoding map, by property.</param>
internal sealed record BodyContentModel(string MediaRange, BodyContentKind Kind, int? Schema, EquatableArray<FormEncodingModel> Encoding)
{
    /// <summary>
    /// A wildcard range (*/*, application/*) whose schema may be an object and is no file: forms under it are read with
    /// its schema, and other bodies are checked as JSON when their bytes are JSON (a backend may parse them so).
    /// </summary>
    public bool ReadsEveryBody { get; init; }
}

/// <summary>An Encoding Object: how a form's property is sent.</summary>
/// <param name="Style">"content" when the entry has no style, explode or allowReserved (its contentType applies), else form, spaceDelimited, pipeDelimited, deepObject, or tabDelimited (Swagger 2.0's collectionFormat tsv).</param>
/// <param name="ContentTypes">encoding.contentType's media ranges; empty when not given.</param>
internal sealed record FormEncodingModel(string Name, string Style, bool Explode, EquatableArray<string> ContentTypes);

/// <summary>What an operation validates, from x-amazon-apigateway-request-validator(s).</summary>
internal sealed record ValidationModel(bool Body, bool Parameters);

/// <summary>A pattern as the document writes it (ECMA-262) and as .NET runs it.</summary>
internal sealed record PatternModel(string Source, string DotNet);

/// <summary>All compiled schemas and patterns of one API.</summary>
/// <param name="Shared">
/// For each schema, the first schema that validates exactly like it (same keywords, same subschemas): the one whose
/// validator it uses. Real documents repeat {type: string} and whole objects hundreds of times.
/// </param>
internal sealed record SchemaSetModel(EquatableArray<SchemaNode> Nodes, EquatableArray<PatternModel> Patterns, EquatableArray<int> Shared)
{
    public static readonly SchemaSetModel Empty = new(EquatableArray<SchemaNode>.Empty, EquatableArray<PatternModel>.Empty, EquatableArray<int>.Empty);

    /// <summary>The schema whose validator <paramref name="id"/> uses.</summary>
    public int ValidatorOf(int id) => id < Shared.Count ? Shared[id] : id;

    /// <summary>
    /// Whether a schema combines others (allOf, anyOf, oneOf, not, or a $ref beside its own keywords): a parameter
    /// value of it is checked by its whole validator, not by its own keywords alone.
    /// </summary>
    public bool IsComposed(int id)
    {
        var node = Target(id);
        return node.AllOf.Count > 0 || node.AnyOf.Count > 0 || node.OneOf.Count > 0 || node.Not is not null || node.Ref is not null;
    }

    /// <summary>The JSON types a value of the schema can have: its own, else those its allOf/anyOf/oneOf branches and $ref name; None when none does.</summary>
    public SchemaTypes TypesOf(int id) => TypesOf(id, new HashSet<int>());

    private SchemaTypes TypesOf(int id, HashSet<int> seen)
    {
        var node = Target(id);
        if (node.Types != SchemaTypes.None || !seen.Add(node.Id))
        {
            return node.Types;
        }

        var types = SchemaTypes.None;
        foreach (var branch in node.AllOf.Concat(node.AnyOf).Concat(node.OneOf))
        {
            types |= TypesOf(branch, seen);
        }

        return node.Ref is { } target ? types | TypesOf(target, seen) : types;
    }

    /// <summary>Follows schemas that are only a $ref to the schema that holds the keywords.</summary>
    public SchemaNode Target(int id)
    {
        var node = Nodes[id];
        for (var hops = 0; node.Ref is { } next && node.IsRefOnly && hops < 64; hops++)
        {
            node = Nodes[next];
        }

        return node;
    }
}
