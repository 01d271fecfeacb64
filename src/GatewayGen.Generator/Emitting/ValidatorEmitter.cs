using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes {Api}.Validators.g.cs: one method per compiled schema that checks the value a Utf8JsonReader stands
/// on and leaves the reader on the value's last token. Applicators (allOf, anyOf, $ref beside other keywords)
/// read copies of the reader, which is a struct over the same bytes; nothing is parsed into objects.
/// </summary>
internal static class ValidatorEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";
    private const string Token = "global::System.Text.Json.JsonTokenType.";
    private const string Signature = "(ref global::System.Text.Json.Utf8JsonReader reader, ref global::GatewayGen.Runtime.JsonValidation v)";

    public static string ClassName(ApiModel api) => api.Name + "Validators";

    public static string MethodName(int schema) => "Schema" + schema.ToString(CultureInfo.InvariantCulture);

    /// <summary>The schemas any operation's body starts from, and everything they reach.</summary>
    public static bool HasValidators(ApiModel api) => Roots(api).Any() || api.Schemas.Patterns.Count > 0;

    /// <summary>How handlers name a pattern: "PetstoreValidators.Patterns".</summary>
    public static string PatternsClass(ApiModel api) => ClassName(api) + ".Patterns";

    public static string Emit(ApiModel api)
    {
        var set = api.Schemas;
        var writer = GeneratedCode.NewFile();
        writer.Line($"namespace {ApiEmitter.GeneratedNamespace}");
        using (writer.Braces())
        {
            writer.Line($"/// <summary>The request body validators of API '{ApiEmitter.Xml(api.Title)}', one method per schema.</summary>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line($"internal static class {ClassName(api)}");
            using (writer.Braces())
            {
                var first = true;
                foreach (var id in Reachable(set, Roots(api)))
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    first = false;
                    EmitSchema(writer, set, set.Nodes[id], api);
                }

                if (set.Patterns.Count > 0)
                {
                    writer.Line();
                    EmitPatterns(writer, set);
                }

                if (FormShapeEmitter.HasShapes(api))
                {
                    writer.Line();
                    FormShapeEmitter.Emit(writer, new FormShapePlan(api));
                }
            }
        }

        return writer.ToString();
    }

    private static IEnumerable<int> Roots(ApiModel api)
    {
        foreach (var operation in api.Operations)
        {
            if (operation.Validation.Body && operation.Body is { } body)
            {
                foreach (var content in body.Contents)
                {
                    if (content.Schema is { } root)
                    {
                        yield return api.Schemas.ValidatorOf(root);
                    }
                }
            }

            // Object and content parameters, and scalars whose schema combines others, are validated as JSON by the runtime (StyledParameters).
            foreach (var parameter in operation.Parameters)
            {
                if (operation.Validation.Parameters && parameter.Schema is { } schema &&
                    (parameter.Shape is ParameterShape.Object or ParameterShape.Json || (parameter.Shape == ParameterShape.Scalar && api.Schemas.IsComposed(schema))))
                {
                    yield return api.Schemas.ValidatorOf(schema);
                }
            }
        }
    }

    private static SortedSet<int> Reachable(SchemaSetModel set, IEnumerable<int> roots)
    {
        var seen = new SortedSet<int>();
        var pending = new Stack<int>(roots);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (seen.Add(id))
            {
                foreach (var child in Children(set.Nodes[id]))
                {
                    pending.Push(child);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<int> Children(SchemaNode node)
    {
        var single = new[] { node.Ref, node.Items, node.Contains, node.AdditionalProperties, node.PropertyNames, node.Not, node.If, node.Then, node.Else };
        foreach (var id in single)
        {
            if (id is { } value)
            {
                yield return value;
            }
        }

        foreach (var id in node.PrefixItems.Concat(node.AllOf).Concat(node.AnyOf).Concat(node.OneOf))
        {
            yield return id;
        }

        foreach (var named in node.Properties.Concat(node.PatternProperties).Concat(node.DependentSchemas).Concat(node.Discriminator?.Mapping ?? EquatableArray<NamedSchema>.Empty))
        {
            yield return named.Schema;
        }
    }

    private static void EmitSchema(SourceWriter writer, SchemaSetModel set, SchemaNode node, ApiModel api)
    {
        writer.Line($"/// <summary>{Comment(System.IO.Path.GetFileName(api.FilePath) + "#" + node.Pointer)}</summary>");
        writer.Line($"public static bool {MethodName(node.Id)}{Signature}");
        using (writer.Braces())
        {
            if (node.Constant == true)
            {
                writer.Line("reader.Skip();");
                writer.Line("return true;");
                return;
            }

            if (node.Constant == false)
            {
                writer.Line("var start = reader.TokenStartIndex;");
                writer.Line("reader.Skip();");
                writer.Line("return v.Fail(start, \"false\", \"No value is allowed here.\");");
                return;
            }

            if (node.Ref is { } target && node.IsRefOnly)
            {
                writer.Line($"return {MethodName(target)}(ref reader, ref v);");
                return;
            }

            writer.Line("var start = reader.TokenStartIndex;");
            writer.Line("var valid = true;");
            EmitApplicators(writer, set, node);
            EmitType(writer, node);
            EmitValue(writer, node);
            EmitNumber(writer, node);
            EmitString(writer, set, node);
            EmitObject(writer, set, node);
            EmitArray(writer, node);
            writer.Line("reader.Skip();");
            writer.Line("return valid;");
        }
    }

    private static void EmitApplicators(SourceWriter writer, SchemaSetModel set, SchemaNode node)
    {
        if (node.Ref is { } reference)
        {
            OnCopy(writer, reference);
        }

        foreach (var id in node.AllOf)
        {
            OnCopy(writer, id);
        }

        // A discriminator is a hint (OpenAPI 3.1.1: it MUST NOT change the validation outcome): an object that has the
        // property is checked against the schema it names, and the oneOf/anyOf still holds; without it, no hint.
        var discriminated = node.Discriminator is not null && (node.OneOf.Count > 0 || node.AnyOf.Count > 0);
        if (discriminated)
        {
            writer.Line($"if (reader.TokenType == {Token}StartObject && {Runtime}JsonValues.TryFindProperty(reader, {Literal(node.Discriminator!.PropertyName)}u8, out var tag))");
            using (writer.Braces())
            {
                EmitDiscriminator(writer, node, node.Discriminator);
            }

            writer.Line("else");
            using (writer.Braces())
            {
                EmitComposition(writer, node, node.OneOf.Count > 0);
            }

            if (node.OneOf.Count > 0 && node.AnyOf.Count > 0)
            {
                EmitAnyOf(writer, node); // the discriminator selects among the oneOf; anyOf beside it holds as usual
            }
        }
        else
        {
            EmitAnyOf(writer, node);
            EmitOneOf(writer, node);
        }

        if (node.Not is { } not)
        {
            using (writer.Braces())
            {
                writer.Line("v.EnterSilent();");
                writer.Line($"var copy = reader;");
                writer.Line($"var matched = {MethodName(not)}(ref copy, ref v);");
                writer.Line("v.ExitSilent();");
                Fail(writer, "matched", "not", Literal("The value must not match the 'not' schema."));
            }
        }

        if (node.If is { } condition && (node.Then is not null || node.Else is not null))
        {
            using (writer.Braces())
            {
                writer.Line("v.EnterSilent();");
                writer.Line("var condition = reader;");
                writer.Line($"var passed = {MethodName(condition)}(ref condition, ref v);");
                writer.Line("v.ExitSilent();");
                if (node.Then is { } then)
                {
                    writer.Line("if (passed)");
                    using (writer.Braces())
                    {
                        OnCopy(writer, then);
                    }
                }

                if (node.Else is { } otherwise)
                {
                    writer.Line("if (!passed)");
                    using (writer.Braces())
                    {
                        OnCopy(writer, otherwise);
                    }
                }
            }
        }
    }

    private static void EmitComposition(SourceWriter writer, SchemaNode node, bool oneOf)
    {
        if (oneOf)
        {
            EmitOneOf(writer, node);
        }
        else
        {
            EmitAnyOf(writer, node);
        }
    }

    private static void EmitAnyOf(SourceWriter writer, SchemaNode node)
    {
        if (node.AnyOf.Count == 0)
        {
            return;
        }

        using (writer.Braces())
        {
            writer.Line("v.EnterSilent();");
            writer.Line("var matched = false;");
            foreach (var id in node.AnyOf)
            {
                writer.Line($"if (!matched) {{ var copy = reader; matched = {MethodName(id)}(ref copy, ref v); }}");
            }

            writer.Line("v.ExitSilent();");
            Fail(writer, "!matched", "anyOf", Literal($"The value matches none of the {node.AnyOf.Count} anyOf schemas."));
        }
    }

    private static void EmitOneOf(SourceWriter writer, SchemaNode node)
    {
        if (node.OneOf.Count == 0)
        {
            return;
        }

        using (writer.Braces())
        {
            writer.Line("v.EnterSilent();");
            writer.Line("var matches = 0;");
            foreach (var id in node.OneOf)
            {
                writer.Line($"if (matches < 2) {{ var copy = reader; if ({MethodName(id)}(ref copy, ref v)) {{ matches++; }} }}");
            }

            writer.Line("v.ExitSilent();");
            Fail(writer, "matches != 1", "oneOf", $"matches == 0 ? {Literal($"The value matches none of the {node.OneOf.Count} oneOf schemas.")} : \"The value matches more than one oneOf schema; exactly one must match.\"");
        }
    }

    /// <summary>
    /// The object has the discriminator property (in <c>tag</c>). Its value names a schema, whose errors are the ones
    /// reported; then oneOf still means exactly one: the other branches must not match. A named schema that is not a
    /// branch is checked besides the whole oneOf/anyOf. A value no mapping knows fails (OpenAPI: validation SHOULD fail).
    /// </summary>
    private static void EmitDiscriminator(SourceWriter writer, SchemaNode node, DiscriminatorModel discriminator)
    {
        // The mapping holds the explicit entries, then each $ref branch under its schema's name (SchemaCompiler).
        var oneOf = node.OneOf.Count > 0;
        var branches = oneOf ? node.OneOf : node.AnyOf;
        var name = discriminator.PropertyName;
        writer.Line($"if (tag.TokenType != {Token}String)");
        using (writer.Braces())
        {
            writer.Line($"valid = v.Fail(start, \"discriminator\", {Literal($"The property '{name}' must be a string that names the schema of this object.")});");
            writer.Line("if (v.ShouldStop) { return false; }");
        }

        for (var i = 0; i < discriminator.Mapping.Count; i++)
        {
            var entry = discriminator.Mapping[i];
            var branch = i < discriminator.Branches.Count ? discriminator.Branches[i] : -1;
            writer.Line($"else if (tag.ValueTextEquals({Literal(entry.Name)}u8))");
            using (writer.Braces())
            {
                writer.Line($"var named = reader;");
                writer.Line($"if (!{MethodName(entry.Schema)}(ref named, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");
                if (branch < 0)
                {
                    writer.Line("else");
                    using (writer.Braces())
                    {
                        EmitComposition(writer, node, oneOf);
                    }
                }
                else if (oneOf && branches.Count > 1)
                {
                    writer.Line("else");
                    using (writer.Braces())
                    {
                        writer.Line("v.EnterSilent();");
                        writer.Line("var others = false;");
                        for (var j = 0; j < branches.Count; j++)
                        {
                            if (j != branch)
                            {
                                writer.Line($"if (!others) {{ var copy = reader; others = {MethodName(branches[j])}(ref copy, ref v); }}");
                            }
                        }

                        writer.Line("v.ExitSilent();");
                        Fail(writer, "others", "oneOf", Literal($"The value matches the schema its {name} '{entry.Name}' names and also another oneOf schema; exactly one must match."));
                    }
                }
            }
        }

        writer.Line("else");
        using (writer.Braces())
        {
            var allowed = string.Join(", ", discriminator.Mapping.Select(c => c.Name));
            writer.Line($"valid = v.Fail(start, \"discriminator\", \"'\" + tag.GetString() + {Literal($"' is not a known {name}; expected one of: {allowed}.")});");
            writer.Line("if (v.ShouldStop) { return false; }");
        }
    }

    private static void EmitType(SourceWriter writer, SchemaNode node)
    {
        if (node.Types == SchemaTypes.None)
        {
            return;
        }

        var names = new List<string>();
        var flags = new List<string>();
        foreach (var (type, name) in new[] { (SchemaTypes.Object, "object"), (SchemaTypes.Array, "array"), (SchemaTypes.String, "string"), (SchemaTypes.Number, "number"), (SchemaTypes.Integer, "integer"), (SchemaTypes.Boolean, "boolean"), (SchemaTypes.Null, "null") })
        {
            if ((node.Types & type) != 0)
            {
                names.Add(name);
                flags.Add($"{Runtime}JsonTypes.{type}");
            }
        }

        Fail(writer, $"!{Runtime}JsonValues.HasType(ref reader, {string.Join(" | ", flags)})", "type",
            $"{Literal($"Expected {string.Join(" or ", names)}, got ")} + {Runtime}JsonValues.TypeName(ref reader) + \".\"");
    }

    private static void EmitValue(SourceWriter writer, SchemaNode node)
    {
        if (node.Enum is { } values)
        {
            var shown = string.Join(", ", values.Take(10)) + (values.Count > 10 ? ", ..." : "");
            var condition = values.Count == 0 ? "true" : "!(" + string.Join(" || ", values.Select(ValueEquals)) + ")";
            Fail(writer, condition, "enum", Literal($"The value must be one of: {shown}."));
        }

        if (node.Const is { } constant)
        {
            Fail(writer, "!" + ValueEquals(constant), "const", Literal($"The value must be {constant}."));
        }
    }

    // A string compares with ValueTextEquals (escapes handled); anything else structurally.
    private static string ValueEquals(string json)
    {
        if (json.Length >= 2 && json[0] == '"')
        {
            var text = System.Text.Json.Nodes.JsonNode.Parse(json)!.GetValue<string>();
            return $"(reader.TokenType is {Token}String or {Token}PropertyName && reader.ValueTextEquals({Literal(text)}u8))";
        }

        return $"{Runtime}JsonValues.ValueEquals(ref reader, {Literal(json)}u8)";
    }

    private static void EmitNumber(SourceWriter writer, SchemaNode node)
    {
        var checks = new List<(string Condition, string Keyword, string Message)>();
        void Bound(string? value, string keyword, string op, string message)
        {
            if (value is not null)
            {
                checks.Add(($"number.CompareTo({Literals.Number(value)}) {op}", keyword, message.Replace("{0}", value)));
            }
        }

        Bound(node.Minimum, "minimum", "< 0", "The number must be at least {0}.");
        Bound(node.Maximum, "maximum", "> 0", "The number must be at most {0}.");
        Bound(node.ExclusiveMinimum, "exclusiveMinimum", "<= 0", "The number must be greater than {0}.");
        Bound(node.ExclusiveMaximum, "exclusiveMaximum", ">= 0", "The number must be less than {0}.");
        if (node.MultipleOf is { } divisor)
        {
            checks.Add(($"!number.IsMultipleOf({Literals.Number(divisor)})", "multipleOf", $"The number must be a multiple of {divisor}."));
        }

        var parsesNumber = checks.Count > 0;
        var format = node.Format switch
        {
            "int32" => ("IsInt32", "The number must be a 32-bit integer."),
            "int64" => ("IsInt64", "The number must be a 64-bit integer."),
            "float" => ("IsFloat", "The number is out of range for a float."),
            "double" => ("IsDouble", "The number is out of range for a double."),
            _ => default,
        };
        if (format.Item1 is not null)
        {
            checks.Add(($"!{Runtime}JsonFormats.{format.Item1}(ref reader)", "format", format.Item2));
        }

        EmitGroup(writer, $"reader.TokenType == {Token}Number", checks, parsesNumber ? $"var number = {Runtime}JsonNumber.Read(ref reader);" : null);
    }

    private static void EmitString(SourceWriter writer, SchemaSetModel set, SchemaNode node)
    {
        var checks = new List<(string Condition, string Keyword, string Message)>();
        var needsLength = node.MinLength is not null || node.MaxLength is not null;
        if (node.MinLength is { } min)
        {
            checks.Add(($"length < {min}", "minLength", $"The string must be at least {min} characters long."));
        }

        if (node.MaxLength is { } max)
        {
            checks.Add(($"length > {max}", "maxLength", $"The string must be at most {max} characters long."));
        }

        if (node.Pattern is { } pattern)
        {
            checks.Add(($"!{Runtime}JsonValues.Matches(ref reader, {PatternField(pattern)})", "pattern", $"The string must match the pattern {set.Patterns[pattern].Source}."));
        }

        var format = node.Format switch
        {
            "date" => ("IsDate", "a date (RFC 3339 full-date, 2024-01-31)"),
            "date-time" => ("IsDateTime", "a date-time (RFC 3339, 2024-01-31T12:00:00Z)"),
            "uuid" => ("IsUuid", "a UUID"),
            "email" => ("IsEmail", "an email address"),
            "uri" => ("IsUri", "an absolute URI"),
            "ipv4" => ("IsIPv4", "an IPv4 address"),
            "ipv6" => ("IsIPv6", "an IPv6 address"),
            "byte" => ("IsByte", "base64-encoded bytes"),
            _ => default,
        };
        if (format.Item1 is not null)
        {
            checks.Add(($"!{Runtime}JsonFormats.{format.Item1}(ref reader)", "format", $"The string must be {format.Item2}."));
        }

        if (checks.Count == 0)
        {
            return;
        }

        writer.Line($"if (reader.TokenType is {Token}String or {Token}PropertyName)");
        using (writer.Braces())
        {
            if (needsLength)
            {
                writer.Line($"var length = {Runtime}JsonValues.CodePointLength(ref reader);");
            }

            foreach (var check in checks)
            {
                Fail(writer, check.Condition, check.Keyword, Literal(check.Message));
            }
        }
    }

    private static void EmitObject(SourceWriter writer, SchemaSetModel set, SchemaNode node)
    {
        var tracked = node.Required
            .Concat(node.DependentRequired.SelectMany(d => d.Required.Prepend(d.Name)))
            .Concat(node.DependentSchemas.Select(d => d.Name))
            .Distinct()
            .ToList();
        var hasLoop = tracked.Count > 0 || node.Properties.Count > 0 || node.PatternProperties.Count > 0 ||
            node.AdditionalProperties is not null || node.PropertyNames is not null || node.MinProperties is not null || node.MaxProperties is not null;
        if (!hasLoop && node.DependentSchemas.Count == 0)
        {
            return;
        }

        writer.Line($"if (reader.TokenType == {Token}StartObject)");
        using (writer.Braces())
        {
            if (node.DependentSchemas.Count > 0)
            {
                writer.Line("var objectStart = reader;");
            }

            writer.Line("var propertyCount = 0;");
            if (tracked.Count > 0)
            {
                writer.Line($"global::System.Span<bool> present = stackalloc bool[{tracked.Count}];");
            }

            writer.Line($"while (reader.Read() && reader.TokenType == {Token}PropertyName)");
            using (writer.Braces())
            {
                writer.Line("propertyCount++;");
                for (var i = 0; i < tracked.Count; i++)
                {
                    // Declared properties mark themselves in their own branch; only the rest need a comparison of their own.
                    if (!node.Properties.Any(p => p.Name == tracked[i]))
                    {
                        writer.Line($"if (reader.ValueTextEquals({Literal(tracked[i])}u8)) {{ present[{i}] = true; }}");
                    }
                }

                if (node.PropertyNames is { } names)
                {
                    writer.Line("{");
                    writer.Line($"    var name = reader;");
                    writer.Line($"    if (!{MethodName(names)}(ref name, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");
                    writer.Line("}");
                }

                EmitPropertyValue(writer, node, tracked);
            }

            for (var i = 0; i < tracked.Count; i++)
            {
                if (node.Required.Contains(tracked[i]))
                {
                    Fail(writer, $"!present[{i}]", "required", Literal($"The required property '{tracked[i]}' is missing."));
                }
            }

            foreach (var dependency in node.DependentRequired)
            {
                foreach (var required in dependency.Required)
                {
                    Fail(writer, $"present[{tracked.IndexOf(dependency.Name)}] && !present[{tracked.IndexOf(required)}]", "dependentRequired",
                        Literal($"The property '{required}' is required when '{dependency.Name}' is present."));
                }
            }

            foreach (var dependency in node.DependentSchemas)
            {
                writer.Line($"if (present[{tracked.IndexOf(dependency.Name)}])");
                using (writer.Braces())
                {
                    writer.Line($"var copy = objectStart;");
                    writer.Line($"if (!{MethodName(dependency.Schema)}(ref copy, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");
                }
            }

            if (node.MinProperties is { } min)
            {
                Fail(writer, $"propertyCount < {min}", "minProperties", Literal($"The object must have at least {min} properties."));
            }

            if (node.MaxProperties is { } max)
            {
                Fail(writer, $"propertyCount > {max}", "maxProperties", Literal($"The object must have at most {max} properties."));
            }
        }
    }

    // The reader is on a property name; validate its value with every subschema that applies, leaving the reader at the value's end.
    private static void EmitPropertyValue(SourceWriter writer, SchemaNode node, List<string> tracked)
    {
        if (node.PatternProperties.Count == 0)
        {
            // At most one subschema applies: validate on the reader itself, no copies.
            var first = true;
            foreach (var property in node.Properties)
            {
                writer.Line($"{(first ? "if" : "else if")} (reader.ValueTextEquals({Literal(property.Name)}u8))");
                using (writer.Braces())
                {
                    MarkPresent(writer, tracked, property.Name);
                    writer.Line("reader.Read();");
                    Direct(writer, property.Schema);
                }

                first = false;
            }

            if (!first)
            {
                writer.Line("else");
                writer.OpenBrace();
            }

            writer.Line("reader.Read();");
            if (node.AdditionalProperties is { } additional)
            {
                AdditionalProperty(writer, additional);
            }
            else
            {
                writer.Line("reader.Skip();");
            }

            if (!first)
            {
                writer.CloseBrace();
            }

            return;
        }

        // patternProperties: several subschemas may apply to one value; each reads a copy.
        var tracksMatch = node.AdditionalProperties is not null;
        if (tracksMatch)
        {
            writer.Line("var matchedProperty = false;");
        }

        writer.Line("var value = reader;");
        writer.Line("value.Read();");
        foreach (var property in node.Properties)
        {
            writer.Line($"if (reader.ValueTextEquals({Literal(property.Name)}u8))");
            using (writer.Braces())
            {
                MarkPresent(writer, tracked, property.Name);
                if (tracksMatch)
                {
                    writer.Line("matchedProperty = true;");
                }

                writer.Line($"var copy = value;");
                writer.Line($"if (!{MethodName(property.Schema)}(ref copy, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");
            }
        }

        foreach (var pattern in node.PatternProperties)
        {
            writer.Line($"if ({Runtime}JsonValues.Matches(ref reader, {PatternField(int.Parse(pattern.Name, CultureInfo.InvariantCulture))}))");
            using (writer.Braces())
            {
                if (tracksMatch)
                {
                    writer.Line("matchedProperty = true;");
                }

                writer.Line($"var copy = value;");
                writer.Line($"if (!{MethodName(pattern.Schema)}(ref copy, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");
            }
        }

        writer.Line("reader.Read();");
        if (node.AdditionalProperties is { } rest)
        {
            writer.Line("if (!matchedProperty)");
            using (writer.Braces())
            {
                AdditionalProperty(writer, rest);
            }
        }

        writer.Line("reader.Skip();");
    }

    private static void MarkPresent(SourceWriter writer, List<string> tracked, string name)
    {
        var index = tracked.IndexOf(name);
        if (index >= 0)
        {
            writer.Line($"present[{index}] = true;");
        }
    }

    private static void AdditionalProperty(SourceWriter writer, int schema)
    {
        writer.Line($"if (!{MethodName(schema)}(ref reader, ref v))");
        using (writer.Braces())
        {
            writer.Line("valid = false;");
            writer.Line("if (v.ShouldStop) { return false; }");
        }
    }

    private static void EmitArray(SourceWriter writer, SchemaNode node)
    {
        var hasLoop = node.PrefixItems.Count > 0 || node.Items is not null || node.Contains is not null || node.MinItems is not null || node.MaxItems is not null || node.UniqueItems;
        if (!hasLoop)
        {
            return;
        }

        writer.Line($"if (reader.TokenType == {Token}StartArray)");
        using (writer.Braces())
        {
            writer.Line("var index = 0;");
            if (node.Contains is not null)
            {
                writer.Line("var containing = 0;");
            }

            writer.Line($"while (reader.Read() && reader.TokenType != {Token}EndArray)");
            using (writer.Braces())
            {
                if (node.Contains is { } contains)
                {
                    writer.Line($"{{ v.EnterSilent(); var copy = reader; if ({MethodName(contains)}(ref copy, ref v)) {{ containing++; }} v.ExitSilent(); }}");
                }

                for (var i = 0; i < node.PrefixItems.Count; i++)
                {
                    writer.Line($"{(i == 0 ? "if" : "else if")} (index == {i})");
                    using (writer.Braces())
                    {
                        Direct(writer, node.PrefixItems[i]);
                    }
                }

                if (node.PrefixItems.Count > 0)
                {
                    writer.Line("else");
                    writer.OpenBrace();
                }

                if (node.Items is { } items)
                {
                    Direct(writer, items);
                }
                else
                {
                    writer.Line("reader.Skip();");
                }

                if (node.PrefixItems.Count > 0)
                {
                    writer.CloseBrace();
                }

                writer.Line("index++;");
            }

            if (node.MinItems is { } min)
            {
                Fail(writer, $"index < {min}", "minItems", Literal($"The array must have at least {min} items."));
            }

            if (node.MaxItems is { } max)
            {
                Fail(writer, $"index > {max}", "maxItems", Literal($"The array must have at most {max} items."));
            }

            if (node.Contains is not null)
            {
                var minContains = node.MinContains ?? 1;
                Fail(writer, $"containing < {minContains}", node.MinContains is null ? "contains" : "minContains", Literal($"The array must contain at least {minContains} matching item(s)."));
                if (node.MaxContains is { } maxContains)
                {
                    Fail(writer, $"containing > {maxContains}", "maxContains", Literal($"The array must contain at most {maxContains} matching item(s)."));
                }
            }

            if (node.UniqueItems)
            {
                Fail(writer, $"!{Runtime}JsonValues.ItemsAreUnique(v.Json, start)", "uniqueItems", Literal("The array's items must be unique."));
            }
        }
    }

    private static void EmitPatterns(SourceWriter writer, SchemaSetModel set)
    {
        // [GeneratedRegex] cannot be used here: source generators do not see each other's output, so the regex
        // generator never runs on this file. Each pattern is built once, on first use, with a match timeout;
        // Compiled makes it IL under the JIT (Native AOT ignores the flag and interprets).
        writer.Line("/// <summary>The schemas' patterns, translated from ECMA-262 to .NET.</summary>");
        writer.Line("internal static class Patterns");
        using (writer.Braces())
        {
            for (var i = 0; i < set.Patterns.Count; i++)
            {
                writer.Line($"private static global::System.Text.RegularExpressions.Regex? _pattern{i};");
                writer.Line($"/// <summary>{Comment(set.Patterns[i].Source)}</summary>");
                writer.Line($"public static global::System.Text.RegularExpressions.Regex Pattern{i} => _pattern{i} ??= new({Literal(set.Patterns[i].DotNet)}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant | global::System.Text.RegularExpressions.RegexOptions.Compiled, global::System.TimeSpan.FromMilliseconds(250));");
            }
        }
    }

    private static string PatternField(int index) => "Patterns.Pattern" + index.ToString(CultureInfo.InvariantCulture);

    private static void OnCopy(SourceWriter writer, int schema) =>
        writer.Line($"{{ var copy = reader; if (!{MethodName(schema)}(ref copy, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }} }}");

    private static void Direct(SourceWriter writer, int schema) =>
        writer.Line($"if (!{MethodName(schema)}(ref reader, ref v)) {{ valid = false; if (v.ShouldStop) {{ return false; }} }}");

    private static void EmitGroup(SourceWriter writer, string guard, List<(string Condition, string Keyword, string Message)> checks, string? preamble = null)
    {
        if (checks.Count == 0)
        {
            return;
        }

        writer.Line($"if ({guard})");
        using (writer.Braces())
        {
            if (preamble is not null)
            {
                writer.Line(preamble);
            }

            foreach (var check in checks)
            {
                Fail(writer, check.Condition, check.Keyword, Literal(check.Message));
            }
        }
    }

    private static void Fail(SourceWriter writer, string condition, string keyword, string messageExpression)
    {
        writer.Line($"if ({condition})");
        using (writer.Braces())
        {
            writer.Line($"valid = v.Fail(start, {Literal(keyword)}, {messageExpression});");
            writer.Line("if (v.ShouldStop) { return false; }");
        }
    }

    private static string Literal(string text) => Literals.String(text);

    // Text from the document inside a /// comment: escaped for XML, and control characters made visible so a line cannot break.
    private static string Comment(string text)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in ApiEmitter.Xml(text))
        {
            builder.Append(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.ToString();
    }
}
