using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>
/// A discriminated oneOf body through the ProxyGateway process to a real Kestrel backend: the schema the discriminator
/// names is validated, oneOf still means exactly one, and what passes reaches the backend byte for byte.
/// </summary>
[Collection(LoopbackPorts.Name)]
public sealed class DiscriminatorProcessTests : IClassFixture<ProxyGatewayTests.Fixture>
{
    private readonly ProxyGatewayTests.Fixture _fixture;

    public DiscriminatorProcessTests(ProxyGatewayTests.Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_body_only_the_named_branch_accepts_reaches_the_backend_unchanged()
    {
        var body = "{ \"petType\" : \"cat\",\n \"lives\":7 }";

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal($"{bytes.Length} {Convert.ToHexString(SHA256.HashData(bytes))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_matches_the_named_branch_and_another_is_a_400_oneOf()
    {
        using var response = await PostAsync("""{"petType":"cat","lives":7,"good":true}""");

        Assert.Equal(new[] { ("", "oneOf") }, await ErrorsAsync(response));
    }

    [Fact]
    public async Task A_body_the_named_branch_rejects_is_a_400_with_that_branchs_errors()
    {
        using var dog = await PostAsync("""{"petType":"dog","lives":7}""");
        Assert.Equal(new[] { ("", "required") }, await ErrorsAsync(dog));

        using var cat = await PostAsync("""{"petType":"cat","lives":12}""");
        Assert.Equal(new[] { ("/lives", "maximum") }, await ErrorsAsync(cat));
    }

    private async Task<HttpResponseMessage> PostAsync(string json) =>
        await _fixture.Client.PostAsync("/schema/pets", new StringContent(json, Encoding.UTF8, "application/json"));

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
