using System;
using System.Linq;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Compiles the schemas an API validates into <see cref="SchemaNode"/>s, straight from the document's JSON so
/// every keyword keeps its exact value and position. OpenAPI 3.1 documents use JSON Schema 2020-12; Swagger
/// 2.0 and OpenAPI 3.0 use their draft-4 subset (boolean exclusive bounds, $ref replaces its siblings,
/// "nullable"). $ref resolves JSON pointers, $id/id and $anchor within the document.
/// </summary>
internal sealed class SchemaCompiler
{
    /// <summary>Keywords that would change verdicts and that GatewayGen cannot check yet: a warning each.</summary>
    private static readonly string[] Unsupported = { "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef" };

    private static readonly string[] KnownFormats = { "int32", "int64", "float", "double", "date", "date-time", "uuid", "email", "uri", "ipv4", "ipv6", "byte", "binary" };

    /// <summary>
    /// How long a chain of subschemas and $refs below an operation's schema may be. Real documents need a few dozen
    /// (the corpus: 17). Compiling recurses along the chain, and sharing validators (SchemaSharing) takes a round per
    /// link, while a chain of $refs is as long as the document makes it: a longer one is cut (GG0033).
    /// </summary>
    public const int MaxDepth = 256;

    private readonly ParseContext _context;
    private readonly bool _modern;
    private readonly string _version;
    private readonly string _documentBase;
    private readonly Dictionary<string, int> _byPointer = new(StringComparer.Ordinal);
    private readonly List<SchemaNode?> _nodes = new();
    private readonly List<PatternModel> _patterns = new();
    private readonly Dictionary<string, int> _patternIndexes = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _identified; // absolute URI (with "#anchor" for anchors) -> pointer
    private int _depth; // schemas being compiled, one inside the other
    private readonly List<int> _heights = new(); // per schema: the longest chain of subschemas from it (cycles cut)

    public SchemaCompiler(ParseContext context)
    {
        _context = context;
        var version = JsonNodes.GetScalarText(context.Root?["openapi"]) ?? "";
        _modern = version.StartsWith("3.1", StringComparison.Ordinal) || version.StartsWith("3.2", StringComparison.Ordinal);
        _version = version;
        _documentBase = "file:///" + Uri.EscapeDataString(System.IO.Path.GetFileName(context.Document.Path));
    }

    public SchemaNode Node(int id) => _nodes[id]!;

    public SchemaSetModel ToModel()
    {
        if (_nodes.Count == 0)
        {
            return SchemaSetModel.Empty;
        }

        NameDiscriminatorBranches();
        BreakInPlaceCycles();
        var nodes = _nodes.ConvertAll(n => n!);
        var shared = SchemaSharing.Find(nodes);

        // Subschemas point at the shared validator, so schemas nobody uses any more are never emitted.
        return new SchemaSetModel(nodes.ConvertAll(n => n.MapSubschemas(child => shared[child])).ToEquatableArray(), _patterns.ToEquatableArray(), shared.ToEquatableArray());
    }

    /// <summary>
    /// A schema that reaches itself again without descending into a property or item ($ref, allOf, anyOf, oneOf,
    /// not, if/then/else, dependentSchemas, discriminator) would recurse for ever on any value and overflow the
    /// gateway's stack. Each such reference is reported (GG0028) and treated as true, so the rest still validates.
    /// </summary>
    private void BreakInPlaceCycles()
    {
        var state = new byte[_nodes.Count]; // 0 unvisited, 1 on the path, 2 done
        int? alwaysTrue = null;

        // Depth first with a stack of its own: a chain of $refs is as long as the document makes it.
        var path = new Stack<(int Id, IEnumerator<int> Targets)>();
        for (var root = 0; root < state.Length; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            state[root] = 1;
            path.Push((root, InPlaceTargets(_nodes[root]!).GetEnumerator()));
            while (path.Count > 0)
            {
                var (id, targets) = path.Peek();
                if (!targets.MoveNext())
                {
                    state[id] = 2;
                    path.Pop();
                    continue;
                }

                var target = targets.Current;
                if (target < state.Length && state[target] == 1)
                {
                    var node = _nodes[id]!;
                    _context.Report(DiagnosticDescriptors.CircularSchema, node.Pointer, _nodes[target]!.Pointer);
                    alwaysTrue ??= AddAlwaysTrue();
                    _nodes[id] = Redirect(node, target, alwaysTrue.Value);
                }
                else if (target < state.Length && state[target] == 0)
                {
                    state[target] = 1;
                    path.Push((target, InPlaceTargets(_nodes[target]!).GetEnumerator()));
                }
            }
        }
    }

    /// <summary>
    /// Without a mapping entry, a discriminator value names the schema a oneOf/anyOf branch refers to ("Cat" for
    /// {$ref: '#/components/schemas/Cat'}). Those names go into the mapping now, while branches are still
    /// references; schemas that validate alike are shared later and would lose them. Each entry also learns which
    /// branch it names, and a discriminator whose property is not required is reported (GG0060).
    /// </summary>
    private void NameDiscriminatorBranches()
    {
        for (var id = 0; id < _nodes.Count; id++)
        {
            if (_nodes[id] is not { Discriminator: { } discriminator } node)
            {
                continue;
            }

            var branches = node.OneOf.Count > 0 ? node.OneOf : node.AnyOf;
            CheckDiscriminatorRequired(node, discriminator, branches);
            if (branches.Count == 0)
            {
                // The allOf form (a parent its children extend) selects nothing when validating: OpenAPI 3.1.1 and 3.0.4.
                _nodes[id] = node with { Discriminator = null };
                continue;
            }

            var mapping = discriminator.Mapping.ToList();
            foreach (var branch in branches)
            {
                if (_nodes[branch]?.Ref is { } target && _nodes[target] is { } referenced)
                {
                    var name = JsonPointer.Split(referenced.Pointer) is { Count: > 0 } segments ? segments[segments.Count - 1] : "";
                    if (name.Length > 0 && !mapping.Any(m => m.Name == name))
                    {
                        mapping.Add(new NamedSchema(name, branch));
                    }
                }
            }

            var indexes = mapping.Select(m => branches.ToList().FindIndex(branch => RefTarget(branch) == RefTarget(m.Schema))).ToEquatableArray();
            _nodes[id] = node with { Discriminator = discriminator with { Mapping = mapping.ToEquatableArray(), Branches = indexes } };
        }
    }

    /// <summary>The schema that holds the keywords, past schemas that are only a $ref.</summary>
    private int RefTarget(int id)
    {
        for (var hops = 0; _nodes[id] is { Ref: { } next } node && node.IsRefOnly && hops < MaxDepth; hops++)
        {
            id = next;
        }

        return id;
    }

    /// <summary>
    /// OpenAPI wants the discriminator property required (3.0: MUST, 3.1.1: SHOULD, "the behavior when the property is
    /// absent is undefined"). Real documents leave it out, so it is a warning; such a value is validated without the hint.
    /// </summary>
    private void CheckDiscriminatorRequired(SchemaNode node, DiscriminatorModel discriminator, EquatableArray<int> branches)
    {
        var name = discriminator.PropertyName;
        if (Requires(node.Id, name, new HashSet<int>()) || (branches.Count > 0 && branches.All(branch => Requires(branch, name, new HashSet<int>()))))
        {
            return;
        }

        var keyword = node.OneOf.Count > 0 ? "oneOf" : "anyOf";
        var consequence = branches.Count == 0
            ? "the discriminator does not change what the schema accepts"
            : $"a value without it is validated against the {keyword} schemas alone";
        _context.Report(DiagnosticDescriptors.DiscriminatorNotRequired, JsonPointer.Append(JsonPointer.Append(node.Pointer, "discriminator"), "propertyName"), SchemaName(node.Pointer), name, consequence);
    }

    /// <summary>Whether the schema, its $ref or one of its allOf parts (each visited once: cycles are still in place) requires the property.</summary>
    private bool Requires(int id, string name, HashSet<int> visited)
    {
        if (!visited.Add(id) || _nodes[id] is not { } node)
        {
            return false;
        }

        return node.Required.Contains(name) || (node.Ref is { } target && Requires(target, name, visited)) || node.AllOf.Any(part => Requires(part, name, visited));
    }

    /// <summary>A component's name ("Pet" for /components/schemas/Pet), else the schema's pointer.</summary>
    private static string SchemaName(string pointer)
    {
        var segments = JsonPointer.Split(pointer);
        return segments.Count == 3 && segments[0] == "components" && segments[1] == "schemas" ? segments[2]
            : segments.Count == 2 && segments[0] == "definitions" ? segments[1]
            : "#" + pointer;
    }

    private int AddAlwaysTrue()
    {
        var id = _nodes.Count;
        _nodes.Add(new SchemaNode { Id = id, Pointer = "", Constant = true });
        return id;
    }

    private static IEnumerable<int> InPlaceTargets(SchemaNode node)
    {
        foreach (var single in new[] { node.Ref, node.Not, node.If, node.Then, node.Else })
        {
            if (single is { } id)
            {
                yield return id;
            }
        }

        foreach (var id in node.AllOf.Concat(node.AnyOf).Concat(node.OneOf))
        {
            yield return id;
        }

        foreach (var named in node.DependentSchemas.Concat(node.Discriminator?.Mapping ?? EquatableArray<NamedSchema>.Empty))
        {
            yield return named.Schema;
        }
    }

    private static SchemaNode Redirect(SchemaNode node, int from, int to)
    {
        int? One(int? id) => id == from ? to : id;
        EquatableArray<int> Many(EquatableArray<int> ids) => ids.Select(id => id == from ? to : id).ToEquatableArray();
        EquatableArray<NamedSchema> Named(EquatableArray<NamedSchema> named) => named.Select(n => n.Schema == from ? n with { Schema = to } : n).ToEquatableArray();
        return node with
        {
            Ref = One(node.Ref),
            Not = One(node.Not),
            If = One(node.If),
            Then = One(node.Then),
            Else = One(node.Else),
            AllOf = Many(node.AllOf),
            AnyOf = Many(node.AnyOf),
            OneOf = Many(node.OneOf),
            DependentSchemas = Named(node.DependentSchemas),
            Discriminator = node.Discriminator is { } discriminator ? discriminator with { Mapping = Named(discriminator.Mapping) } : null,
        };
    }

    /// <summary>The schema at <paramref name="pointer"/>, or null when nothing is there.</summary>
    public int? Compile(string pointer)
    {
        var node = JsonPointer.Resolve(_context.Root, pointer);
        return node is null ? null : Compile(pointer, node, BaseOf(pointer));
    }

    /// <summary>
    /// The form body Swagger 2.0 "in: formData" parameters describe, as OpenAPI 3 writes it: an object with one property
    /// per parameter (each parameter is its own schema; type file is a string of format binary), required as the
    /// parameters say. <paramref name="pointer"/> names the schema (for comments); no document node is there.
    /// </summary>
    public int CompileFormParameters(string pointer, IReadOnlyList<(string Name, string Pointer)> parameters, IEnumerable<string> required)
    {
        if (_byPointer.TryGetValue(pointer, out var existing))
        {
            return existing;
        }

        var properties = new List<NamedSchema>();
        foreach (var (name, at) in parameters)
        {
            if (Compile(at) is not { } property)
            {
                continue;
            }

            if (JsonNodes.GetString((Resolve(at) as JsonObject)?["type"]) == "file" && _nodes[property] is { } file)
            {
                _nodes[property] = file with { Types = SchemaTypes.String, Format = "binary" };
            }

            properties.Add(new NamedSchema(name, property));
        }

        var id = _nodes.Count;
        _nodes.Add(new SchemaNode { Id = id, Pointer = pointer, Types = SchemaTypes.Object, Properties = properties.ToEquatableArray(), Required = required.ToEquatableArray() });
        _heights.Add(1 + properties.Select(p => _heights[p.Schema]).DefaultIfEmpty(0).Max());
        _byPointer.Add(pointer, id);
        return id;
    }

    private int Compile(string pointer, JsonNode node, string baseUri)
    {
        if (_byPointer.TryGetValue(pointer, out var existing))
        {
            return existing;
        }

        var id = _nodes.Count;
        _nodes.Add(null);
        _heights.Add(0);
        _byPointer.Add(pointer, id);
        if (_depth > MaxDepth || !HasStack())
        {
            // Usually a $ref stops first (ResolveReference); this is where subschemas nested below one cross the limit.
            _context.Report(DiagnosticDescriptors.ReferenceExpansionLimit, pointer, "#" + pointer, $"it lies more than {MaxDepth} subschemas and $refs below an operation's schema; it is treated as true");
            _nodes[id] = new SchemaNode { Id = id, Pointer = pointer, Constant = true };
            return id;
        }

        _depth++;
        try
        {
            _nodes[id] = node switch
            {
                JsonValue value when value.TryGetValue<bool>(out var constant) => new SchemaNode { Id = id, Pointer = pointer, Constant = constant },
                JsonObject schema => Build(id, pointer, schema, baseUri),
                _ => Invalid(id, pointer, "a schema must be an object" + (_modern ? " or a boolean" : "")),
            };
        }
        finally
        {
            _depth--;
            _nodes[id] ??= new SchemaNode { Id = id, Pointer = pointer, Constant = true }; // an exception left it unbuilt
        }

        var height = 0;
        _nodes[id]!.MapSubschemas(child =>
        {
            height = Math.Max(height, _heights[child]); // 0 for a schema still being compiled: a cycle
            return child;
        });
        _heights[id] = height + 1;
        return id;
    }

    /// <summary>The last guard: whatever the depth, compiling never takes the compiler's stack.</summary>
    private static bool HasStack()
    {
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return true;
        }
        catch (InsufficientExecutionStackException)
        {
            return false;
        }
    }

    private SchemaNode Invalid(int id, string pointer, string reason)
    {
        _context.Report(DiagnosticDescriptors.InvalidSchema, pointer, reason);
        return new SchemaNode { Id = id, Pointer = pointer, Constant = true };
    }

    private SchemaNode Build(int id, string pointer, JsonObject schema, string baseUri)
    {
        baseUri = OwnBase(schema, baseUri);
        var node = new SchemaNode { Id = id, Pointer = pointer };
        if (schema.Count == 0)
        {
            return node with { Constant = true };
        }

        if (schema["$ref"] is { } reference)
        {
            node = node with { Ref = ResolveReference(reference, JsonPointer.Append(pointer, "$ref"), baseUri) };
            if (!_modern)
            {
                return node; // draft 4 and OpenAPI 3.0: $ref replaces everything beside it
            }
        }

        foreach (var member in schema)
        {
            var key = member.Key;
            var value = member.Value;
            var at = JsonPointer.Append(pointer, key);
            switch (key)
            {
                case "type":
                    node = node with { Types = ReadTypes(value, at) };
                    break;
                case "nullable" or "x-nullable":
                    break; // applied below, once "type" is known
                case "format":
                    var format = JsonNodes.GetString(value);
                    node = node with { Format = format is not null && Array.IndexOf(KnownFormats, format) >= 0 ? format : null };
                    break;
                case "enum":
                    node = node with { Enum = value is JsonArray values ? Texts(values) : Bad<EquatableArray<string>?>(at, "enum must be an array") };
                    break;
                case "const":
                    node = node with { Const = JsonNodes.ToJson(value) };
                    break;
                case "minimum":
                    node = node with { Minimum = Number(value, at) };
                    break;
                case "maximum":
                    node = node with { Maximum = Number(value, at) };
                    break;
                case "exclusiveMinimum" when value is JsonValue bound && !bound.TryGetValue<bool>(out _):
                    node = node with { ExclusiveMinimum = Number(value, at) };
                    break;
                case "exclusiveMaximum" when value is JsonValue bound && !bound.TryGetValue<bool>(out _):
                    node = node with { ExclusiveMaximum = Number(value, at) };
                    break;
                case "multipleOf":
                    var divisor = Number(value, at);
                    node = node with { MultipleOf = divisor is null || JsonNumberText.IsPositive(divisor) ? divisor : Bad<string?>(at, "multipleOf must be a number greater than 0") };
                    break;
                case "minLength":
                    node = node with { MinLength = Count(value, at) };
                    break;
                case "maxLength":
                    node = node with { MaxLength = Count(value, at) };
                    break;
                case "pattern":
                    node = node with { Pattern = Pattern(value, at) };
                    break;
                case "minItems":
                    node = node with { MinItems = Count(value, at) };
                    break;
                case "maxItems":
                    node = node with { MaxItems = Count(value, at) };
                    break;
                case "uniqueItems":
                    node = node with { UniqueItems = JsonNodes.IsTrue(value) };
                    break;
                case "minProperties":
                    node = node with { MinProperties = Count(value, at) };
                    break;
                case "maxProperties":
                    node = node with { MaxProperties = Count(value, at) };
                    break;
                case "minContains" when _modern:
                    node = node with { MinContains = Count(value, at) };
                    break;
                case "maxContains" when _modern:
                    node = node with { MaxContains = Count(value, at) };
                    break;
                case "required" when value is JsonArray names:
                    node = node with { Required = Strings(names) };
                    break;
                case "properties":
                    node = node with { Properties = Map(value, at, baseUri) };
                    break;
                case "patternProperties":
                    node = node with { PatternProperties = PatternMap(value, at, baseUri) };
                    break;
                case "additionalProperties":
                    node = node with { AdditionalProperties = Compile(at, value!, baseUri) };
                    break;
                case "propertyNames":
                    node = node with { PropertyNames = Compile(at, value!, baseUri) };
                    break;
                case "items" when value is JsonArray tuple:
                    node = node with { PrefixItems = List(tuple, at, baseUri) };
                    break;
                case "items":
                    node = node with { Items = Compile(at, value!, baseUri) };
                    break;
                case "additionalItems" when !_modern && schema["items"] is JsonArray:
                    node = node with { Items = Compile(at, value!, baseUri) };
                    break;
                case "prefixItems" when value is JsonArray prefix:
                    node = node with { PrefixItems = List(prefix, at, baseUri) };
                    break;
                case "contains":
                    node = node with { Contains = Compile(at, value!, baseUri) };
                    break;
                case "allOf" when value is JsonArray all:
                    node = node with { AllOf = List(all, at, baseUri) };
                    break;
                case "anyOf" when value is JsonArray any:
                    node = node with { AnyOf = List(any, at, baseUri) };
                    break;
                case "oneOf" when value is JsonArray one:
                    node = node with { OneOf = List(one, at, baseUri) };
                    break;
                case "not":
                    node = node with { Not = Compile(at, value!, baseUri) };
                    break;
                case "if" when _modern:
                    node = node with { If = Compile(at, value!, baseUri) };
                    break;
                case "then" when _modern:
                    node = node with { Then = Compile(at, value!, baseUri) };
                    break;
                case "else" when _modern:
                    node = node with { Else = Compile(at, value!, baseUri) };
                    break;
                case "dependentRequired" when value is JsonObject required:
                    node = node with { DependentRequired = DependentRequired(required) };
                    break;
                case "dependentSchemas":
                    node = node with { DependentSchemas = Map(value, at, baseUri) };
                    break;
                case "dependencies" when value is JsonObject dependencies:
                    node = Dependencies(node, dependencies, at, baseUri);
                    break;
                case "discriminator" when value is JsonObject discriminator:
                    // Only beside oneOf/anyOf does the mapping lead anywhere a value is validated; a parent's mapping to
                    // its children (the allOf form) is left alone, or every child would reach itself through the parent.
                    node = node with { Discriminator = Discriminator(discriminator, at, baseUri, schema["oneOf"] is JsonArray || schema["anyOf"] is JsonArray) };
                    break;
                case "contentMediaType" when _modern && schema["contentEncoding"] is null:
                    // An annotation; a form reads a part of such a string as a file (OpenAPI 3.1's way to write one).
                    node = node with { ContentMediaType = JsonNodes.GetString(value) };
                    break;
                default:
                    if (Array.IndexOf(Unsupported, key) >= 0)
                    {
                        _context.Report(DiagnosticDescriptors.UnsupportedSchemaKeyword, at, key);
                    }

                    break;
            }
        }

        // draft 4: a boolean exclusiveMinimum/Maximum makes minimum/maximum exclusive
        if (JsonNodes.IsTrue(schema["exclusiveMinimum"]) && node.Minimum is { } minimum)
        {
            node = node with { Minimum = null, ExclusiveMinimum = minimum };
        }

        if (JsonNodes.IsTrue(schema["exclusiveMaximum"]) && node.Maximum is { } maximum)
        {
            node = node with { Maximum = null, ExclusiveMaximum = maximum };
        }

        if (node.Types != SchemaTypes.None && ((!_modern && JsonNodes.IsTrue(schema["nullable"])) || JsonNodes.IsTrue(schema["x-nullable"])))
        {
            node = node with { Types = node.Types | SchemaTypes.Null };
        }

        if (_modern && JsonNodes.IsTrue(schema["nullable"]))
        {
            var type = JsonNodes.GetString(schema["type"]);
            var effect = (node.Types & SchemaTypes.Null) != 0 || node.Types == SchemaTypes.None
                ? "whether null is accepted is up to the schema's other keywords"
                : $"this schema does not accept null; write type: [{type ?? "..."}, 'null'] to allow it";
            _context.Report(DiagnosticDescriptors.NullableInOpenApi31, JsonPointer.Append(pointer, "nullable"), _version, effect);
        }

        return node;
    }

    private string OwnBase(JsonObject schema, string baseUri)
    {
        var id = _modern ? JsonNodes.GetString(schema["$id"]) : schema["$ref"] is null ? JsonNodes.GetString(schema["id"]) : null;
        if (id is null || id.StartsWith("#", StringComparison.Ordinal))
        {
            return baseUri;
        }

        SchemaUris.Split(SchemaUris.Resolve(baseUri, id), out var resolved, out _);
        return resolved;
    }

    /// <summary>The base URI in effect at a pointer: the document's, changed by every $id on the way down.</summary>
    private string BaseOf(string pointer)
    {
        var baseUri = _documentBase;
        JsonNode? node = _context.Root;
        foreach (var segment in JsonPointer.Split(pointer))
        {
            node = JsonPointer.Resolve(node, JsonPointer.Append("", segment));
            if (node is JsonObject schema)
            {
                baseUri = OwnBase(schema, baseUri);
            }
        }

        return baseUri;
    }

    private int? ResolveReference(JsonNode reference, string at, string baseUri)
    {
        var text = JsonNodes.GetString(reference);
        if (text is null)
        {
            _context.Report(DiagnosticDescriptors.UnresolvedSchemaReference, at, "(not a string)", "$ref must be a string");
            return null;
        }

        var target = FindTarget(SchemaUris.Resolve(baseUri, text));
        if (target is null || Resolve(target) is not { } node)
        {
            _context.Report(DiagnosticDescriptors.UnresolvedSchemaReference, at, text, "no schema in this document has that address; remote references are not fetched");
            return null;
        }

        // A schema compiled before brings its own chain along.
        var below = _byPointer.TryGetValue(target, out var compiled) ? _heights[compiled] : 1;
        if (_depth + below > MaxDepth)
        {
            _context.Report(DiagnosticDescriptors.ReferenceExpansionLimit, at, text, $"it would make a chain of more than {MaxDepth} subschemas and $refs below an operation's schema; the reference is treated as true");
            return null;
        }

        return Compile(target, node, BaseOf(target));
    }

    private JsonNode? Resolve(string pointer) => JsonPointer.Resolve(_context.Root, pointer);

    /// <summary>The pointer an absolute reference names: a JSON pointer within a resource, or an $id/$anchor.</summary>
    private string? FindTarget(string absolute)
    {
        SchemaUris.Split(absolute, out var resource, out var fragment);
        string? resourcePointer = resource == _documentBase ? "" : null;
        if (resourcePointer is null)
        {
            Identified().TryGetValue(resource, out resourcePointer);
        }

        if (fragment is null || fragment.Length == 0)
        {
            return resourcePointer;
        }

        if (fragment.StartsWith("/", StringComparison.Ordinal))
        {
            if (resourcePointer is null)
            {
                return null;
            }

            // Fragments are URI-encoded JSON pointers; re-escape each segment for the pointer string.
            var pointer = resourcePointer;
            foreach (var segment in JsonPointer.Split("#" + fragment))
            {
                pointer = JsonPointer.Append(pointer, segment);
            }

            return pointer;
        }

        return Identified().TryGetValue(resource + "#" + fragment, out var anchored) ? anchored : null;
    }

    /// <summary>Every $id and $anchor in the document (draft 4: id, with "#name" ids as anchors), found once on demand.</summary>
    private Dictionary<string, string> Identified()
    {
        if (_identified is null)
        {
            _identified = new Dictionary<string, string>(StringComparer.Ordinal);
            Scan(_context.Root, "", _documentBase);
        }

        return _identified;
    }

    private void Scan(JsonNode? node, string pointer, string baseUri)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Scan(array[i], JsonPointer.Append(pointer, i), baseUri);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        var own = OwnBase(obj, baseUri);
        if (own != baseUri)
        {
            baseUri = own;
            Register(baseUri, pointer);
        }

        var anchor = _modern
            ? JsonNodes.GetString(obj["$anchor"]) ?? JsonNodes.GetString(obj["$dynamicAnchor"])
            : obj["$ref"] is null && JsonNodes.GetString(obj["id"]) is { } id && id.StartsWith("#", StringComparison.Ordinal) ? id : null;
        if (anchor is not null)
        {
            Register(baseUri + "#" + anchor.TrimStart('#'), pointer);
        }

        foreach (var member in obj)
        {
            // Values, not schemas: an "id" inside an example is not a schema's id.
            if (member.Key is "enum" or "const" or "example" or "examples" or "default")
            {
                continue;
            }

            Scan(member.Value, JsonPointer.Append(pointer, member.Key), baseUri);
        }
    }

    private void Register(string uri, string pointer)
    {
        if (!_identified!.ContainsKey(uri))
        {
            _identified.Add(uri, pointer);
        }
    }

    private SchemaTypes ReadTypes(JsonNode? value, string at)
    {
        var types = SchemaTypes.None;
        foreach (var name in value is JsonArray list ? Strings(list) : new EquatableArray<string>(new[] { JsonNodes.GetString(value) ?? "" }))
        {
            types |= name switch
            {
                "null" => SchemaTypes.Null,
                "boolean" => SchemaTypes.Boolean,
                "object" => SchemaTypes.Object,
                "array" => SchemaTypes.Array,
                "number" => SchemaTypes.Number,
                "integer" => SchemaTypes.Integer,
                "string" => SchemaTypes.String,
                "file" => SchemaTypes.None, // Swagger 2.0 form uploads: not JSON
                _ => Bad<SchemaTypes>(at, $"'{name}' is not a JSON Schema type"),
            };
        }

        return types;
    }

    private string? Number(JsonNode? value, string at)
    {
        if (value is JsonValue number)
        {
            // The literal as the document writes it: a decimal would round 1e-29 to 0, a double 35 digits to 17.
            if (number.TryGetValue<System.Text.Json.JsonElement>(out var element) && element.ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                return element.GetRawText();
            }

            if (number.TryGetValue<long>(out var integer))
            {
                return integer.ToString(CultureInfo.InvariantCulture);
            }

            if (number.TryGetValue<decimal>(out var exact))
            {
                return exact.ToString(CultureInfo.InvariantCulture);
            }

            if (number.TryGetValue<double>(out var real))
            {
                return real.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return Bad<string?>(at, "must be a number");
    }

    private int? Count(JsonNode? value, string at) =>
        JsonNodes.TryGetInt32(value, out var count) && count >= 0 ? count : Bad<int?>(at, "must be a non-negative integer");

    private int? Pattern(JsonNode? value, string at)
    {
        if (JsonNodes.GetString(value) is not { } source)
        {
            return Bad<int?>(at, "pattern must be a string");
        }

        if (_patternIndexes.TryGetValue(source, out var index))
        {
            return index;
        }

        var dotNet = EcmaPattern.ToDotNet(source);
        if (EcmaPattern.Check(dotNet) is { } problem)
        {
            _context.Report(DiagnosticDescriptors.InvalidPattern, at, source, problem);
            return null;
        }

        index = _patterns.Count;
        _patterns.Add(new PatternModel(source, dotNet));
        _patternIndexes.Add(source, index);
        return index;
    }

    private EquatableArray<NamedSchema> Map(JsonNode? value, string at, string baseUri)
    {
        if (value is not JsonObject map)
        {
            return Bad<EquatableArray<NamedSchema>>(at, "must be an object of schemas");
        }

        var schemas = new List<NamedSchema>();
        foreach (var member in map)
        {
            schemas.Add(new NamedSchema(member.Key, Compile(JsonPointer.Append(at, member.Key), member.Value!, baseUri)));
        }

        return schemas.ToEquatableArray();
    }

    private EquatableArray<NamedSchema> PatternMap(JsonNode? value, string at, string baseUri)
    {
        var schemas = new List<NamedSchema>();
        foreach (var named in Map(value, at, baseUri))
        {
            if (Pattern(JsonValue.Create(named.Name), JsonPointer.Append(at, named.Name)) is { } pattern)
            {
                schemas.Add(named with { Name = pattern.ToString(CultureInfo.InvariantCulture) });
            }
        }

        return schemas.ToEquatableArray();
    }

    private EquatableArray<int> List(JsonArray values, string at, string baseUri)
    {
        var ids = new int[values.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Compile(JsonPointer.Append(at, i), values[i]!, baseUri);
        }

        return new EquatableArray<int>(ids);
    }

    private static EquatableArray<DependentRequiredModel> DependentRequired(JsonObject map)
    {
        var list = new List<DependentRequiredModel>();
        foreach (var member in map)
        {
            if (member.Value is JsonArray names)
            {
                list.Add(new DependentRequiredModel(member.Key, Strings(names)));
            }
        }

        return list.ToEquatableArray();
    }

    // draft 4 "dependencies": an array is dependentRequired, a schema is dependentSchemas.
    private SchemaNode Dependencies(SchemaNode node, JsonObject map, string at, string baseUri)
    {
        var schemas = new List<NamedSchema>();
        foreach (var member in map)
        {
            if (member.Value is JsonObject or JsonValue)
            {
                schemas.Add(new NamedSchema(member.Key, Compile(JsonPointer.Append(at, member.Key), member.Value!, baseUri)));
            }
        }

        return node with { DependentRequired = DependentRequired(map), DependentSchemas = schemas.ToEquatableArray() };
    }

    private DiscriminatorModel? Discriminator(JsonObject discriminator, string at, string baseUri, bool selects)
    {
        if (JsonNodes.GetString(discriminator["propertyName"]) is not { } propertyName)
        {
            return Bad<DiscriminatorModel?>(JsonPointer.Append(at, "propertyName"), "discriminator needs a propertyName");
        }

        var mapping = new List<NamedSchema>();
        if (selects && discriminator["mapping"] is JsonObject map)
        {
            foreach (var member in map)
            {
                if (JsonNodes.GetString(member.Value) is { } target)
                {
                    // A mapping value is a reference, or a bare schema name under components/schemas.
                    var reference = target.Contains("#") || target.Contains("/") ? target : "#/components/schemas/" + target;
                    if (ResolveReference(JsonValue.Create(reference), JsonPointer.Append(JsonPointer.Append(at, "mapping"), member.Key), baseUri) is { } id)
                    {
                        mapping.Add(new NamedSchema(member.Key, id));
                    }
                }
            }
        }

        return new DiscriminatorModel(propertyName, mapping.ToEquatableArray(), EquatableArray<int>.Empty);
    }

    private static EquatableArray<string> Texts(JsonArray values)
    {
        var texts = new string[values.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = JsonNodes.ToJson(values[i]);
        }

        return new EquatableArray<string>(texts);
    }

    private static EquatableArray<string> Strings(JsonArray values)
    {
        var strings = new List<string>();
        foreach (var value in values)
        {
            if (JsonNodes.GetString(value) is { } text)
            {
                strings.Add(text);
            }
        }

        return strings.ToEquatableArray();
    }

    private T Bad<T>(string at, string reason)
    {
        _context.Report(DiagnosticDescriptors.InvalidSchema, at, reason);
        return default!;
    }
}
