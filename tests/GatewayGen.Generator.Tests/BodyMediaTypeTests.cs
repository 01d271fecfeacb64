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
/// Bodies of every declared media type (Specs/bodies.openapi.yaml) as a client sees them: urlencoded and multipart
/// forms validated by their schema and encoding, each JSON media type by its own schema, wildcards by specificity.
/// </summary>
public sealed class BodyMediaTypeTests : IClassFixture<BodyMediaTypeTests.Fixture>
{
    private readonly Fixture _gateway;

    public BodyMediaTypeTests(Fixture gateway) => _gateway = gateway;

    [Fact]
    public async Task A_valid_form_reaches_the_backend_with_the_bytes_the_client_sent()
    {
        // Stripe's encoding: deepObject keys, indexed arrays, %-escapes and '+' left exactly as sent.
        const string form = "amount=2000&currency=usd&capture=true&description=a+b%21&metadata[order]=6735&expand[]=customer&items[0][price]=p_1&items[0][quantity]=2&tags=1,2";

        using var response = await SendAsync("/charges", form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(form, Encoding.UTF8.GetString(_gateway.Backend.Last.Body));
        Assert.Equal("application/x-www-form-urlencoded", _gateway.Backend.Last.Headers["Content-Type"].ToString());
    }

    [Fact]
    public async Task A_form_field_of_the_wrong_type_or_a_missing_one_is_a_400_with_its_pointer()
    {
        var before = _gateway.Backend.Received.Count;

        using var response = await SendAsync("/charges", "amount=twenty&capture=maybe&description=far+too+long&metadata[order]=toolong&items[0][quantity]=0&tags=1,x&extra=1", "application/x-www-form-urlencoded");

        var errors = await ErrorsAsync(response);
        Assert.Contains(("", "required"), errors);               // currency
        Assert.Contains(("/amount", "type"), errors);
        Assert.Contains(("/capture", "type"), errors);
        Assert.Contains(("/description", "maxLength"), errors);
        Assert.Contains(("/metadata", "anyOf"), errors);          // neither {string(5)} nor ''
        Assert.Contains(("/items/0", "required"), errors);
        Assert.Contains(("/items/0/quantity", "minimum"), errors);
        Assert.Contains(("/tags/1", "type"), errors);
        Assert.Contains(("/extra", "false"), errors);
        Assert.Equal(before, _gateway.Backend.Received.Count);
    }

    [Fact]
    public async Task A_form_with_more_fields_than_the_gateway_reads_is_a_413()
    {
        var form = "amount=1&currency=usd&" + string.Join("&", Enumerable.Range(0, 1100).Select(i => "expand[]=e" + i));

        using var response = await SendAsync("/charges", form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024 fields", (await ErrorBody.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task Stripe_unsets_with_an_empty_value_which_its_anyOf_allows()
    {
        using var response = await SendAsync("/charges", "amount=1&currency=eur&metadata=", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_multipart_body_with_a_JSON_part_and_a_file_is_validated_and_passed_through()
    {
        using var content = Upload(meta: """{"title":"Me","pages":2}""", fileType: "image/png");
        var sent = await content.ReadAsByteArrayAsync();

        using var response = await _gateway.Client.PostAsync("/uploads", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, _gateway.Backend.Last.Body);
    }

    [Fact]
    public async Task A_JSON_part_that_breaks_its_schema_is_a_400_pointing_into_it()
    {
        using var content = Upload(meta: """{"title":"","pages":"two"}""", fileType: "image/png");

        using var response = await _gateway.Client.PostAsync("/uploads", content);

        var errors = await ErrorsAsync(response);
        Assert.Contains(("/meta/title", "minLength"), errors);
        Assert.Contains(("/meta/pages", "type"), errors);
    }

    [Fact]
    public async Task A_file_part_whose_type_its_encoding_does_not_allow_is_a_400()
    {
        using var content = Upload(meta: """{"title":"Me"}""", fileType: "image/gif");

        using var response = await _gateway.Client.PostAsync("/uploads", content);

        var errors = await ErrorsAsync(response);
        Assert.Equal(("/file", "contentType"), Assert.Single(errors));
    }

    [Fact]
    public async Task A_multipart_body_without_a_boundary_or_cut_short_is_a_400_naming_it()
    {
        var body = "--b1\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n--b1--\r\n";

        using var noBoundary = await SendAsync("/uploads", body, "multipart/form-data");
        var message = await MessageOfFirstErrorAsync(noBoundary);
        Assert.Contains("boundary", message);

        using var truncated = await SendAsync("/uploads", body.Substring(0, 60), "multipart/form-data; boundary=b1");
        Assert.Contains("broken", await MessageOfFirstErrorAsync(truncated));
    }

    [Fact]
    public async Task Each_JSON_media_type_is_validated_by_its_own_schema()
    {
        using var merge = await SendAsync("/documents", """{"title":null}""", "application/merge-patch+json", HttpMethod.Patch);
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);

        using var mergeExtra = await SendAsync("/documents", """{"id":1}""", "application/merge-patch+json", HttpMethod.Patch);
        Assert.Equal(("/id", "false"), Assert.Single(await ErrorsAsync(mergeExtra)));

        using var problem = await SendAsync("/documents", """{"detail":"x"}""", "application/problem+json; charset=utf-8", HttpMethod.Patch);
        Assert.Equal(("", "required"), Assert.Single(await ErrorsAsync(problem)));

        using var json = await SendAsync("/documents", """{"title":"x"}""", "application/json", HttpMethod.Patch);
        Assert.Equal(("", "required"), Assert.Single(await ErrorsAsync(json)));

        using var notJson = await SendAsync("/documents", "{oops", "application/merge-patch+json", HttpMethod.Patch);
        Assert.Equal(("", "json"), Assert.Single(await ErrorsAsync(notJson)));
    }

    [Fact]
    public async Task The_most_specific_media_range_decides_which_schema_applies()
    {
        // application/json is declared exactly: its schema wants "exact".
        using var exact = await SendAsync("/mixed", """{"wild":1,"any":1}""", "application/json");
        Assert.Contains(("", "required"), await ErrorsAsync(exact));
        using var exactOk = await SendAsync("/mixed", """{"exact":1}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, exactOk.StatusCode);

        // application/vnd.x+json falls in application/* (not */*): validated as JSON by that schema.
        using var wild = await SendAsync("/mixed", """{"any":1}""", "application/vnd.x+json");
        Assert.Contains(("", "required"), await ErrorsAsync(wild));
        using var wildOk = await SendAsync("/mixed", """{"wild":1}""", "application/vnd.x+json");
        Assert.Equal(HttpStatusCode.OK, wildOk.StatusCode);

        // A body in a wildcard range that is not JSON passes through; text/csv is text/*'s, which has no schema.
        using var binary = await SendAsync("/mixed", "\u0001\u0002", "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, binary.StatusCode);
        using var csv = await SendAsync("/mixed", "a,b", "text/csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);

        // */* catches the rest: its schema is an object, so bytes that are JSON are checked whatever their type
        // (a backend may parse them so); bytes that are not JSON pass.
        using var image = await SendAsync("/mixed", "{}", "image/png");
        Assert.Contains(("", "required"), await ErrorsAsync(image));
        using var png = await SendAsync("/mixed", "\u0089PNG", "image/png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        using var anyJson = await SendAsync("/mixed", "{}", "text/json");
        Assert.Equal(HttpStatusCode.OK, anyJson.StatusCode); // text/json is text/*'s: no schema
    }

    [Fact]
    public async Task A_wildcard_schema_reads_forms_as_forms_and_JSON_of_any_type_as_JSON()
    {
        var before = _gateway.Backend.Received.Count;

        using var form = await SendAsync("/anything", "id=notanumber", "application/x-www-form-urlencoded");
        Assert.Contains(("/id", "type"), await ErrorsAsync(form));
        using var text = await SendAsync("/anything", """{"id":"x"}""", "text/plain");
        Assert.Contains(("/id", "type"), await ErrorsAsync(text));
        Assert.Equal(before, _gateway.Backend.Received.Count);

        using var formOk = await SendAsync("/anything", "id=7", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, formOk.StatusCode);
        Assert.Equal("id=7", Encoding.UTF8.GetString(_gateway.Backend.Last.Body));
        using var plain = await SendAsync("/anything", "not json", "text/plain");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        // A wildcard whose schema is a file streams through unread, JSON-looking or not.
        using var blob = await SendAsync("/blob", """{"id":"x"}""", "text/plain");
        Assert.Equal(HttpStatusCode.OK, blob.StatusCode);
    }

    [Fact]
    public async Task Form_keys_and_charsets_the_backend_would_read_differently_are_400s()
    {
        var before = _gateway.Backend.Received.Count;

        // qs, Rack and PHP read amount[]=99999 as amount: ["99999"]; amount is not deepObject here.
        using var brackets = await SendAsync("/charges", "amount[]=99999&currency=usd", "application/x-www-form-urlencoded");
        Assert.Contains(("/amount", "style"), await ErrorsAsync(brackets));

        // ReadFormAsync would decode UTF-16; the gateway reads UTF-8 only, so it refuses what it would read otherwise.
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes("amount=99999&currency=usd"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-16");
        using var utf16 = await _gateway.Client.PostAsync("/charges", content);
        Assert.Equal(("", "charset"), Assert.Single(await ErrorsAsync(utf16)));
        Assert.Equal(before, _gateway.Backend.Received.Count);
    }

    [Fact]
    public async Task An_OpenAPI_31_contentMediaType_string_is_a_file_and_other_string_parts_are_checked_as_text()
    {
        await using var backend = await TestBackend.StartAsync(context => context.Response.WriteAsync("ok"));
        var spec = $$"""
            openapi: 3.1.0
            info: { title: Files, version: '1' }
            x-gatewaygen-stages: { dev: { variables: { backend: '{{backend.Url}}' } } }
            paths:
              /files:
                post:
                  operationId: putFile
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            picture: { type: string, contentMediaType: image/png, maxLength: 3 }
                            note: { type: string, maxLength: 5 }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: http_proxy, httpMethod: POST, uri: '${stageVariables.backend}/files' }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/files.openapi.yaml", spec) });

        static MultipartFormDataContent Parts(string name, string type)
        {
            var part = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('A', 1000)));
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            return new MultipartFormDataContent("gg") { { part, name } };
        }

        using var file = await gateway.Client.PostAsync("/files", Parts("picture", "image/png"));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);

        using var note = await gateway.Client.PostAsync("/files", Parts("note", "application/x-evil"));
        Assert.Contains(("/note", "maxLength"), await ErrorsAsync(note));
    }

    [Fact]
    public async Task A_Content_Type_that_matches_no_declared_media_type_is_a_415()
    {
        using var csv = await SendAsync("/strict", "a,b", "text/csv");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, csv.StatusCode);

        using var form = await SendAsync("/documents", "title=x", "application/x-www-form-urlencoded", HttpMethod.Patch);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        using var text = await SendAsync("/strict", "hello", "text/plain; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
    }

    private static MultipartFormDataContent Upload(string meta, string fileType)
    {
        var content = new MultipartFormDataContent("gg-boundary");
        var purpose = new StringContent("avatar");
        purpose.Headers.ContentType = null; // a plain field: RFC 7578 says text/plain
        content.Add(purpose, "purpose");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00]);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileType);
        content.Add(file, "file", "a.png");
        var json = new StringContent(meta, Encoding.UTF8, "application/json");
        content.Add(json, "meta");
        return content;
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body, string contentType, HttpMethod? method = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return _gateway.Client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = content });
    }

    private static async Task<(string Pointer, string Keyword)[]> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }

    private static async Task<string> MessageOfFirstErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()!;
    }

    public sealed class Fixture() : SpecGatewayFixture("bodies.openapi.yaml");
}
