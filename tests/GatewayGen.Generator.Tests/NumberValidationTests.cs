using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Numbers are compared exactly, in bodies and parameters, whether the document is YAML (Specs/numbers.openapi.yaml)
/// or JSON (the same document converted): values and limits below 1e-28, beyond 28 digits and beyond double's range.
/// </summary>
public sealed class NumberValidationTests : IClassFixture<NumberValidationTests.Fixture>
{
    private readonly Fixture _gateway;

    public NumberValidationTests(Fixture gateway) => _gateway = gateway;

    public static TheoryData<string, string, string, string?> Bodies => new()
    {
        // document format, path, body, the keyword it fails (null: accepted)
        { "yaml", "/minimum", "-1e-29", "minimum" },
        { "yaml", "/minimum", "1e-29", null },
        { "yaml", "/minimum", "-0", null },
        { "yaml", "/price", """{"price":1e-29}""", null },
        { "yaml", "/price", """{"price":0}""", "exclusiveMinimum" },
        { "yaml", "/price", """{"price":-1e-29}""", "exclusiveMinimum" },
        { "yaml", "/unique", "[1e-29, 2e-29]", null },
        { "yaml", "/unique", "[1e-29, 1e-29]", "uniqueItems" },
        { "yaml", "/unique", "[1.0, 1]", "uniqueItems" },
        { "yaml", "/unique", "[1e400, 1e399]", null },
        { "yaml", "/zero", "1e-30", "enum" },
        { "yaml", "/zero", "0.0", null },
        { "yaml", "/zero", "-0", null },
        { "yaml", "/tenths", "0.30000000000000000000000000001", "multipleOf" },
        { "yaml", "/tenths", "0.3", null },
        { "yaml", "/limits", """{"tiny":1e-29}""", "exclusiveMinimum" },
        { "yaml", "/limits", """{"tiny":1.0000000000000000000000000001e-29}""", null },
        { "yaml", "/limits", """{"huge":1e399}""", null },
        { "yaml", "/limits", """{"huge":1e401}""", "maximum" },
        { "yaml", "/limits", """{"huge":1.0000000000000000000000000000000001e400}""", "maximum" },
        { "yaml", "/limits", """{"long":123456789012345678901234567890.5}""", null },
        { "yaml", "/limits", """{"long":123456789012345678901234567890.50000000001}""", "maximum" },
        { "yaml", "/limits", """{"fine":3e-29}""", null },
        { "yaml", "/limits", """{"fine":3.5e-29}""", "multipleOf" },
        { "yaml", "/limits", """{"whole":1e-29}""", "type" },
        { "yaml", "/limits", """{"whole":1.0}""", null },
        { "yaml", "/limits", """{"pick":1e-30}""", null },
        { "yaml", "/limits", """{"pick":0}""", "const" },
        { "json", "/minimum", "-1e-29", "minimum" },
        { "json", "/price", """{"price":1e-29}""", null },
        { "json", "/unique", "[1e-29, 2e-29]", null },
        { "json", "/zero", "1e-30", "enum" },
        { "json", "/tenths", "0.30000000000000000000000000001", "multipleOf" },
        { "json", "/limits", """{"tiny":1e-29}""", "exclusiveMinimum" },
        { "json", "/limits", """{"huge":1e401}""", "maximum" },
        { "json", "/limits", """{"long":123456789012345678901234567890.50000000001}""", "maximum" },
        { "json", "/limits", """{"pick":1e-30}""", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Body_numbers_are_compared_exactly(string format, string path, string body, string? failing)
    {
        var gateway = format == "yaml" ? _gateway.Yaml : _gateway.Json;
        var before = _gateway.Backend.Received.Count;
        using var response = await gateway.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        if (failing is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, Encoding.UTF8.GetString(_gateway.Backend.Last.Body));
        }
        else
        {
            var errors = await ErrorsAsync(response, "BAD_REQUEST_BODY", "pointer");
            Assert.Contains(failing, errors.Select(e => e.Keyword));
            Assert.Equal(before, _gateway.Backend.Received.Count);
        }
    }

    [Theory]
    [InlineData("at=-1e-29", "query.at", "minimum")]
    [InlineData("exact=-1e-29", "query.exact", "minimum")]
    [InlineData("above=1e-29", "query.above", "exclusiveMinimum")]
    [InlineData("above=0.00000000000000000000000000001", "query.above", "exclusiveMinimum")]
    [InlineData("count=0", "query.count", "exclusiveMinimum")]
    [InlineData("steps=0.30000000000000000000000000001", "query.steps", "multipleOf")]
    [InlineData("all=1,-1e-29", "query.all", "minimum")]
    [InlineData("most=0.10000000000000000001", "query.most", "maximum")]
    [InlineData("level=4", "query.level", "enum")]
    [InlineData("ratio=0", "query.ratio", "enum")]
    [InlineData("ratio=1e-30", "query.ratio", "enum")]
    [InlineData("fixed=0", "query.fixed", "const")]
    public async Task Number_parameters_are_compared_on_their_text_exactly(string query, string parameter, string keyword)
    {
        using var response = await _gateway.Yaml.Client.PostAsync("/minimum?" + query, new StringContent("1", Encoding.UTF8, "application/json"));

        var errors = await ErrorsAsync(response, "BAD_REQUEST_PARAMETERS", "parameter");
        Assert.Contains((parameter, keyword), errors);
    }

    [Theory]
    [InlineData("at=1e-29")]
    [InlineData("exact=1e-29")]
    [InlineData("exact=0")]
    [InlineData("above=1.0000000000000000000000000001e-29")]
    [InlineData("count=1")]
    [InlineData("count=9223372036854775807")]
    [InlineData("steps=0.3")]
    [InlineData("all=1,1e-29,0")]
    [InlineData("most=0.1")]
    [InlineData("most=-1e300")]
    [InlineData("level=2")]
    [InlineData("ratio=0.50")]
    [InlineData("ratio=0.00000000000000000000000000001")]
    [InlineData("fixed=1e-30")]
    public async Task Number_parameters_within_exact_limits_pass(string query)
    {
        using var response = await _gateway.Yaml.Client.PostAsync("/minimum?" + query, new StringContent("1", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void YAML_number_literals_are_read_as_written()
    {
        var json = Fixture.YamlToJson("a: [1e-29, 1e400, 123456789012345678901234567890.5, +.5, 5., 12345678910111213141516171819202122232425262728293031, 0.1]");

        Assert.Equal("""{"a":[1e-29,1e400,123456789012345678901234567890.5,0.5,5,12345678910111213141516171819202122232425262728293031,0.1]}""", json);
    }

    private static async Task<(string Pointer, string Keyword)[]> ErrorsAsync(HttpResponseMessage response, string type, string pointerName)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(type, document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty(pointerName).GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestBackend Backend { get; private set; } = null!;

        public CompiledGateway Yaml { get; private set; } = null!;

        public CompiledGateway Json { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Backend = await TestBackend.StartAsync(context => context.Response.WriteAsync("ok"));
            var yaml = File.ReadAllText(RepoPaths.Spec("numbers.openapi.yaml")).Replace("http://backend.test", Backend.Url);
            Yaml = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/numbers.openapi.yaml", yaml) });
            Json = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/numbers.openapi.json", YamlToJson(yaml)) });
        }

        public async Task DisposeAsync()
        {
            await Json.DisposeAsync();
            await Yaml.DisposeAsync();
            await Backend.DisposeAsync();
        }

        // The same document as JSON, numbers written as in the YAML (the JSON reader must keep them exactly too).
        public static string YamlToJson(string yaml)
        {
            var problems = new System.Collections.Generic.List<GatewayGen.Generator.Diagnostics.DiagnosticInfo>();
            return GatewayGen.Generator.Parsing.YamlJsonConverter.Convert(yaml, new GatewayGen.Generator.Parsing.SourceMap("numbers.openapi.yaml"), problems)!.ToJsonString();
        }
    }
}
