using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>Form and +json bodies through the real ProxyGateway process (routes under /forms/), in front of Kestrel and nginx.</summary>
[Collection(LoopbackPorts.Name)]
public sealed class FormBodyProcessTests : IClassFixture<ProxyGatewayTests.Fixture>
{
    private readonly ProxyGatewayTests.Fixture _fixture;

    public FormBodyProcessTests(ProxyGatewayTests.Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_valid_urlencoded_form_reaches_the_backend_byte_for_byte()
    {
        var form = Encoding.ASCII.GetBytes("amount=2000&currency=usd&capture=true&metadata[order_id]=6735&expand[0]=customer&expand[1]=invoice");

        using var response = await PostAsync("/forms/charges", form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Hash(form), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_with_a_wrong_type_and_a_missing_field_is_a_400_with_pointers()
    {
        using var response = await PostAsync("/forms/charges", Encoding.ASCII.GetBytes("amount=lots&metadata[order_id]=6735"), "application/x-www-form-urlencoded");

        var errors = await ErrorsAsync(response);
        Assert.Contains(("/amount", "type"), errors);
        Assert.Contains(("", "required"), errors);
    }

    [Fact]
    public async Task A_multipart_upload_is_validated_part_by_part_and_passed_on_unchanged()
    {
        using var good = Upload("image/png", """{"title":"Cover"}""");
        var sent = await good.ReadAsByteArrayAsync();
        using var accepted = await _fixture.Client.PostAsync("/forms/uploads", good);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(Hash(sent), await accepted.Content.ReadAsStringAsync());

        using var gif = Upload("image/gif", """{"title":"Cover"}""");
        using var wrongType = await _fixture.Client.PostAsync("/forms/uploads", gif);
        Assert.Contains(("/file", "contentType"), await ErrorsAsync(wrongType));

        using var emptyTitle = Upload("image/png", """{"title":""}""");
        using var badJson = await _fixture.Client.PostAsync("/forms/uploads", emptyTitle);
        Assert.Contains(("/meta/title", "minLength"), await ErrorsAsync(badJson));
    }

    [Fact]
    public async Task A_multipart_body_without_a_boundary_is_a_400()
    {
        using var response = await PostAsync("/forms/uploads", Encoding.ASCII.GetBytes("--x\r\n\r\n--x--\r\n"), "multipart/form-data");

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boundary", document.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Merge_patch_JSON_is_validated_text_passes_and_other_types_are_415()
    {
        using var patch = await PostAsync("/forms/echo", """{"title":"x"}"""u8.ToArray(), "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Contains("uri=/echo/forms", await patch.Content.ReadAsStringAsync());

        using var extra = await PostAsync("/forms/echo", """{"other":1}"""u8.ToArray(), "application/merge-patch+json");
        Assert.Contains(("/other", "false"), await ErrorsAsync(extra));

        using var text = await PostAsync("/forms/echo", "hi"u8.ToArray(), "text/markdown");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);

        using var json = await PostAsync("/forms/echo", "{}"u8.ToArray(), "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    private static MultipartFormDataContent Upload(string fileType, string meta)
    {
        var content = new MultipartFormDataContent("e2e-boundary");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileType);
        content.Add(file, "file", "cover.png");
        content.Add(new StringContent(meta, Encoding.UTF8, "application/json"), "meta");
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return _fixture.Client.PostAsync(path, content);
    }

    private static string Hash(byte[] body) => $"{body.Length} {Convert.ToHexString(SHA256.HashData(body))}";

    private static async Task<(string Pointer, string Keyword)[]> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("keyword").GetString()!))
            .ToArray();
    }
}
