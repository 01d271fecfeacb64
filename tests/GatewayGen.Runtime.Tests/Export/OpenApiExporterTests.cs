using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Export;

/// <summary>The exporter's pieces on small in-memory documents: verbatim defaults, stripping, inlining, refusals.</summary>
public sealed class OpenApiExporterTests
{
    private const string Api = """
        openapi: 3.0.3
        info: { title: T, version: '1.0' }
        x-gatewaygen-stages: { dev: { variables: { a: b } } }
        paths:
          /pets:
            get:
              responses: { '200': { description: ok, content: { application/json: { schema: { $ref: 'models/pet.yaml' } } } } }
              x-amazon-apigateway-integration: { type: mock }
              x-team: { x-amazon-apigateway-note: kept inside another extension's value }
        components:
          schemas:
            x-amazon-apigateway-named: { type: object, properties: { x-gatewaygen-field: { type: string, example: { x-gatewaygen-data: 1 } } } }
        """;

    private const string Pet = """
        type: object
        properties:
          name: { type: string }
          children: { type: array, items: { $ref: '#' } }
        """;

    private static readonly Dictionary<string, string> Files = new() { ["api.openapi.yaml"] = Api, ["models/pet.yaml"] = Pet };

    [Fact]
    public void The_defaults_give_a_single_file_document_byte_for_byte()
    {
        var files = new Dictionary<string, string> { ["one.openapi.yaml"] = "openapi: 3.1.0\ninfo: { title: T, version: '1' }  # a comment\npaths: {}\n" };
        var exported = OpenApiExporter.Export("one.openapi.yaml", files, new ExportOptions(null, null, null, KeepExtensions: true));
        Assert.Equal(files["one.openapi.yaml"], exported.Text);
        Assert.Equal(("yaml", "oas31"), (exported.Type, exported.Format));
    }

    [Fact]
    public void Other_files_are_inlined_and_a_schema_that_recurs_goes_to_the_components_once()
    {
        var exported = JsonNode.Parse(OpenApiExporter.Export("api.openapi.yaml", Files, new ExportOptions(null, null, "json", KeepExtensions: true)).Text)!;
        var schema = exported["paths"]!["/pets"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("string", schema["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/pet", schema["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/pet", exported["components"]!["schemas"]!["pet"]!["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("1.0", exported["info"]!["version"]!.GetValue<string>()); // quoted in YAML, a string still
    }

    [Fact]
    public void Extensions_none_strips_extensions_but_not_names_or_values()
    {
        var text = OpenApiExporter.Export("api.openapi.yaml", Files, new ExportOptions(null, null, null, KeepExtensions: false)).Text;
        Assert.DoesNotContain("x-gatewaygen-stages", text);
        Assert.DoesNotContain("x-amazon-apigateway-integration", text);
        Assert.Contains("x-amazon-apigateway-named", text); // a schema's name
        Assert.Contains("x-gatewaygen-field", text); // a property's name
        Assert.Contains("x-gatewaygen-data", text); // an example's value
        Assert.Contains("x-amazon-apigateway-note", text); // inside the user's own extension
    }

    [Fact]
    public void A_reference_to_a_file_the_binary_lacks_is_refused_with_its_name()
    {
        var files = new Dictionary<string, string> { ["api.openapi.yaml"] = Api };
        var refused = Assert.Throws<ExportException>(() => OpenApiExporter.Export("api.openapi.yaml", files, new ExportOptions(null, null, null, KeepExtensions: true)));
        Assert.Equal(422, refused.Status);
        Assert.Contains("'models/pet.yaml'", refused.Message);
    }

    [Fact]
    public void A_conversion_that_would_lose_a_security_scheme_is_refused()
    {
        var files = new Dictionary<string, string>
        {
            ["b.openapi.yaml"] = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents: { securitySchemes: { jwt: { type: http, scheme: bearer } } }\n",
        };
        var refused = Assert.Throws<ExportException>(() => OpenApiExporter.Export("b.openapi.yaml", files, new ExportOptions(null, "swagger", "json", KeepExtensions: true)));
        Assert.Equal(422, refused.Status);
        Assert.Contains("security scheme jwt", refused.Message);
        Assert.Contains("format=oas30", refused.Message);
    }

    [Theory]
    [InlineData("format", "oas4", "oas30, oas31, swagger")]
    [InlineData("type", "xml", "json, yaml")]
    [InlineData("extensions", "aws", "apigateway, none")]
    public void A_wrong_value_is_a_400_naming_the_allowed_ones(string name, string value, string allowed)
    {
        var refused = Assert.Throws<ExportException>(() => ExportOptions.Parse(n => n == name ? value : null));
        Assert.Equal(400, refused.Status);
        Assert.Equal(allowed, string.Join(", ", refused.Allowed));
    }

    [Theory]
    [InlineData("store.openapi.yaml", "paths/order.yaml", "paths/order.yaml")]
    [InlineData("paths/order.yaml", "../shared/p.yaml", "shared/p.yaml")]
    [InlineData("a.yaml", "../outside/x.yaml", "../outside/x.yaml")]
    [InlineData("a/b.yaml", "./c/../d.yaml", "a/d.yaml")]
    public void References_are_read_against_the_referring_files_folder(string from, string reference, string expected) =>
        Assert.Equal(expected, ReferenceInliner.Combine(from, reference));
}
