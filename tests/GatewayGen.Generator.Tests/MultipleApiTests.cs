using System.Net;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Several documents in one project are several APIs behind one gateway.</summary>
public sealed class MultipleApiTests
{
    private static string Document(string title, string path, string method, string body) => $$"""
        openapi: 3.0.3
        info: { title: {{title}}, version: '1' }
        paths:
          {{path}}:
            {{method}}:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: mock
                responses: { default: { statusCode: 200, responseTemplates: { text/plain: {{body}} } } }
        """;

    [Fact]
    public async Task Each_document_is_an_api_and_a_shared_path_allows_the_methods_of_both()
    {
        var specs = new[]
        {
            new SpecFile("/p/catalog.openapi.yaml", Document("Catalog", "/items", "get", "from-catalog")),
            new SpecFile("/p/orders.openapi.yml", Document("Orders", "/items", "post", "from-orders")),
            new SpecFile("/p/legacy.json", System.IO.File.ReadAllText(RepoPaths.Spec("legacy.swagger.json")), GatewayGenMetadata: "true", ApiName: "Legacy"),
            new SpecFile("/p/modern.openapi.json", System.IO.File.ReadAllText(RepoPaths.Spec("modern.openapi.json"))),
            new SpecFile("/p/notes.yaml", "not: an api", GatewayGenMetadata: "false"),
        };
        await using var gateway = await CompiledGateway.StartAsync(specs);

        Assert.Equal("from-catalog", await gateway.Client.GetStringAsync("/items"));
        using var posted = await gateway.Client.PostAsync("/items", null);
        Assert.Equal("from-orders", await posted.Content.ReadAsStringAsync());
        using var deleted = await gateway.Client.DeleteAsync("/items");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, deleted.StatusCode);
        Assert.Equal("GET, POST", string.Join(", ", deleted.Content.Headers.Allow));

        Assert.Equal("{\"legacy\": true}", await gateway.Client.GetStringAsync("/legacy/7?tags=a,b"));
        using var badLegacy = await gateway.Client.GetAsync("/legacy/seven");
        Assert.Equal(HttpStatusCode.BadRequest, badLegacy.StatusCode);
        Assert.Equal("{\"modern\":true}", await gateway.Client.GetStringAsync("/modern/x?page=2"));
        Assert.DoesNotContain("Notes", string.Join(",", gateway.Sources.Keys));
    }
}
