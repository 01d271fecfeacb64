using System;
using System.IO;
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

/// <summary>
/// Swagger 2.0 "in: formData" parameters through a real gateway process (ExportGateway's formdata.openapi.yaml, routes
/// under /formdata/) in front of Kestrel: a form that matches its parameters reaches the backend byte for byte, one that
/// does not is a 400 naming each field, arrays split as their collectionFormat says, files as parts.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class FormDataProcessTests : IAsyncLifetime
{
    private readonly KestrelBackend _kestrel = new();
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-formdata");
    private RunningProcess _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _kestrel.InitializeAsync();
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        _gateway = RunningProcess.Start("dotnet", new[]
        {
            Repo.GatewayDll("tests/TestGateways/ExportGateway", "ExportGateway"), "--urls", address.ToString(),
            "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"),
        });
        await _gateway.WaitUntilAnsweringAsync(new Uri(address, "/ready").ToString());
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _kestrel.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_form_that_matches_its_parameters_reaches_the_backend_byte_for_byte()
    {
        var form = Encoding.ASCII.GetBytes("name=Rex&age=3&status=sold&tags=a|b&cells=1%092%093");

        using var response = await PostAsync("/formdata/pets", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Hash(form), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_that_breaks_its_parameters_is_a_400_naming_each_field()
    {
        using var response = await PostAsync("/formdata/pets", Encoding.ASCII.GetBytes("age=old&status=lost&cells=1%09x"));

        var errors = await ErrorsAsync(response);
        Assert.Contains(("", "required", "The required property 'name' is missing."), errors);
        Assert.Contains(errors, e => e.Pointer == "/age" && e.Keyword == "type");
        Assert.Contains(errors, e => e.Pointer == "/status" && e.Keyword == "enum");
        Assert.Contains(errors, e => e.Pointer == "/cells/1" && e.Keyword == "type"); // tsv: split on the tab
    }

    [Fact]
    public async Task A_file_upload_is_checked_part_by_part_and_passed_on_unchanged()
    {
        using var good = Upload(withFile: true, "cute", "fluffy");
        var sent = await good.ReadAsByteArrayAsync();
        using var accepted = await _client.PostAsync("/formdata/photos", good);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(Hash(sent), await accepted.Content.ReadAsStringAsync());

        using var bad = Upload(withFile: false, "cute", "ugly");
        using var refused = await _client.PostAsync("/formdata/photos", bad);
        var errors = await ErrorsAsync(refused);
        Assert.Contains(("", "required", "The required property 'file' is missing."), errors);
        Assert.Contains(errors, e => e.Pointer == "/labels/1" && e.Keyword == "enum"); // multi: one part per item
    }

    private static MultipartFormDataContent Upload(bool withFile, params string[] labels)
    {
        var content = new MultipartFormDataContent("e2e-formdata");
        if (withFile)
        {
            var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            content.Add(file, "file", "rex.png");
        }

        foreach (var label in labels)
        {
            content.Add(new StringContent(label), "labels");
        }

        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        return _client.PostAsync(path, content);
    }

    private static string Hash(byte[] body) => $"{body.Length} {Convert.ToHexString(SHA256.HashData(body))}";

    private static async Task<(string Pointer, string Keyword, string Message)[]> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("keyword").GetString()!, e.GetProperty("message").GetString()!))
            .ToArray();
    }
}
