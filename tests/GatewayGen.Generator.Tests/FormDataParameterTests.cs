using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Swagger 2.0 "in: formData" parameters (Specs/formdata.swagger.yaml) validated as the OpenAPI 3 form body they
/// describe: each parameter a field with its type, format, enum, bounds and pattern, required ones required, files as
/// parts, arrays split as their collectionFormat says; what is valid reaches the backend byte for byte.
/// </summary>
public sealed class FormDataParameterTests : IClassFixture<FormDataParameterTests.Fixture>
{
    private const string UrlEncoded = "application/x-www-form-urlencoded";

    private readonly Fixture _gateway;

    public FormDataParameterTests(Fixture gateway) => _gateway = gateway;

    [Fact]
    public async Task A_valid_form_reaches_the_backend_with_the_bytes_the_client_sent()
    {
        const string form = "name=Rex&age=3&status=sold&vaccinated=true&weight=4.5&tags=a,b&ids=1&ids=2&words=ab+cd&cells=1%092&codes=ab|cd&note=hi%21&source=web";

        using var response = await SendAsync("/pets?dryRun=true", form, UrlEncoded);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(form, Encoding.UTF8.GetString(_gateway.Backend.Last.Body));
        Assert.Equal(UrlEncoded, _gateway.Backend.Last.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Each_field_is_checked_by_its_parameter_and_errors_point_at_the_field()
    {
        var before = _gateway.Backend.Received.Count;

        using var response = await SendAsync("/pets", "age=old&status=lost&vaccinated=maybe&weight=0&tags=a,b,c,d&ids=1&ids=x&note=far+too+long&source=tv", UrlEncoded);

        var errors = await ErrorsAsync(response);
        Assert.Contains(("", "required", "The required property 'name' is missing."), errors);
        Assert.Contains(errors, e => e.Pointer == "/age" && e.Keyword == "type");
        Assert.Contains(errors, e => e.Pointer == "/status" && e.Keyword == "enum");
        Assert.Contains(errors, e => e.Pointer == "/vaccinated" && e.Keyword == "type");
        Assert.Contains(errors, e => e.Pointer == "/weight" && e.Keyword == "exclusiveMinimum");
        Assert.Contains(errors, e => e.Pointer == "/tags" && e.Keyword == "maxItems");
        Assert.Contains(errors, e => e.Pointer == "/ids/1" && e.Keyword == "type");
        Assert.Contains(errors, e => e.Pointer == "/note" && e.Keyword == "maxLength");   // a shared #/parameters entry
        Assert.Contains(errors, e => e.Pointer == "/source" && e.Keyword == "enum");      // the path item's parameter
        Assert.Equal(before, _gateway.Backend.Received.Count);
    }

    [Fact]
    public async Task A_pattern_and_bounds_of_a_field_are_enforced()
    {
        using var lower = await SendAsync("/pets", "name=rex", UrlEncoded);
        Assert.Equal(("/name", "pattern"), (await ErrorsAsync(lower)).Select(e => (e.Pointer, e.Keyword)).Single());

        using var old = await SendAsync("/pets", "name=Rex&age=31", UrlEncoded);
        Assert.Equal(("/age", "maximum"), (await ErrorsAsync(old)).Select(x => (x.Pointer, x.Keyword)).Single());
    }

    [Fact]
    public async Task Swagger_2_parameter_fields_its_reader_does_not_know_are_validated_in_the_query_too()
    {
        // exclusiveMinimum (like multipleOf, minItems, maxItems, uniqueItems) is Swagger 2.0's, which Microsoft.OpenApi's 2.0 reader calls invalid.
        using var response = await SendAsync("/pets?limit=0", "name=Rex", UrlEncoded);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_PARAMETERS", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("query.limit", document.RootElement.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("tags=ab,toolong", "/tags/1", "maxLength")]     // csv (the default) splits on commas
    [InlineData("words=ab+abcd", "/words/1", "maxLength")]      // ssv on spaces
    [InlineData("cells=1%09x", "/cells/1", "type")]             // tsv on tabs
    [InlineData("cells=1,2", "/cells/0", "type")]               // ... and not on commas
    [InlineData("codes=ab|C", "/codes/1", "pattern")]           // pipes on '|'
    [InlineData("codes=ab,cd", "/codes/0", "pattern")]          // ... and not on commas
    [InlineData("ids=1,2", "/ids/0", "type")]                   // multi repeats the field: one value is one item
    public async Task Each_collectionFormat_splits_on_its_own_delimiter(string field, string pointer, string keyword)
    {
        using var response = await SendAsync("/pets", "name=Rex&" + field, UrlEncoded);

        Assert.Equal((pointer, keyword), (await ErrorsAsync(response)).Select(e => (e.Pointer, e.Keyword)).Single());
    }

    [Fact]
    public async Task A_multipart_upload_with_a_file_part_is_validated_and_passed_through()
    {
        using var content = Upload(caption: "Rex asleep", labels: ["cute", "fluffy"], sizes: "640,480", withFile: true);
        var sent = await content.ReadAsByteArrayAsync();

        using var response = await _gateway.Client.PostAsync("/photos", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, _gateway.Backend.Last.Body);
    }

    [Fact]
    public async Task A_multipart_upload_without_its_file_or_with_bad_fields_is_a_400()
    {
        using var content = Upload(caption: "A caption far too long to pass", labels: ["cute", "ugly"], sizes: "640,9000", withFile: false);

        using var response = await _gateway.Client.PostAsync("/photos", content);

        var errors = await ErrorsAsync(response);
        Assert.Contains(("", "required", "The required property 'file' is missing."), errors);
        Assert.Contains(errors, e => e.Pointer == "/caption" && e.Keyword == "maxLength");
        Assert.Contains(errors, e => e.Pointer == "/labels/1" && e.Keyword == "enum");
        Assert.Contains(errors, e => e.Pointer == "/sizes/1" && e.Keyword == "maximum");
    }

    [Fact]
    public async Task A_body_with_a_required_field_must_be_there_and_of_a_form_type()
    {
        using var none = await _gateway.Client.PostAsync("/pets", null);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("BAD_REQUEST_BODY", (await ErrorBody.ReadAsync(none)).Type);

        using var json = await SendAsync("/pets", """{"name":"Rex"}""", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task One_field_set_validates_every_form_type_the_operation_consumes()
    {
        using var encoded = await SendAsync("/notes", "note=far+too+long", UrlEncoded);
        Assert.Equal(("/note", "maxLength"), (await ErrorsAsync(encoded)).Select(e => (e.Pointer, e.Keyword)).Single());

        using var multipart = new MultipartFormDataContent("gg-notes") { { new StringContent("far too long"), "note" } };
        using var parts = await _gateway.Client.PostAsync("/notes", multipart);
        Assert.Equal(("/note", "maxLength"), (await ErrorsAsync(parts)).Select(e => (e.Pointer, e.Keyword)).Single());

        // Nothing is required: no body at all passes.
        using var empty = await _gateway.Client.PostAsync("/notes", null);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
    }

    private static MultipartFormDataContent Upload(string caption, string[] labels, string sizes, bool withFile)
    {
        var content = new MultipartFormDataContent("gg-photos");
        content.Add(new StringContent(caption), "caption");
        if (withFile)
        {
            var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00]);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            content.Add(file, "file", "rex.png");
        }

        foreach (var label in labels)
        {
            content.Add(new StringContent(label), "labels");
        }

        content.Add(new StringContent(sizes), "sizes");
        return content;
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return _gateway.Client.PostAsync(path, content);
    }

    private static async Task<(string Pointer, string Keyword, string Message)[]> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("keyword").GetString()!, e.GetProperty("message").GetString()!))
            .ToArray();
    }

    public sealed class Fixture() : SpecGatewayFixture("formdata.swagger.yaml", "formdata.openapi.yaml");
}
