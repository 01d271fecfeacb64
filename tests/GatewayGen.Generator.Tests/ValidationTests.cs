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

/// <summary>Request validation as a client sees it (Specs/validation.openapi.yaml), in front of a real backend.</summary>
public sealed class ValidationTests : IClassFixture<ValidationTests.Fixture>
{
    private const string ValidPet = """{"name":"Rex","kind":{"type":"Dog","good":true},"age":3,"owner":{"email":"a@b.example","friend":{"email":"c@d.example"}}}""";

    private readonly Fixture _gateway;

    public ValidationTests(Fixture gateway) => _gateway = gateway;

    [Fact]
    public async Task A_valid_body_reaches_the_backend_byte_for_byte()
    {
        // Odd spacing and key order must survive: the gateway forwards what it validated, not a re-serialisation.
        var body = "{ \"kind\" : {\"good\":true,\"type\":\"Dog\"},\n  \"name\":\"R\\u00e9x\" }";

        using var response = await PostAsync("/pets", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Encoding.UTF8.GetString(_gateway.Backend.Last.Body));
    }

    [Fact]
    public async Task An_invalid_body_is_a_400_listing_every_error_with_its_pointer_and_keyword()
    {
        var body = """{"name":"","age":100,"kind":{"type":"Cat","lives":12},"tags":["a","a"],"owner":{"friend":{"email":"not-an-email"}},"extra":1}""";
        var before = _gateway.Backend.Received.Count;

        using var response = await PostAsync("/pets", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ErrorsAsync(response, "BAD_REQUEST_BODY");
        Assert.Contains(("/name", "minLength"), errors);
        Assert.Contains(("/age", "exclusiveMaximum"), errors);
        Assert.Contains(("/kind/lives", "maximum"), errors);
        Assert.Contains(("/tags", "uniqueItems"), errors);
        Assert.Contains(("/owner/friend/email", "format"), errors);
        Assert.Contains(("/extra", "false"), errors);
        Assert.Equal(before, _gateway.Backend.Received.Count);
    }

    [Fact]
    public async Task Missing_required_properties_and_wrong_types_are_named()
    {
        using var response = await PostAsync("/pets", """{"nickname":null,"age":"three"}""");

        var errors = await ErrorsAsync(response, "BAD_REQUEST_BODY");
        Assert.Contains(("", "required"), errors);
        Assert.Contains(("/age", "type"), errors);
        Assert.Equal(2, errors.Count(e => e.Keyword == "required"));
    }

    [Fact]
    public async Task The_discriminator_picks_the_schema_and_rejects_unknown_kinds()
    {
        using var unknown = await PostAsync("/pets", """{"name":"Rex","kind":{"type":"Parrot"}}""");
        var errors = await ErrorsAsync(unknown, "BAD_REQUEST_BODY");
        Assert.Equal(("/kind", "discriminator"), Assert.Single(errors));

        using var cat = await PostAsync("/pets", """{"name":"Tom","kind":{"type":"Cat","lives":7}}""");
        Assert.Equal(HttpStatusCode.OK, cat.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_byte_position()
    {
        using var response = await PostAsync("/pets", """{"name": "Rex",, "kind": {}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("BAD_REQUEST_BODY", error.Type);
        Assert.Contains("at byte 15", error.Message);
    }

    [Fact]
    public async Task A_missing_required_body_is_a_400_and_a_foreign_media_type_a_415()
    {
        using var empty = await _gateway.Client.PostAsync("/pets", new ByteArrayContent(System.Array.Empty<byte>()));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Missing required request body.", (await ErrorBody.ReadAsync(empty)).Message);

        using var xml = await _gateway.Client.PostAsync("/pets", new StringContent("<pet/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", (await ErrorBody.ReadAsync(xml)).Type);
    }

    [Fact]
    public async Task Every_parameter_error_is_listed_at_once()
    {
        using var response = await PostAsync("/pets?limit=0&tag=A&ids=1&ids=1&ids=-2", ValidPet);

        var errors = await ErrorsAsync(response, "BAD_REQUEST_PARAMETERS", pointerName: "parameter");
        Assert.Contains(("query.limit", "minimum"), errors);
        Assert.Contains(("query.tag", "minLength"), errors);
        Assert.Contains(("query.tag", "pattern"), errors);
        Assert.Contains(("query.ids", "uniqueItems"), errors);
        Assert.Contains(("query.ids", "minimum"), errors);
    }

    [Fact]
    public async Task A_scalar_query_parameter_given_twice_is_refused_naming_it_while_one_value_passes()
    {
        // The whole query goes to the backend: checking only the last 'limit' would let '500' through unchecked.
        var before = _gateway.Backend.Received.Count;
        using var twice = await PostAsync("/pets?limit=500&limit=5", ValidPet);

        var errors = await ErrorsAsync(twice, "BAD_REQUEST_PARAMETERS", pointerName: "parameter");
        Assert.Contains(("query.limit", "single"), errors);
        Assert.Equal(before, _gateway.Backend.Received.Count);

        using var once = await PostAsync("/pets?limit=5&ids=1&ids=2", ValidPet);
        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
    }

    [Fact]
    public async Task Request_validators_switch_body_and_parameter_validation_off_per_operation()
    {
        using var unchecked_ = await PostAsync("/unchecked?limit=99", "{\"not\":\"a pet\"}");
        Assert.Equal(HttpStatusCode.OK, unchecked_.StatusCode);

        using var paramsOnly = await PostAsync("/params-only", "{\"not\":\"a pet\"}");
        Assert.Equal(HttpStatusCode.OK, paramsOnly.StatusCode);

        using var badParameter = await PostAsync("/params-only?limit=99", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, badParameter.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _gateway.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<(string Pointer, string Keyword)[]> ErrorsAsync(HttpResponseMessage response, string type, string pointerName = "pointer")
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(type, document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty(pointerName).GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }

    public sealed class Fixture() : SpecGatewayFixture("validation.openapi.yaml");
}
