using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Form encodings the gateway cannot read as written are located warnings (GG0057, GG0059; Swagger 2.0 formData parameters GG0056).</summary>
public sealed class FormDiagnosticTests
{
    private const string Form = """
        openapi: 3.0.3
        info: { title: T, version: '1' }
        paths:
          /a:
            post:
              requestBody:
                content:
                  ENCODED:
                    encoding:
        ENCODING
                    schema:
                      type: object
                      properties:
                        point: { type: object, properties: { x: { type: integer } } }
                        tags: { type: array, items: { type: string } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
        """;

    private static string Document(string encoding, string mediaType = "application/x-www-form-urlencoded") =>
        Form.Replace("ENCODED", mediaType).Replace("ENCODING", encoding);

    [Fact]
    public void Supported_encodings_are_read_without_a_warning()
    {
        var diagnostics = Diagnose(Document("""
                      point: { style: deepObject, explode: true }
                      tags: { style: pipeDelimited }
        """));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_parameter_only_style_is_GG0057_at_the_style()
    {
        var only = Assert.Single(Diagnose(Document("""
                      tags: { style: matrix }
        """)));

        Assert.StartsWith("api.openapi.yaml(10,23): warning GG0057: The encoding of form field 'tags' is not enforced as written: style 'matrix' is not a style for form fields", only);
    }

    [Fact]
    public void An_exploded_form_object_is_GG0057_at_its_entry()
    {
        var only = Assert.Single(Diagnose(Document("""
                      point: { style: form, explode: true }
        """)));

        Assert.StartsWith("api.openapi.yaml(10,15): warning GG0057: The encoding of form field 'point' is not enforced as written: style form with explode", only);
    }

    [Fact]
    public void Multipart_encoding_headers_are_GG0057_at_the_headers()
    {
        var only = Assert.Single(Diagnose(Document("""
                      point:
                        contentType: application/json
                        headers: { X-Rate: { schema: { type: integer } } }
        """, "multipart/form-data")));

        Assert.StartsWith("api.openapi.yaml(12,17): warning GG0057: The encoding of form field 'point' is not enforced as written: a part's headers are not checked", only);
    }

    [Fact]
    public void An_encoding_key_that_is_no_property_is_GG0059_at_the_key()
    {
        var only = Assert.Single(Diagnose(Document("""
                      pointt: { style: deepObject, explode: true }
        """)));

        Assert.StartsWith("api.openapi.yaml(10,15): warning GG0059: The encoding names 'pointt', which is not a property of the body's schema", only);
    }

    private const string Swagger2 = """
        swagger: '2.0'
        info: { title: T, version: '1' }
        paths:
          /a:
            post:
              consumes: CONSUMES
              parameters:
        PARAMETERS
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
        """;

    private static string FormData(string parameters, string consumes = "[ application/x-www-form-urlencoded ]") =>
        Swagger2.Replace("CONSUMES", consumes).Replace("PARAMETERS", parameters);

    [Fact]
    public void Swagger_2_formData_parameters_of_every_collectionFormat_are_read_without_a_warning()
    {
        // tsv too, which Microsoft.OpenApi cannot read (it throws): the gateway splits on tabs. Nor are the fields its 2.0
        // reader does not know (exclusiveMinimum, multipleOf, minItems, maxItems, uniqueItems) errors: Swagger 2.0 defines them.
        var diagnostics = Diagnose(FormData("""
                - { name: amount, in: formData, type: integer, required: true, minimum: 0, exclusiveMinimum: true, multipleOf: 5 }
                - { name: codes, in: formData, type: array, minItems: 1, maxItems: 3, uniqueItems: true, items: { type: string } }
                - { name: photo, in: formData, type: file }
                - { name: a, in: formData, type: array, items: { type: string } }
                - { name: b, in: formData, type: array, items: { type: string }, collectionFormat: ssv }
                - { name: c, in: formData, type: array, items: { type: string }, collectionFormat: tsv }
                - { name: d, in: formData, type: array, items: { type: string }, collectionFormat: pipes }
                - { name: e, in: formData, type: array, items: { type: string }, collectionFormat: multi }
        """, "[ application/x-www-form-urlencoded, multipart/form-data ]"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void An_any_method_operation_with_tsv_form_fields_is_read_too()
    {
        var diagnostics = Diagnose("""
            swagger: '2.0'
            info: { title: T, version: '1' }
            paths:
              /a:
                x-amazon-apigateway-any-method:
                  consumes: [ application/x-www-form-urlencoded ]
                  parameters:
                    - { name: cells, in: formData, type: array, items: { type: integer }, collectionFormat: tsv }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_non_form_media_type_beside_formData_parameters_is_GG0056_at_its_consumes_entry()
    {
        var only = Assert.Single(Diagnose(FormData("""
                - { name: amount, in: formData, type: integer }
        """, "[ multipart/form-data, application/json ]")));

        Assert.StartsWith("api.openapi.yaml(6,40): warning GG0056: The formData parameters of POST /a are not enforced as written: formData parameters describe application/x-www-form-urlencoded and multipart/form-data bodies; a body of 'application/json' is passed on unchecked", only);
    }

    [Fact]
    public void An_unknown_collectionFormat_is_GG0056_at_the_key()
    {
        var only = Assert.Single(Diagnose(FormData("""
                - { name: tags, in: formData, type: array, items: { type: string }, collectionFormat: semicolons }
        """)));

        Assert.StartsWith("api.openapi.yaml(8,77): warning GG0056: The formData parameters of POST /a are not enforced as written: field 'tags' has collectionFormat 'semicolons', which is not csv, ssv, tsv, pipes or multi; it is read as csv", only);
    }

    [Fact]
    public void An_array_of_arrays_is_GG0056_at_the_inner_collectionFormat()
    {
        var only = Assert.Single(Diagnose(FormData("""
                - name: grid
                  in: formData
                  type: array
                  collectionFormat: pipes
                  items:
                    type: array
                    collectionFormat: csv
                    items: { type: integer }
        """)));

        Assert.StartsWith("api.openapi.yaml(14,13): warning GG0056: The formData parameters of POST /a are not enforced as written: field 'grid' is an array of arrays", only);
    }

    [Fact]
    public void A_body_parameter_beside_formData_ones_is_GG0056_at_the_first_form_field()
    {
        var diagnostics = Diagnose(FormData("""
                - { name: payload, in: body, schema: { type: object } }
                - { name: amount, in: formData, type: integer }
        """, "[ application/json ]"));

        Assert.Contains(diagnostics, d => d.StartsWith("api.openapi.yaml(9,27): warning GG0056: The formData parameters of POST /a are not enforced as written: the operation has an 'in: body' parameter too", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_wildcard_with_a_scalar_schema_is_GG0062_at_the_key_and_one_with_an_object_or_file_schema_is_not()
    {
        const string Wildcard = """
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      '*/*': { schema: SCHEMA }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """;

        var only = Assert.Single(Diagnose(Wildcard.Replace("SCHEMA", "{ type: string, maxLength: 5 }")));
        Assert.StartsWith("api.openapi.yaml(8,11): warning GG0062: '*/*' has a schema that is no object and no file: only JSON bodies under it are validated", only);

        Assert.Empty(Diagnose(Wildcard.Replace("SCHEMA", "{ required: [id], properties: { id: { type: integer } } }")));
        Assert.Empty(Diagnose(Wildcard.Replace("SCHEMA", "{ type: string, format: binary }")));
    }

    private static string[] Diagnose(string text)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/api.openapi.yaml", text) }, null, null);
        Assert.Empty(run.Exceptions);
        return run.GeneratorDiagnostics.Where(d => d.Id != "GG0013").Select(GeneratorRun.Format).ToArray();
    }
}
