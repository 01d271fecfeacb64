using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The fail-closed table: for every kind of security scheme, alone and in OpenAPI's OR (alternatives) and AND (one
/// requirement) combinations, a request never reaches an operation unless the gateway verified what it asks.
/// </summary>
public sealed class SecurityFailClosedTests : IAsyncLifetime
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: Security, version: '1' }
        x-gatewaygen-usage-plans:
          basic: { quota: { limit: 1000, period: DAY } }
        components:
          pathItems:
            shared: { get: { security: [ { bearer: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          securitySchemes:
            key: { type: apiKey, in: header, name: x-api-key }
            partnerKey: { type: apiKey, in: header, name: x-partner-key }
            cookieKey: { type: apiKey, in: cookie, name: session }
            basic: { type: http, scheme: basic }
            bearer: { type: http, scheme: bearer, bearerFormat: JWT }
            oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://idp.example/token', scopes: { 'pets:read': read } } } }
            oidc: { type: openIdConnect, openIdConnectUrl: 'https://idp.example/.well-known/openid-configuration' }
            mtls: { type: mutualTLS }
            lambda:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer: { type: token, authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:check/invocations' }
            cognito:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authorizer: { type: cognito_user_pools, providerARNs: [ 'arn:aws:cognito-idp:us-east-1:1:userpool/x' ] }
            jwt: { type: http, scheme: bearer, x-gatewaygen-jwt: { issuer: 'https://idp.example/', audience: pets } }
            sigv4: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
        paths:
          /key: { get: { security: [ { key: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /undefined: { get: { security: [ { nowhere: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /cookie: { get: { security: [ { cookieKey: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /basic: { get: { security: [ { basic: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /bearer: { get: { security: [ { bearer: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /oauth: { get: { security: [ { oauth: [ 'pets:read' ] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /oidc: { get: { security: [ { oidc: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /mtls: { get: { security: [ { mtls: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /lambda: { get: { security: [ { lambda: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /sigv4: { get: { security: [ { sigv4: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /cognito: { get: { security: [ { cognito: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /jwt: { get: { security: [ { jwt: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /iam: { get: { x-amazon-apigateway-auth: { type: AWS_IAM }, responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /iam-with-key: { get: { security: [ { key: [] } ], x-amazon-apigateway-auth: { type: AWS_IAM }, responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /anonymous: { get: { security: [ {} ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /bearer-or-anonymous: { get: { security: [ { bearer: [] }, {} ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /bearer-or-key: { get: { security: [ { bearer: [] }, { key: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /bearer-and-key: { get: { security: [ { bearer: [], key: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /two-keys: { get: { security: [ { key: [], partnerKey: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /iam-as-text: { get: { x-amazon-apigateway-auth: AWS_IAM, responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
          /shared: { $ref: '#/components/pathItems/shared' }
          /unfinished: { get: { security: [ { key: [] } ], responses: { '200': { description: ok } } } }
          /none: { get: { responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
        """;

    // The C# authorizer lets in only its own token, never the ones this table sends.
    private const string Authorizer = """
        namespace TestGateway;

        public static partial class SecurityFunctions
        {
            public static partial System.Threading.Tasks.ValueTask<GatewayGen.Runtime.AuthorizerResult> check(CheckAuthorizerRequest request) =>
                new(request.Token == "Bearer the-one-token" ? GatewayGen.Runtime.AuthorizerResult.Allow("one") : GatewayGen.Runtime.AuthorizerResult.Unauthorized());
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-security-" + Guid.NewGuid().ToString("N"));
    private CompiledGateway _gateway = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        // The JWT authorizer's keys: a set with no keys, so no token can verify (and nothing is fetched).
        var jwks = Path.Combine(_folder, "jwks.json");
        await File.WriteAllTextAsync(jwks, "{\"keys\": []}");
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/security.openapi.yaml", Spec) },
            new[] { Authorizer },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db"), "--Gateway:Authorizers:jwt:JwksFile=" + jwks });
        var registry = _gateway.Services.GetRequiredService<ApiKeyRegistry>();
        _key = registry.Store.Create("basic", null, DateTimeOffset.UtcNow).Key;
        registry.Refresh();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    // path, without credentials, with a valid API key, plus a bearer token and a basic header sent every time
    [InlineData("/key", 403, 200)]
    [InlineData("/undefined", 403, 200)] // an undefined scheme is taken as the API key
    [InlineData("/cookie", 401, 401)]
    [InlineData("/basic", 401, 401)]
    [InlineData("/bearer", 401, 401)]
    [InlineData("/oauth", 401, 401)]
    [InlineData("/oidc", 401, 401)]
    [InlineData("/mtls", 401, 401)]
    [InlineData("/lambda", 401, 401)] // a C# authorizer that says Unauthorized
    [InlineData("/sigv4", 401, 401)] // awsSigv4: not verified yet, so refused (not read as the API key it is shaped like)
    [InlineData("/cognito", 401, 401)]
    [InlineData("/jwt", 401, 401)] // a JWT authorizer: the unsigned token is refused
    [InlineData("/iam", 401, 401)]
    [InlineData("/iam-with-key", 401, 401)] // AWS_IAM applies on top of the security requirements
    [InlineData("/anonymous", 200, 200)] // {} is anonymous, as OpenAPI says
    [InlineData("/bearer-or-anonymous", 200, 200)]
    [InlineData("/bearer-or-key", 403, 200)] // OR: the alternative the gateway verifies
    [InlineData("/bearer-and-key", 401, 401)] // AND: the key alone is not enough
    [InlineData("/two-keys", 401, 401)] // AND of two different keys: only one could be checked
    [InlineData("/iam-as-text", 401, 401)] // not the {type: ...} object: refused, not ignored
    [InlineData("/shared", 401, 401)] // a path item by $ref keeps the referenced operation's security
    [InlineData("/unfinished", 403, 500)] // no integration: still asks for the key before saying so
    [InlineData("/none", 200, 200)]
    public async Task No_security_requirement_leads_to_an_unverified_200(string path, int withoutKey, int withKey)
    {
        using var anonymous = await GetAsync(path, key: null);
        using var keyed = await GetAsync(path, _key);

        Assert.Equal((withoutKey, withKey), ((int)anonymous.StatusCode, (int)keyed.StatusCode));
        if (withKey == 401)
        {
            Assert.StartsWith("Bearer", keyed.Headers.WwwAuthenticate.ToString());
            using var error = JsonDocument.Parse(await keyed.Content.ReadAsStringAsync());
            Assert.Equal("UNAUTHORIZED", error.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void The_build_names_each_refused_operation()
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/security.openapi.yaml", Spec) }, null, null);
        var diagnostics = run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
        Assert.Empty(run.Exceptions);

        var refused = new[] { "/cookie", "/basic", "/bearer", "/oauth", "/oidc", "/mtls", "/sigv4", "/cognito", "/iam", "/iam-with-key", "/bearer-and-key", "/two-keys", "/iam-as-text", "/shared" };
        foreach (var path in refused)
        {
            Assert.Contains(diagnostics, d => d.Contains($"warning GG0034: 'GET {path}' requires", StringComparison.Ordinal));
        }

        Assert.Equal(refused.Length, diagnostics.Count(d => d.Contains("GG0034", StringComparison.Ordinal))); // one each, no other
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.");
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        return await _gateway.Client.SendAsync(request);
    }
}
