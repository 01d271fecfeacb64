using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Emits the schema constraints of a parameter on its parsed value: bounds and multipleOf for numbers, lengths,
/// pattern and string formats for text, item counts and uniqueness for arrays (and the item constraints on
/// every item). Each broken constraint adds one error. Parameters the runtime parses by style (objects, content,
/// matrix/label path values) get a static StyledParameter field naming their style and schema validator instead.
/// </summary>
internal sealed class ParameterSchemaContext
{
    private const string Checks = "global::GatewayGen.Runtime.ParameterChecks.";
    private const string Runtime = "global::GatewayGen.Runtime.";
    private readonly SchemaSetModel _schemas;
    private readonly string _patternsClass;
    private readonly string _validatorsClass;
    private readonly List<string> _styledFields = new();

    public ParameterSchemaContext(SchemaSetModel schemas, string validatorsClass)
    {
        _schemas = schemas;
        _validatorsClass = validatorsClass;
        _patternsClass = validatorsClass + ".Patterns";
    }

    /// <summary>The static StyledParameter fields the handlers use, one declaration each.</summary>
    public IReadOnlyList<string> StyledFields => _styledFields;

    /// <summary>
    /// Declares a static GatewayGen.Runtime.StyledParameter for a parameter the runtime parses by style (objects,
    /// content, matrix/label path values) and returns its name; with <paramref name="validate"/> it names the schema's validator.
    /// </summary>
    public string StyledField(ParameterModel parameter, OperationModel operation, bool validate)
    {
        var field = "Styled" + (_styledFields.Count + 1).ToString(CultureInfo.InvariantCulture);
        var init = new List<string>
        {
            $"Style = {Runtime}ParameterStyle.{parameter.Style}",
            $"Explode = {(parameter.Explode ? "true" : "false")}",
        };
        if (parameter.Required)
        {
            init.Add("Required = true");
        }

        if (parameter.In == ParameterLocation.Path)
        {
            init.Add($"RouteName = {Literals.String(parameter.RouteName ?? parameter.Name)}");
            foreach (var routeParameter in operation.Route.Parameters)
            {
                // The raw segment text is only told apart for a value that fills its segment alone.
                if (routeParameter.Name == parameter.Name && routeParameter.WholeSegment && routeParameter.Name != operation.Route.GreedyParameter)
                {
                    init.Add($"Segment = {routeParameter.Segment.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        if (parameter.Shape == ParameterShape.Object && Node(parameter.Schema) is { } node)
        {
            var properties = new List<(string Name, SchemaTypes Types)>();
            CollectProperties(node, properties, new HashSet<int>());
            if (properties.Count > 0)
            {
                init.Add($"Properties = {Literals.StringArray(properties.ConvertAll(p => p.Name))}");
                init.Add($"PropertyTypes = new[] {{ {string.Join(", ", properties.ConvertAll(p => Types(p.Types)))} }}");
            }

            if (node.AdditionalProperties is { } additional && _schemas.Target(additional).Types != SchemaTypes.None)
            {
                init.Add($"OtherTypes = {Types(_schemas.Target(additional).Types)}");
            }

            // deepObject over anyOf/oneOf of an object and a scalar (created[gt]=1 or created=5): the scalar's types.
            var scalarTypes = SchemaTypes.None;
            if (node.Types == SchemaTypes.None)
            {
                foreach (var branch in node.AnyOf.Concat(node.OneOf))
                {
                    scalarTypes |= _schemas.Target(branch).Types & ~SchemaTypes.Object;
                }
            }

            if (scalarTypes != SchemaTypes.None)
            {
                init.Add($"ScalarTypes = {Types(scalarTypes)}");
            }
        }

        if (parameter.Shape == ParameterShape.Object && parameter.Style == StyleKind.Form && parameter.Explode && parameter.In == ParameterLocation.Query)
        {
            var others = new List<string>();
            foreach (var other in operation.Parameters)
            {
                if (other.In == ParameterLocation.Query && other != parameter)
                {
                    others.Add(other.Name);
                }
            }

            if (others.Count > 0)
            {
                init.Add($"OtherParameters = {Literals.StringArray(others)}");
            }
        }

        if (validate && parameter.Shape is ParameterShape.Object or ParameterShape.Json && parameter.Schema is { } schema)
        {
            init.Add($"Validator = {_validatorsClass}.{ValidatorEmitter.MethodName(_schemas.ValidatorOf(schema))}");
        }
        else if (validate && parameter.Shape == ParameterShape.Json)
        {
            init.Add($"Validator = {Runtime}StyledParameters.AnyJson"); // no schema: still JSON
        }

        _styledFields.Add($"private static readonly {Runtime}StyledParameter {field} = new({Literals.String(parameter.Name)}, {Literals.String(parameter.InName)}) {{ {string.Join(", ", init)} }};");
        return field;
    }

    /// <summary>A scalar whose schema combines others (anyOf, oneOf, allOf, not, $ref beside keywords): its whole validator checks it.</summary>
    public bool IsComposed(ParameterModel parameter) => parameter.Shape == ParameterShape.Scalar && parameter.Schema is { } id && _schemas.IsComposed(id);

    // A StyledParameter that only carries the validator and the JSON types a composed scalar's text may be read as.
    private string ComposedField(ParameterModel parameter)
    {
        var field = "Styled" + (_styledFields.Count + 1).ToString(CultureInfo.InvariantCulture);
        var schema = parameter.Schema!.Value;
        var init = $"ScalarTypes = {Types(_schemas.TypesOf(schema))}, Validator = {_validatorsClass}.{ValidatorEmitter.MethodName(_schemas.ValidatorOf(schema))}";
        _styledFields.Add($"private static readonly {Runtime}StyledParameter {field} = new({Literals.String(parameter.Name)}, {Literals.String(parameter.InName)}) {{ {init} }};");
        return field;
    }

    // Properties declared directly, through $ref or in allOf branches: their types tell "100" the number from the text.
    private void CollectProperties(SchemaNode node, List<(string Name, SchemaTypes Types)> into, HashSet<int> seen)
    {
        if (!seen.Add(node.Id))
        {
            return;
        }

        foreach (var property in node.Properties)
        {
            if (into.FindIndex(p => p.Name == property.Name) < 0)
            {
                into.Add((property.Name, _schemas.Target(property.Schema).Types));
            }
        }

        foreach (var branch in node.AllOf.Concat(node.AnyOf).Concat(node.OneOf))
        {
            CollectProperties(_schemas.Target(branch), into, seen);
        }

        if (node.Ref is { } target)
        {
            CollectProperties(_schemas.Target(target), into, seen);
        }
    }

    private static string Types(SchemaTypes types) => $"({Runtime}JsonTypes){((int)types).ToString(CultureInfo.InvariantCulture)}";

    public bool HasConstraints(ParameterModel parameter) => IsComposed(parameter) || Collect(parameter, "value", "raw").Count > 0 || ItemConstraints(parameter).Count > 0;

    public void EmitConstraints(SourceWriter writer, ParameterModel parameter, string value, string raw)
    {
        if (IsComposed(parameter))
        {
            // The schema's own keywords are part of its validator, so they are not checked twice.
            writer.Line($"{Runtime}StyledParameters.ValidateScalar({raw}, {ComposedField(parameter)}, ref {ParameterEmitter.ErrorsLocal});");
            return;
        }

        foreach (var (condition, keyword, expected) in Collect(parameter, value, raw))
        {
            writer.Line($"if ({condition})");
            using (writer.Braces())
            {
                ParameterEmitter.AddInvalid(writer, parameter, raw, keyword, expected);
            }
        }

        var itemChecks = ItemConstraints(parameter);
        if (itemChecks.Count == 0)
        {
            return;
        }

        // Number items are checked on their text, like scalars; a double or decimal item would round it.
        var items = TextCompared(parameter.Kind)
            ? $"{Checks}ItemTexts({ParameterEmitter.RawLocal(parameter)}, {Literals.Char(parameter.Separator)})"
            : value;
        writer.Line($"foreach (var item in {items})");
        using (writer.Braces())
        {
            foreach (var (condition, keyword, expected) in itemChecks)
            {
                writer.Line($"if ({condition})");
                using (writer.Braces())
                {
                    ParameterEmitter.AddInvalid(writer, parameter, "global::System.Convert.ToString(item, global::System.Globalization.CultureInfo.InvariantCulture)", keyword, "items " + expected);
                }
            }
        }
    }

    private List<(string Condition, string Keyword, string Expected)> ItemConstraints(ParameterModel parameter) =>
        parameter.Shape == ParameterShape.Array && Node(parameter.Schema) is { Items: { } items }
            ? Scalar(_schemas.Target(items), parameter.Kind, "item")
            : new List<(string, string, string)>();

    private List<(string Condition, string Keyword, string Expected)> Collect(ParameterModel parameter, string value, string raw)
    {
        var node = Node(parameter.Schema);
        if (node is null)
        {
            return new List<(string, string, string)>();
        }

        if (parameter.Shape != ParameterShape.Array)
        {
            return Scalar(node, parameter.Kind, TextCompared(parameter.Kind) ? raw + "!" : value);
        }

        var checks = new List<(string, string, string)>();
        if (node.MinItems is { } min)
        {
            checks.Add(($"{value}.Length < {min}", "minItems", $"at least {min} items"));
        }

        if (node.MaxItems is { } max)
        {
            checks.Add(($"{value}.Length > {max}", "maxItems", $"at most {max} items"));
        }

        if (node.UniqueItems)
        {
            checks.Add(($"!{Checks}AreUnique({value})", "uniqueItems", "unique items"));
        }

        return checks;
    }

    private List<(string Condition, string Keyword, string Expected)> Scalar(SchemaNode node, ScalarKind kind, string value)
    {
        var checks = new List<(string, string, string)>();
        var isNumber = kind is ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Decimal or ScalarKind.Single or ScalarKind.Double;
        if (isNumber)
        {
            // double and decimal values are checked on the text the client sent, integers on their value; both exactly.
            var onText = TextCompared(kind);
            void Bound(string? bound, string method, string op, string keyword, string words)
            {
                if (bound is not null)
                {
                    var condition = !onText && Model.JsonNumberText.TryGetExactDecimal(bound, out var exact)
                        ? $"{value} {op} {Literals.Decimal(exact)}"
                        : $"!{Checks}{method}({value}, {Literals.Utf8(bound)})";
                    checks.Add((condition, keyword, $"{words} {bound}"));
                }
            }

            Bound(node.Minimum, "IsAtLeast", "<", "minimum", "a number of at least");
            Bound(node.Maximum, "IsAtMost", ">", "maximum", "a number of at most");
            Bound(node.ExclusiveMinimum, "IsAbove", "<=", "exclusiveMinimum", "a number greater than");
            Bound(node.ExclusiveMaximum, "IsBelow", ">=", "exclusiveMaximum", "a number less than");
            if (node.MultipleOf is { } divisor)
            {
                var condition = !onText && Model.JsonNumberText.TryGetExactDecimal(divisor, out var exact)
                    ? $"!{Checks}IsMultipleOf((decimal){value}, {Literals.Decimal(exact)})"
                    : $"!{Checks}IsMultipleOf({value}, {Literals.Utf8(divisor)})";
                checks.Add((condition, "multipleOf", $"a multiple of {divisor}"));
            }

            // enum and const of a number parameter: equal by value, exactly (1.0 is 1); members that are not numbers match nothing.
            void OneOf(EquatableArray<string>? members, string keyword, string words)
            {
                if (members is not { } all)
                {
                    return;
                }

                var numbers = all.Where(m => m.Length > 0 && (m[0] == '-' || char.IsDigit(m[0]))).ToList();
                var condition = numbers.Count == 0 ? "true" : "!(" + string.Join(" || ", numbers.Select(m => $"{Checks}IsEqual({value}, {Literals.Utf8(m)})")) + ")";
                checks.Add((condition, keyword, words + string.Join(", ", numbers)));
            }

            OneOf(node.Enum, "enum", "one of ");
            OneOf(node.Const is { } constant ? new EquatableArray<string>(new[] { constant }) : null, "const", "");
        }

        if (kind == ScalarKind.String)
        {
            if (node.MinLength is { } min)
            {
                checks.Add(($"{Checks}CodePointLength({value}) < {min}", "minLength", $"at least {min} characters"));
            }

            if (node.MaxLength is { } max)
            {
                checks.Add(($"{Checks}CodePointLength({value}) > {max}", "maxLength", $"at most {max} characters"));
            }

            if (node.Pattern is { } pattern)
            {
                checks.Add(($"!{Checks}Matches({value}, {_patternsClass}.Pattern{pattern.ToString(CultureInfo.InvariantCulture)})", "pattern", "text matching " + _schemas.Patterns[pattern].Source));
            }
        }

        return checks;
    }

    private static bool TextCompared(ScalarKind kind) => kind is ScalarKind.Single or ScalarKind.Double or ScalarKind.Decimal;

    private SchemaNode? Node(int? id) => id is { } value ? _schemas.Target(value) : null;
}
