using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// Export from a real gateway process (tests/TestGateways/ExportGateway: a 3.0 YAML API whose path item is in another
/// file, and a Swagger 2.0 JSON API): GET /export in every version and syntax, extensions kept and stripped, wrong
/// parameters answered with the allowed values, and the `export` command. That each export builds into the same
/// gateway again is ExportRoundTripTests' (generator tests).
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class ExportTests : IAsyncLifetime
{
    private const string Project = "tests/TestGateways/ExportGateway";
    private const string Token = "export-test-token-0123456789abcdef";
    private static readonly string Dll = Repo.GatewayDll(Project, "ExportGateway");
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-export");
    private RunningProcess _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // GET /export is the admin listener's, with its token, as every admin route.
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        var admin = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Dll, "--urls", address.ToString(), "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"),
            "--Gateway:Admin:Token=" + Token, "--Gateway:Admin:Url=" + admin,
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(admin, "/ping").ToString());
        _client = new HttpClient { BaseAddress = admin };
        using (var anonymous = await _client.GetAsync("/export"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task By_default_a_document_comes_back_as_it_was_built()
    {
        using var legacy = await _client.GetAsync("/export?api=Legacy");
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.Equal("application/json", legacy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllText(Repo.InRepo(Project, "legacy.openapi.json")), await legacy.Content.ReadAsStringAsync());

        // The other file's path item is inlined, and its reference back to the document is local again.
        using var store = await _client.GetAsync("/export?api=store");
        Assert.Equal("application/yaml", store.Content.Headers.ContentType?.MediaType);
        var text = await store.Content.ReadAsStringAsync();
        Assert.DoesNotContain("shared/pet.yaml", text, StringComparison.Ordinal);
        Assert.Contains("operationId: getPet", text, StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Pet", text, StringComparison.Ordinal);
        Assert.Equal("3.0.3", Yaml(text)["openapi"]!.ToString());
    }

    [Theory]
    [InlineData("Store", "oas30", "openapi", "3.0")]
    [InlineData("Store", "oas31", "openapi", "3.1")]
    [InlineData("Store", "swagger", "swagger", "2.0")]
    [InlineData("Legacy", "oas30", "openapi", "3.0")]
    [InlineData("Legacy", "oas31", "openapi", "3.1")]
    [InlineData("Legacy", "swagger", "swagger", "2.0")]
    public async Task Every_version_and_syntax_parses_with_the_operations_and_extensions(string api, string format, string versionField, string version)
    {
        foreach (var type in new[] { "json", "yaml" })
        {
            using var response = await _client.GetAsync($"/export?api={api}&format={format}&type={type}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal("application/" + type, response.Content.Headers.ContentType?.MediaType);
            var document = type == "json" ? System.Text.Json.Nodes.JsonNode.Parse(text)! : Yaml(text);
            Assert.StartsWith(version, document[versionField]!.ToString(), StringComparison.Ordinal);
            var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Where(o => o.Key is "get" or "post" && o.Value is System.Text.Json.Nodes.JsonObject)).ToList();
            Assert.Equal(api == "Store" ? 2 : 1, operations.Count);
            Assert.All(operations, operation => Assert.Equal("mock", operation.Value!["x-amazon-apigateway-integration"]!["type"]!.ToString()));
        }
    }

    [Fact]
    public async Task Extensions_none_strips_the_gateways_extensions_and_keeps_names_that_only_look_like_them()
    {
        foreach (var format in new[] { "", "&format=oas31&type=json" })
        {
            var text = await _client.GetStringAsync("/export?api=Store&extensions=none" + format);
            Assert.DoesNotContain("x-amazon-apigateway-integration", text, StringComparison.Ordinal);
            Assert.DoesNotContain("x-amazon-apigateway-request-validators", text, StringComparison.Ordinal);
            Assert.DoesNotContain("x-gatewaygen-", text, StringComparison.Ordinal);
            Assert.Contains("x-amazon-apigateway-tag", text, StringComparison.Ordinal); // a schema property's name
            Assert.Contains("getPet", text, StringComparison.Ordinal);
        }

        Assert.Contains("x-gatewaygen-stages", await _client.GetStringAsync("/export?api=Store&extensions=apigateway"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "This gateway has 3 APIs", new[] { "Formdata", "Legacy", "Store" })]
    [InlineData("?api=nope", "no API 'nope'", new[] { "Formdata", "Legacy", "Store" })]
    [InlineData("?api=Store&format=oas4", "format must be one of", new[] { "oas30", "oas31", "swagger" })]
    [InlineData("?api=Store&type=xml", "type must be one of", new[] { "json", "yaml" })]
    [InlineData("?api=Store&extensions=aws", "extensions must be one of", new[] { "apigateway", "none" })]
    public async Task A_wrong_or_missing_parameter_is_a_400_naming_the_allowed_values(string query, string message, string[] allowed)
    {
        using var response = await _client.GetAsync("/export" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(allowed.OrderBy(a => a, StringComparer.Ordinal), body.RootElement.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()!).OrderBy(a => a, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_export_command_prints_or_writes_the_document_and_names_the_choices()
    {
        var (code, output) = await RunAsync("export", "--api", "Legacy");
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllText(Repo.InRepo(Project, "legacy.openapi.json")), output);

        var file = Path.Combine(_folder, "store.json");
        (code, output) = await RunAsync("export", "--api=Store", "--format", "oas31", "--type", "json", "--extensions", "none", "--output", file);
        Assert.True(code == 0, output);
        var exported = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        Assert.StartsWith("3.1", exported["openapi"]!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("x-amazon-apigateway-integration", File.ReadAllText(file), StringComparison.Ordinal);

        (code, output) = await RunAsync("export");
        Assert.Equal(2, code);
        Assert.Contains("Allowed: ", output, StringComparison.Ordinal);
        Assert.Contains("Legacy", output, StringComparison.Ordinal);
        Assert.Contains("Store", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("export", "--api", "Store", "--format", "oas4");
        Assert.Equal(2, code);
        Assert.Contains("format must be one of oas30, oas31, swagger", output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["Gateway__Store"] = Path.Combine(_folder, "gateway.db") };
        return await RunningProcess.RunAsync("dotnet", arguments.Prepend(Dll), environment: environment, timeoutSeconds: 60);
    }

    // YAML read by YamlDotNet into JSON nodes: mappings, sequences and scalars as strings are enough here.
    private static System.Text.Json.Nodes.JsonNode Yaml(string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(text));
        return Convert(stream.Documents[0].RootNode)!;

        static System.Text.Json.Nodes.JsonNode? Convert(YamlDotNet.RepresentationModel.YamlNode node) => node switch
        {
            YamlDotNet.RepresentationModel.YamlMappingNode mapping => new System.Text.Json.Nodes.JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlDotNet.RepresentationModel.YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlDotNet.RepresentationModel.YamlSequenceNode sequence => new System.Text.Json.Nodes.JsonArray(sequence.Children.Select(Convert).ToArray()),
            YamlDotNet.RepresentationModel.YamlScalarNode scalar => System.Text.Json.Nodes.JsonValue.Create(scalar.Value),
            _ => null,
        };
    }
}
