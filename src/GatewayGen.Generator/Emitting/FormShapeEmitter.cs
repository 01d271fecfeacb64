using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes the shapes of the form bodies' schemas (GatewayGen.Runtime.FormShape): for each place in a form, the
/// types its schema allows through $ref, allOf, anyOf and oneOf, so the runtime reads field text as the value a
/// JSON body would have held there. A shape stands for a set of schemas (a property named in two anyOf branches
/// has both), and shapes are shared and may be cycles, like the schemas.
/// </summary>
internal static class FormShapeEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    private const int PerMethod = 250;

    /// <summary>The schemas whose forms are validated: the form media types with a schema.</summary>
    public static IEnumerable<int> Roots(ApiModel api) =>
        api.Operations
            .Where(o => o.Validation.Body && o.Body is not null)
            .SelectMany(o => o.Body!.Contents)
            .Where(c => c.Kind is BodyContentKind.UrlEncoded or BodyContentKind.Multipart && c.Schema is not null || c.ReadsEveryBody)
            .Select(c => c.Schema!.Value);

    public static bool HasShapes(ApiModel api) => Roots(api).Any();

    /// <summary>How handlers name the shape of a form's schema: "PetsValidators.FormShapes.All[3]".</summary>
    public static string ShapeOf(ApiModel api, FormShapePlan plan, int schema) =>
        ValidatorEmitter.ClassName(api) + ".FormShapes.All[" + plan.RootOf(schema).ToString(CultureInfo.InvariantCulture) + "]";

    public static void Emit(SourceWriter writer, FormShapePlan plan)
    {
        writer.Line("/// <summary>The shapes of the form bodies' schemas: what each field may be, to read its text as a typed value.</summary>");
        writer.Line("internal static class FormShapes");
        using (writer.Braces())
        {
            var shapes = plan.Shapes;
            var methods = (shapes.Count + PerMethod - 1) / PerMethod;
            writer.Line($"public static readonly {Runtime}FormShape[] All = Build();");
            writer.Line();
            writer.Line($"private static {Runtime}FormShape[] Build()");
            using (writer.Braces())
            {
                writer.Line($"var s = {Runtime}FormShape.Create({shapes.Count.ToString(CultureInfo.InvariantCulture)});");
                for (var m = 0; m < methods; m++)
                {
                    writer.Line($"Define{m.ToString(CultureInfo.InvariantCulture)}(s);");
                }

                writer.Line("return s;");
            }

            for (var m = 0; m < methods; m++)
            {
                writer.Line();
                writer.Line($"private static void Define{m.ToString(CultureInfo.InvariantCulture)}({Runtime}FormShape[] s)");
                using (writer.Braces())
                {
                    for (var i = m * PerMethod; i < System.Math.Min(shapes.Count, (m + 1) * PerMethod); i++)
                    {
                        var shape = shapes[i];
                        var properties = string.Concat(shape.Properties.Select(p => $", ({Literals.String(p.Name)}, s[{Index(p.Shape)}])"));
                        writer.Line($"s[{Index(i)}].Define({Types(shape.Types)}, {(shape.IsBinary ? "true" : "false")}, {Ref(shape.Items)}, {Ref(shape.AdditionalProperties)}{properties});");
                    }
                }
            }
        }
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Ref(int? shape) => shape is { } i ? $"s[{Index(i)}]" : "null";

    private static string Types(SchemaTypes types)
    {
        if (types == SchemaTypes.None)
        {
            return Runtime + "JsonTypes.None";
        }

        var names = new List<string>();
        foreach (var (type, name) in new[] { (SchemaTypes.Object, "Object"), (SchemaTypes.Array, "Array"), (SchemaTypes.String, "String"), (SchemaTypes.Number, "Number"), (SchemaTypes.Integer, "Integer"), (SchemaTypes.Boolean, "Boolean"), (SchemaTypes.Null, "Null") })
        {
            if ((types & type) != 0)
            {
                names.Add(Runtime + "JsonTypes." + name);
            }
        }

        return string.Join(" | ", names);
    }
}

/// <summary>One shape: what a place in a form may hold.</summary>
internal sealed record FormShapeDefinition(SchemaTypes Types, bool IsBinary, int? Items, int? AdditionalProperties, List<(string Name, int Shape)> Properties);

/// <summary>The shapes of one API's form schemas, numbered; the same API gives the same numbers.</summary>
internal sealed class FormShapePlan
{
    /// <summary>Past this many shapes a place's shape is "any" (its text stays text): a bound for hostile documents.</summary>
    private const int MaxShapes = 20_000;

    private readonly SchemaSetModel _set;
    private readonly Dictionary<string, int> _byKey = new(System.StringComparer.Ordinal);
    private readonly Queue<(int Index, SortedSet<int> Schemas)> _pending = new();

    public FormShapePlan(ApiModel api)
    {
        _set = api.Schemas;
        foreach (var root in FormShapeEmitter.Roots(api))
        {
            Shape(new SortedSet<int> { _set.ValidatorOf(root) });
        }

        while (_pending.Count > 0)
        {
            var (index, schemas) = _pending.Dequeue();
            Shapes[index] = Define(schemas);
        }
    }

    public List<FormShapeDefinition> Shapes { get; } = new();

    public int RootOf(int schema) => _byKey[Key(new SortedSet<int> { _set.ValidatorOf(schema) })];

    private static string Key(SortedSet<int> schemas) => string.Join(",", schemas.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    private int? Shape(SortedSet<int> schemas)
    {
        if (schemas.Count == 0)
        {
            return null;
        }

        var key = Key(schemas);
        if (_byKey.TryGetValue(key, out var index))
        {
            return index;
        }

        if (Shapes.Count >= MaxShapes)
        {
            return null;
        }

        index = Shapes.Count;
        _byKey.Add(key, index);
        Shapes.Add(null!);
        _pending.Enqueue((index, schemas));
        return index;
    }

    private FormShapeDefinition Define(SortedSet<int> schemas)
    {
        var types = SchemaTypes.None;
        var binary = false;
        var properties = new List<(string Name, SortedSet<int> Schemas)>();
        var items = new SortedSet<int>();
        var additional = new SortedSet<int>();
        foreach (var node in Closure(schemas))
        {
            types |= node.Types | EnumTypes(node);
            binary |= (node.Format == "binary" || SchemaNode.IsFileMediaType(node.ContentMediaType)) && (node.Types & ~SchemaTypes.Null) is SchemaTypes.String or SchemaTypes.None;
            foreach (var property in node.Properties)
            {
                var at = properties.FindIndex(p => p.Name == property.Name);
                if (at < 0)
                {
                    properties.Add((property.Name, new SortedSet<int>()));
                    at = properties.Count - 1;
                }

                properties[at].Schemas.Add(_set.ValidatorOf(property.Schema));
            }

            foreach (var id in node.PrefixItems.Concat(node.Items is { } item ? new[] { item } : System.Array.Empty<int>()))
            {
                items.Add(_set.ValidatorOf(id));
            }

            foreach (var id in node.PatternProperties.Select(p => p.Schema).Concat(node.AdditionalProperties is { } rest ? new[] { rest } : System.Array.Empty<int>()))
            {
                if (_set.Nodes[id].Constant != false)
                {
                    additional.Add(_set.ValidatorOf(id));
                }
            }
        }

        return new FormShapeDefinition(types, binary, Shape(items), Shape(additional), properties.Select(p => (p.Name, Shape(p.Schemas) ?? -1)).Where(p => p.Item2 >= 0).ToList());
    }

    // The schemas a value must (allOf, $ref) or may (anyOf, oneOf, then/else) match: each says what the value may be.
    private IEnumerable<SchemaNode> Closure(SortedSet<int> schemas)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>(schemas.Reverse());
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (!seen.Add(id))
            {
                continue;
            }

            var node = _set.Nodes[id];
            yield return node;
            foreach (var next in new[] { node.Ref, node.Then, node.Else }.Where(n => n is not null).Select(n => n!.Value).Concat(node.AllOf).Concat(node.AnyOf).Concat(node.OneOf).Reverse())
            {
                pending.Push(next);
            }
        }
    }

    // enum and const without a type still say what the value is: enum: [1, 2] is a number.
    private static SchemaTypes EnumTypes(SchemaNode node)
    {
        var types = SchemaTypes.None;
        foreach (var value in (node.Enum ?? EquatableArray<string>.Empty).Concat(node.Const is { } constant ? new[] { constant } : System.Array.Empty<string>()))
        {
            types |= value.Length == 0 ? SchemaTypes.None : value[0] switch
            {
                '"' => SchemaTypes.String,
                't' or 'f' => SchemaTypes.Boolean,
                'n' => SchemaTypes.Null,
                '{' => SchemaTypes.Object,
                '[' => SchemaTypes.Array,
                _ => SchemaTypes.Number,
            };
        }

        return types;
    }
}
