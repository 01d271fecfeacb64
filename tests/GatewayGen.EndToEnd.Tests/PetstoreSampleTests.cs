using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.EndToEnd.Tests;

/// <summary>samples/Petstore after `dotnet run`, with nothing else running: proxy, mock and function routes answer.</summary>
[Collection(LoopbackPorts.Name)]
public sealed class PetstoreSampleTests : IAsyncLifetime
{
    private const string Address = "http://127.0.0.1:5080"; // the embedded default listen address

    private readonly HttpClient _client = new() { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _folder = Repo.NewTempDirectory("gatewaygen-sample");
    private readonly Dictionary<string, string> _environment;
    private RunningProcess? _sample;

    // The staff identity provider's key: the test's own, in place of the sample's empty key set.
    private readonly GatewayGen.Tests.Shared.TestSigningKey _staffKey = new("staff-1");

    public PetstoreSampleTests()
    {
        var jwks = Path.Combine(_folder, "staff-jwks.json");
        File.WriteAllText(jwks, GatewayGen.Tests.Shared.TestTokens.Jwks(_staffKey));
        _environment = new() { ["Gateway__Store"] = Path.Combine(_folder, "gateway.db"), ["Gateway__Authorizers__staffJwt__JwksFile"] = jwks };
    }

    public async Task InitializeAsync()
    {
        // As the README says (`dotnet run --project samples/Petstore`); already built with the tests, so --no-build.
        _sample = RunningProcess.Start("dotnet", new[] { "run", "--project", Repo.InRepo("samples", "Petstore"), "--no-build", "-c", Repo.Configuration }, environment: _environment);
        await _sample.WaitUntilAnsweringAsync(Address + "/status");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }

        _staffKey.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_sample_serves_proxy_mock_and_function_routes()
    {
        // http_proxy to the dev stage's pet backend (the sample's own /demo functions)
        using var pets = JsonDocument.Parse(await _client.GetStringAsync("/pets?limit=2"));
        Assert.Equal(2, pets.RootElement.GetArrayLength());
        Assert.Equal("Rex", pets.RootElement[0].GetProperty("name").GetString());
        using var tom = JsonDocument.Parse(await _client.GetStringAsync("/pets/2"));
        Assert.Equal("Tom", tom.RootElement.GetProperty("name").GetString());

        // function
        using var created = await _client.PostAsync("/pets", new StringContent("{\"name\":\"Fido\",\"tag\":\"dog\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using var fido = JsonDocument.Parse(await _client.GetStringAsync($"/pets/{id}"));
        Assert.Equal("Fido", fido.RootElement.GetProperty("name").GetString());

        // mocks: a static template, and the operation's documented example
        using var status = await _client.GetAsync("/status");
        Assert.Equal("{\"status\": \"ok\"}", await status.Content.ReadAsStringAsync());
        Assert.Equal("no-store", status.Headers.CacheControl?.ToString());
        using var vaccinations = JsonDocument.Parse(await _client.GetStringAsync("/pets/1/vaccinations"));
        Assert.Equal("rabies", vaccinations.RootElement[0].GetProperty("vaccine").GetString());
    }

    [Fact]
    public async Task The_sample_answers_mistakes_with_gateway_errors()
    {
        using var notFound = await _client.GetAsync("/pets/99");
        using var badId = await _client.GetAsync("/pets/abc");
        using var wrongMethod = await _client.DeleteAsync("/pets");
        using var unknown = await _client.GetAsync("/cats");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("'petId'", await badId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("GET, POST", string.Join(", ", wrongMethod.Content.Headers.Allow));
        Assert.Contains("RESOURCE_NOT_FOUND", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_adoption_request_needs_a_key_and_a_valid_body_before_it_is_proxied()
    {
        const string Valid = """{"petId":2,"adopter":{"name":"Ada Lovelace","email":"ada@example.com"},"homeType":"house"}""";
        using (var anonymous = await PostAdoptionAsync(Valid, key: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        }

        var (key, _) = await PetstoreKeys.CreateAsync(_folder, _environment, "partner");

        // The running gateway reloads keys once a second.
        var accepted = await PostAdoptionAsync(Valid, key);
        for (var attempt = 0; attempt < 50 && accepted.StatusCode == HttpStatusCode.Forbidden; attempt++)
        {
            accepted.Dispose();
            await Task.Delay(100);
            accepted = await PostAdoptionAsync(Valid, key);
        }

        using (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
            using var adoption = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
            Assert.Equal(2, adoption.RootElement.GetProperty("petId").GetInt64());
            Assert.Equal("pending", adoption.RootElement.GetProperty("status").GetString());
        }

        using var invalid = await PostAdoptionAsync("""{"petId":0,"adopter":{"name":"Ada","email":"not an address"},"homeType":"castle"}""", key);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = await invalid.Content.ReadAsStringAsync();
        Assert.All(new[] { "/petId", "/adopter/email", "/homeType" }, pointer => Assert.Contains($"\"pointer\":\"{pointer}\"", errors));
    }

    [Fact]
    public async Task Staff_see_themselves_with_a_token_of_the_identity_provider_and_vets_pass_the_CSharp_authorizer()
    {
        var claims = GatewayGen.Tests.Shared.TestTokens.Claims("https://login.petstore.example/", "petstore-api", c =>
        {
            c["scope"] = "pets:read";
            c["email"] = "ada@petstore.example";
        });

        using var me = await GetAsync("/me", "Bearer " + GatewayGen.Tests.Shared.TestTokens.Sign(_staffKey, claims));
        using var noScope = await GetAsync("/me", "Bearer " + GatewayGen.Tests.Shared.TestTokens.Sign(_staffKey, GatewayGen.Tests.Shared.TestTokens.Claims("https://login.petstore.example/", "petstore-api")));
        using var anonymous = await GetAsync("/me", null);
        using var vet = await GetAsync("/vet/appointments", "Bearer vet-demo-token");
        using var suspended = await GetAsync("/vet/appointments", "Bearer vet-suspended");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("""{"subject":"user-42","email":"ada@petstore.example"}""", await me.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, vet.StatusCode);
        Assert.Contains("\"clinic\":\"north\"", await vet.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, suspended.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAdoptionAsync(string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/adoptions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        return await _client.SendAsync(request);
    }
}
