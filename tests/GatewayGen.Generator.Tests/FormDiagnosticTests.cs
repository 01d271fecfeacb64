using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Form encodings the gateway cannot read as written are located warnings (GG0057, GG0059); Swagger 2.0 formData is GG0058.</summary>
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

    [Fact]
    public void Swagger_2_formData_parameters_are_GG0058_at_the_first_one()
    {
        var only = Assert.Single(Diagnose("""
            swagger: '2.0'
            info: { title: T, version: '1' }
            paths:
              /a:
                post:
                  consumes: [ application/x-www-form-urlencoded ]
                  parameters:
                    - { name: amount, in: formData, type: integer }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            """));

        Assert.StartsWith("api.openapi.yaml(8,27): warning GG0058: POST /a takes formData parameters", only);
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
