using System;
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
    private RunningProcess? _sample;

    public async Task InitializeAsync()
    {
        // As the README says (`dotnet run --project samples/Petstore`); already built with the tests, so --no-build.
        _sample = RunningProcess.Start("dotnet", new[] { "run", "--project", Repo.InRepo("samples", "Petstore"), "--no-build", "-c", Repo.Configuration });
        await _sample.WaitUntilAnsweringAsync(Address + "/status");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }
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
}
