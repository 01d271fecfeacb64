using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>How a form field is serialised: OpenAPI's Encoding Object style, or its contentType when no style is given.</summary>
public enum FormStyle
{
    /// <summary>No style, explode or allowReserved: the value is of the field's contentType (JSON for objects, text otherwise), arrays as repeated fields.</summary>
    Content,

    /// <summary>style: form (explode: true repeats the field per item; false joins items with commas).</summary>
    Form,

    /// <summary>style: spaceDelimited (items joined with spaces).</summary>
    SpaceDelimited,

    /// <summary>style: pipeDelimited (items joined with '|').</summary>
    PipeDelimited,

    /// <summary>style: deepObject: name[key]=value, nested as name[a][b], arrays as name[]=v or name[0]=v (Stripe's form).</summary>
    DeepObject,

    /// <summary>Items joined with tabs: Swagger 2.0's collectionFormat tsv, which OpenAPI 3 has no style for.</summary>
    TabDelimited,
}

/// <summary>One entry of a media type's encoding map: how a field is sent.</summary>
/// <param name="Name">The top-level property it is for.</param>
/// <param name="Style">style, or <see cref="FormStyle.Content"/> when the entry gives none.</param>
/// <param name="Explode">explode (true by default for style form, else false).</param>
/// <param name="ContentTypes">encoding.contentType's media ranges (multipart parts must be one of them); null when not given.</param>
public sealed record FormField(string Name, FormStyle Style, bool Explode, string[]? ContentTypes = null);

/// <summary>
/// A form media type of one operation (application/x-www-form-urlencoded or multipart/form-data): the compiled
/// validator of its schema, the schema's shape (to read field text as typed values) and its encoding map.
/// </summary>
public sealed class FormSchema
{
    private readonly Dictionary<string, FormField>? _fields;

    /// <summary>A form validated by <paramref name="validator"/>.</summary>
    public FormSchema(SchemaValidator validator, FormShape shape, params FormField[] encoding)
    {
        Validator = validator;
        Shape = shape;
        if (encoding.Length > 0)
        {
            _fields = new Dictionary<string, FormField>(encoding.Length, StringComparer.Ordinal);
            foreach (var field in encoding)
            {
                _fields[field.Name] = field;
            }
        }
    }

    /// <summary>The schema's validator, run on the JSON the form is read into.</summary>
    public SchemaValidator Validator { get; }

    /// <summary>The shape of the whole body (an object).</summary>
    public FormShape Shape { get; }

    /// <summary>The encoding of field <paramref name="name"/>, or null when the document gives none.</summary>
    public FormField? Field(string name) => _fields is not null && _fields.TryGetValue(name, out var field) ? field : null;
}
