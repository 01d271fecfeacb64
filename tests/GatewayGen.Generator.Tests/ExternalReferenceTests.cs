using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// A document split over files (Specs/multifile: an operation, a path item, a parameter, a response and schemas
/// each in their own file, with relative, local and recursive references) builds and serves like one file.
/// </summary>
public sealed class ExternalReferenceTests
{
    private const string Root = "/project/specs/store.openapi.yaml";

    /// <summary>The multi-file document as a project holds it: the root plus every other file as AdditionalFiles.</summary>
    internal static IReadOnlyList<SpecFile> MultiFileProject(string? replacePath = null, string? replaceText = null)
    {
        var directory = RepoPaths.Spec("multifile");
        return Directory.GetFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(path => path, System.StringComparer.Ordinal)
            .Select(path => "/project/specs/" + Path.GetRelativePath(directory, path).Replace('\\', '/'))
            .Select(path => new SpecFile(path, path == replacePath ? replaceText! : File.ReadAllText(Path.Combine(directory, path.Substring("/project/specs/".Length)))))
            .ToList();
    }

    [Fact]
    public async Task Operations_path_items_parameters_and_schemas_from_other_files_are_served_and_validated()
    {
        await using var gateway = await CompiledGateway.StartAsync(MultiFileProject());

        using var created = await PostAsync(gateway, "/orders", """{"lines":[{"sku":"ABC-1","parts":[{"sku":"DEF-2"}]}],"total":{"amount":5,"currency":"EUR"}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The pattern of Sku (a local "#/Sku" inside catalog.yaml), reached through the recursive Line, and
        // Money's pattern, reached through a reference back into the root document.
        using var invalid = await PostAsync(gateway, "/orders", """{"lines":[{"sku":"ABC-1","parts":[{"sku":"bad"}]}],"total":{"amount":5,"currency":"eur"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var pointers = await ErrorBody.PointersAsync(invalid);
        Assert.Contains("/lines/0/parts/0/sku", pointers);
        Assert.Contains("/total/currency", pointers);

        using var found = await gateway.Client.GetAsync("/orders/7");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);

        // The path parameter comes from shared/parameters.yaml, minimum 1 included.
        using var zero = await gateway.Client.GetAsync("/orders/0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("orderId", (await ErrorBody.ReadAsync(zero)).Message);
    }

    [Fact]
    public void Only_the_root_document_becomes_an_api()
    {
        var run = GeneratorHarness.Run(MultiFileProject(), null, null);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(new[] { "Store" }, run.Sources.Keys.Where(k => k.EndsWith(".Routes.g.cs")).Select(k => k.Substring(0, k.IndexOf('.'))));
    }

    [Fact]
    public void A_reference_to_a_file_the_project_does_not_have_is_GG0029_at_the_reference()
    {
        var files = MultiFileProject().Where(f => !f.Path.EndsWith("/money.yaml")).ToList();

        var diagnostic = Assert.Single(GeneratorHarness.Run(files, null, null).GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        Assert.Equal("store.openapi.yaml(12,7): error GG0029: $ref 'models/money.yaml' does not resolve: no AdditionalFiles item is at /project/specs/models/money.yaml; add the file to the project's AdditionalFiles", GeneratorRun.Format(diagnostic));
        Assert.Equal(Root, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_pointer_to_nothing_in_a_referenced_file_is_GG0029_in_the_file_that_holds_it()
    {
        var order = "/project/specs/models/order.yaml";
        var files = MultiFileProject(order, File.ReadAllText(RepoPaths.Spec("multifile/models/order.yaml")).Replace("catalog.yaml#/Line", "catalog.yaml#/Lines"));

        var diagnostic = Assert.Single(GeneratorHarness.Run(files, null, null).GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        Assert.Equal("order.yaml(8,7): error GG0029: $ref 'catalog.yaml#/Lines' does not resolve: catalog.yaml has nothing at #/Lines", GeneratorRun.Format(diagnostic));
        Assert.Equal(order, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Problems_inside_a_referenced_file_point_at_their_line_in_that_file()
    {
        var catalog = "/project/specs/models/catalog.yaml";
        var text = File.ReadAllText(RepoPaths.Spec("multifile/models/catalog.yaml")).Replace("'^[A-Z]{3}-[0-9]+$'", "'^[A-Z'");

        var pattern = Assert.Single(GeneratorHarness.Run(MultiFileProject(catalog, text), null, null).GeneratorDiagnostics, d => d.Id == "GG0023");
        Assert.Equal(catalog, pattern.Location.GetLineSpan().Path);
        Assert.Equal(13, pattern.Location.GetLineSpan().StartLinePosition.Line + 1);

        var syntax = Assert.Single(GeneratorHarness.Run(MultiFileProject(catalog, text.Replace("  type: string", "  type: [string")), null, null).GeneratorDiagnostics, d => d.Id == "GG0001");
        Assert.Equal(catalog, syntax.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Path_items_that_refer_to_themselves_are_reported_not_followed_for_ever()
    {
        var files = new[]
        {
            new SpecFile("/p/loop.openapi.yaml", "openapi: 3.0.3\ninfo: { title: Loop, version: '1' }\npaths:\n  /a:\n    $ref: a.yaml\n"),
            new SpecFile("/p/a.yaml", "$ref: b.yaml\n"),
            new SpecFile("/p/b.yaml", "$ref: a.yaml\n"),
        };

        var run = GeneratorHarness.Run(files, null, null);

        Assert.Empty(run.Exceptions);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "GG0029" && d.GetMessage().Contains("leads back to itself"));
    }

    [Fact]
    public async Task An_example_kept_in_another_file_is_what_a_mock_answers_and_a_literal_ref_in_an_example_stays_data()
    {
        var files = new[]
        {
            new SpecFile("/p/shop.openapi.yaml", """
                openapi: 3.0.3
                info: { title: Shop, version: '1' }
                paths:
                  /order:
                    get:
                      responses:
                        '200':
                          description: ok
                          content: { application/json: { example: { $ref: examples/order.yaml } } }
                      x-amazon-apigateway-integration: { type: mock }
                  /schema:
                    get:
                      responses:
                        '200':
                          description: a JSON Schema document, whose "$ref" is its own business
                          content: { application/json: { example: { $ref: definitions/not-here.json, type: object } } }
                      x-amazon-apigateway-integration: { type: mock }
                """),
            new SpecFile("/p/examples/order.yaml", "id: 7\nitems: [pen]\n"),
        };

        await using var gateway = await CompiledGateway.StartAsync(files);

        using var order = await gateway.Client.GetAsync("/order");
        using var json = JsonDocument.Parse(await order.Content.ReadAsStringAsync());
        Assert.Equal(7, json.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("pen", json.RootElement.GetProperty("items")[0].GetString());
        Assert.Empty(GeneratorHarness.Run(files, null, null).GeneratorDiagnostics.Where(d => d.Id == "GG0029"));
    }

    [Fact]
    public void Editing_a_referenced_file_changes_the_deployment_id()
    {
        var money = "/project/specs/models/money.yaml";
        var edited = File.ReadAllText(RepoPaths.Spec("multifile/models/money.yaml")).Replace("minimum: 0", "minimum: 1");

        Assert.NotEqual(DeploymentTests.Id(GeneratorHarness.Run(MultiFileProject(), null, null)), DeploymentTests.Id(GeneratorHarness.Run(MultiFileProject(money, edited), null, null)));
    }

    [Fact]
    public void A_document_without_external_references_skips_the_walk()
    {
        Assert.False(GatewayGen.Generator.Parsing.ExternalReferences.HasExternalReference("a:\n  $ref: '#/components/schemas/A'\nb: { \"$ref\" : \"#/x\" }"));
        Assert.True(GatewayGen.Generator.Parsing.ExternalReferences.HasExternalReference("a:\n  $ref: models/a.yaml\n"));
        Assert.True(GatewayGen.Generator.Parsing.ExternalReferences.HasExternalReference("{\"$ref\": \"a.json#/b\"}"));
    }

    private static Task<HttpResponseMessage> PostAsync(CompiledGateway gateway, string path, string json) =>
        gateway.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
