using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>minimum-compression-size, binary-media-types and contentHandling: broken values are located errors; good ones are no GG0019 any more.</summary>
public sealed class ContentDiagnosticTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("10485761")]
    [InlineData("1.5")]
    [InlineData("big")]
    public void A_minimum_compression_size_out_of_range_or_not_whole_is_GG0045_at_its_key(string value)
    {
        var diagnostics = Diagnose($"""
            openapi: 3.0.3
            info: {"{"} title: T, version: '1' {"}"}
            x-amazon-apigateway-minimum-compression-size: {value}
            paths: {"{}"}
            """);

        var only = Assert.Single(diagnostics);
        Assert.StartsWith($"api.openapi.yaml(3,1): error GG0045: x-amazon-apigateway-minimum-compression-size must be a whole number of bytes from 0 to 10485760, not '{value}'", only);
    }

    [Fact]
    public void The_documented_keys_with_good_values_are_read_without_a_warning()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-minimum-compression-size: 10485760
            x-amazon-apigateway-binary-media-types: [ image/png, 'image/*', '*/*', application/vnd.api+json ]
            paths:
              /a:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http
                    uri: https://example.com/a
                    contentHandling: CONVERT_TO_TEXT
                    responses: { default: { statusCode: 200, contentHandling: CONVERT_TO_BINARY } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_binary_media_type_that_is_not_type_slash_subtype_is_GG0046_at_the_entry()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-binary-media-types:
              - image/png
              - image
              - 'text/plain; charset=utf-8'
              - '*/png'
            paths: {}
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(5,5): error GG0046: 'image' is not a binary media type: it must be type/subtype, such as image/png, image/* or */*",
            "api.openapi.yaml(6,5): error GG0046: 'text/plain; charset=utf-8' is not a binary media type: it must be type/subtype, such as image/png, image/* or */*",
            "api.openapi.yaml(7,5): error GG0046: '*/png' is not a binary media type: it must be type/subtype, such as image/png, image/* or */*",
        }, diagnostics.Select(d => d.Split(" (https://")[0]));
    }

    [Fact]
    public void Binary_media_types_that_are_not_a_list_are_GG0046()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-binary-media-types: image/png
            paths: {}
            """);

        Assert.StartsWith("api.openapi.yaml(3,1): error GG0046: 'image/png' is not a binary media type: the value must be a list of media types", Assert.Single(diagnostics));
    }

    [Fact]
    public void A_contentHandling_that_is_not_one_of_the_two_is_GG0047_at_its_key()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /a:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: http
                    uri: https://example.com/a
                    contentHandling: CONVERT_TO_JPEG
                    responses:
                      default: { statusCode: 200, contentHandling: convert_to_text }
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(10,9): error GG0047: contentHandling 'CONVERT_TO_JPEG' cannot be applied: it must be CONVERT_TO_TEXT or CONVERT_TO_BINARY (or left out to pass payloads through)",
            "api.openapi.yaml(12,39): error GG0047: contentHandling 'convert_to_text' cannot be applied: it must be CONVERT_TO_TEXT or CONVERT_TO_BINARY (or left out to pass payloads through)",
        }, diagnostics.Select(d => d.Split(" (https://")[0]));
    }

    [Fact]
    public void A_mock_converted_to_binary_whose_template_is_not_base64_is_GG0047()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /logo:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: mock
                    responses:
                      default: { statusCode: 200, contentHandling: CONVERT_TO_BINARY, responseTemplates: { image/png: 'not base64!' } }
            """);

        Assert.StartsWith("api.openapi.yaml(10,39): error GG0047: contentHandling 'CONVERT_TO_BINARY' cannot be applied: the response template is not base64 text", Assert.Single(diagnostics));
    }

    [Fact]
    public void A_mock_converted_to_binary_whose_example_is_not_base64_is_GG0047()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /logo:
                get:
                  responses: { '200': { description: ok, content: { image/png: { example: 'not base64!' } } } }
                  x-amazon-apigateway-integration:
                    type: mock
                    responses:
                      default: { statusCode: 200, contentHandling: CONVERT_TO_BINARY }
            """);

        Assert.StartsWith("api.openapi.yaml(10,39): error GG0047: contentHandling 'CONVERT_TO_BINARY' cannot be applied: the mock's body is not base64 text", Assert.Single(diagnostics));
    }

    private static string[] Diagnose(string text)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/api.openapi.yaml", text) }, null, null);
        Assert.Empty(run.Exceptions);
        return run.GeneratorDiagnostics.Where(d => d.Id != "GG0013").Select(GeneratorRun.Format).ToArray();
    }
}
