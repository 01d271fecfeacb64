using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>
/// What a form field's schema allows, for reading its text as JSON: the types it may be (the union over $ref,
/// allOf, anyOf and oneOf), whether it is a file (string, format binary), and the shapes of its properties and
/// items. Generated code creates the shapes of an API together and then defines them, so recursive schemas are
/// plain cycles.
/// </summary>
public sealed class FormShape
{
    private Dictionary<string, FormShape>? _properties;

    /// <summary>The JSON types the value may have; <see cref="JsonTypes.None"/> for any.</summary>
    public JsonTypes Types { get; private set; }

    /// <summary>True for a file: a string with format binary (its bytes are not read as text).</summary>
    public bool IsBinary { get; private set; }

    /// <summary>The shape of an array's items.</summary>
    public FormShape? Items { get; private set; }

    /// <summary>The shape of properties the schema does not name (additionalProperties, patternProperties).</summary>
    public FormShape? AdditionalProperties { get; private set; }

    /// <summary><paramref name="count"/> undefined shapes, to be defined with <see cref="Define"/>.</summary>
    public static FormShape[] Create(int count)
    {
        var shapes = new FormShape[count];
        for (var i = 0; i < count; i++)
        {
            shapes[i] = new FormShape();
        }

        return shapes;
    }

    /// <summary>A shape with only types, for tests and small schemas.</summary>
    public static FormShape Of(JsonTypes types, FormShape? items = null, params (string Name, FormShape Shape)[] properties)
    {
        var shape = new FormShape();
        shape.Define(types, false, items, null, properties);
        return shape;
    }

    /// <summary>Sets what the shape allows; called once per shape, after every shape of the API exists.</summary>
    public FormShape Define(JsonTypes types, bool isBinary, FormShape? items, FormShape? additionalProperties, params (string Name, FormShape Shape)[] properties)
    {
        Types = types;
        IsBinary = isBinary;
        Items = items;
        AdditionalProperties = additionalProperties;
        if (properties.Length > 0)
        {
            _properties = new Dictionary<string, FormShape>(properties.Length, StringComparer.Ordinal);
            foreach (var (name, shape) in properties)
            {
                _properties[name] = shape;
            }
        }

        return this;
    }

    /// <summary>Whether the value may be of <paramref name="type"/> (any type when no type is named).</summary>
    public bool Allows(JsonTypes type) => Types == JsonTypes.None || (Types & type) != 0;

    /// <summary>Whether the value may be something other than an array or object.</summary>
    public bool AllowsScalar => Types == JsonTypes.None || (Types & ~(JsonTypes.Array | JsonTypes.Object)) != 0;

    /// <summary>Whether the schema names property <paramref name="name"/> (not through additionalProperties).</summary>
    public bool Declares(string name) => _properties is not null && _properties.ContainsKey(name);

    /// <summary>The declared property <paramref name="name"/> spells differently only in case ("ROLE" for "role"), or null.</summary>
    public string? CaseVariantOf(string name)
    {
        if (_properties is null || _properties.ContainsKey(name))
        {
            return null;
        }

        foreach (var declared in _properties.Keys)
        {
            if (string.Equals(declared, name, StringComparison.OrdinalIgnoreCase))
            {
                return declared;
            }
        }

        return null;
    }

    /// <summary>The shape of property <paramref name="name"/>, or null when the schema says nothing of it.</summary>
    public FormShape? Property(string name) =>
        _properties is not null && _properties.TryGetValue(name, out var shape) ? shape : AdditionalProperties;
}
