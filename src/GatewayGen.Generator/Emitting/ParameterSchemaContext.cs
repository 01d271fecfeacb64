using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Emits the schema constraints of a parameter on its parsed value: bounds and multipleOf for numbers, lengths,
/// pattern and string formats for text, item counts and uniqueness for arrays (and the item constraints on
/// every item). Each broken constraint adds one error.
/// </summary>
internal sealed class ParameterSchemaContext
{
    private const string Checks = "global::GatewayGen.Runtime.ParameterChecks.";
    private readonly SchemaSetModel _schemas;
    private readonly string _patternsClass;

    public ParameterSchemaContext(SchemaSetModel schemas, string patternsClass)
    {
        _schemas = schemas;
        _patternsClass = patternsClass;
    }

    public bool HasConstraints(ParameterModel parameter) => Collect(parameter, "value", "raw").Count > 0 || ItemConstraints(parameter).Count > 0;

    public void EmitConstraints(SourceWriter writer, ParameterModel parameter, string value, string raw)
    {
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
