using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// C# authorizers (x-amazon-apigateway-authorizer of type token and request) as API Gateway runs Lambda
/// authorizers: identity source and validation expression checked before any call, Allow/Deny/Unauthorized,
/// results cached per identity for the TTL, context and principal reaching mappings and functions, and the
/// usage plan of the API key the authorizer names (x-amazon-apigateway-api-key-source: AUTHORIZER).
/// </summary>
public sealed class FunctionAuthorizerTests : IAsyncLifetime
{
    private const string Lambda = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:";

    private static readonly string Spec = $$"""
        openapi: 3.0.3
        info: { title: Authz, version: '1' }
        x-amazon-apigateway-api-key-source: AUTHORIZER
        x-gatewaygen-usage-plans:
          gold: { quota: { limit: 2, period: DAY } }
        components:
          securitySchemes:
            tokenAuth:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: '{{Lambda}}checkToken/invocations'
                identityValidationExpression: 'Bearer [a-z0-9-]+'
                authorizerResultTtlInSeconds: 300
            requestAuth:
              type: apiKey
              name: x-tenant
              in: header
              x-amazon-apigateway-authorizer:
                type: request
                authorizerUri: '{{Lambda}}check-request:live/invocations'
                identitySource: 'method.request.header.x-tenant, method.request.querystring.app'
                authorizerResultTtlInSeconds: 0
            api_key: { type: apiKey, in: header, name: x-api-key }
        paths:
          /pets:
            get:
              security: [ { tokenAuth: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: BACKEND/pets
                requestParameters:
                  integration.request.header.X-Principal: context.authorizer.principalId
                  integration.request.header.X-Tier: context.authorizer.tier
          /tenants/{id}:
            get:
              security: [ { requestAuth: [] } ]
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok } }
              x-gatewaygen-integration: { type: function, name: Echo }
          /admin:
            get:
              security: [ { tokenAuth: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /metered:
            get:
              security: [ { tokenAuth: [], api_key: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        """;

    private const string Functions = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using GatewayGen.Runtime;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class AuthzFunctions
        {
            public static int TokenCalls;
            public static int RequestCalls;
            public static string? Key;

            public static partial ValueTask<AuthorizerResult> checkToken(CheckTokenAuthorizerRequest request)
            {
                Interlocked.Increment(ref TokenCalls);
                return ValueTask.FromResult(request.Token switch
                {
                    "Bearer ada" => AuthorizerResult.Allow("ada", new Dictionary<string, string> { ["tier"] = "gold" }, usageIdentifierKey: Key),
                    "Bearer no-key" => AuthorizerResult.Allow("nokey"),
                    "Bearer bob" => AuthorizerResult.Deny("bob"),
                    "Bearer pets-only" => request.MethodArn.EndsWith("/GET/pets", System.StringComparison.Ordinal) ? AuthorizerResult.Allow("keeper") : AuthorizerResult.Deny("keeper"),
                    "Bearer boom" => throw new System.InvalidOperationException("the authorizer's own bug"),
                    _ => AuthorizerResult.Unauthorized(),
                });
            }

            public static partial ValueTask<AuthorizerResult> check_request(CheckRequestAuthorizerRequest request)
            {
                Interlocked.Increment(ref RequestCalls);
                return ValueTask.FromResult(request.Headers["x-tenant"] == "acme"
                    ? AuthorizerResult.Allow("tenant-acme", new Dictionary<string, string>
                    {
                        ["seen"] = $"app={request.QueryString["app"]} id={request.PathParameters["id"]} ip={request.SourceIp} token={request.Token ?? "-"}",
                        ["arn"] = request.MethodArn,
                    })
                    : AuthorizerResult.Deny("tenant-" + request.Headers["x-tenant"]));
            }

            public static partial ValueTask<IResult> Echo(GetTenantsByIdRequest request) =>
                ValueTask.FromResult<IResult>(TypedResults.Text($"{request.Principal!.PrincipalId} {request.Principal.Context["seen"]} {request.Principal.Context["arn"]}"));
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-authz-" + Guid.NewGuid().ToString("N"));
    private TestBackend _backend = null!;
    private CompiledGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _backend = await TestBackend.StartAsync();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/authz.openapi.yaml", Spec.Replace("BACKEND", _backend.Url)) },
            new[] { Functions },
            hostArguments: new[] { "--Gateway:Store=" + Path.Combine(_folder, "gateway.db") });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private System.Reflection.FieldInfo Field(string name) => _gateway.Assembly.GetType("TestGateway.AuthzFunctions")!.GetField(name)!;

    private int TokenCalls => (int)Field("TokenCalls").GetValue(null)!;

    private int RequestCalls => (int)Field("RequestCalls").GetValue(null)!;

    private async Task<HttpResponseMessage> GetAsync(string path, string? authorization, string? tenant = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (tenant is not null)
        {
            request.Headers.TryAddWithoutValidation("x-tenant", tenant);
        }

        return await _gateway.Client.SendAsync(request);
    }

    [Theory]
    [InlineData(null)] // no identity source
    [InlineData("Basic YWRhOnB3")] // not matching identityValidationExpression
    [InlineData("Bearer ada\u0020extra")] // the whole token must match
    public async Task A_missing_or_malformed_token_is_401_without_calling_the_authorizer(string? authorization)
    {
        var before = TokenCalls;

        using var response = await GetAsync("/pets", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHORIZED", (await ErrorBody.ReadAsync(response)).Type);
        Assert.Equal(before, TokenCalls);
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task Allow_lets_the_request_through_with_its_context_and_is_cached_for_the_ttl()
    {
        var before = TokenCalls;

        using var first = await GetAsync("/pets", "Bearer ada");
        using var second = await GetAsync("/pets", "Bearer ada");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 1, TokenCalls);
        Assert.Equal("ada", _backend.Last.Headers["X-Principal"]);
        Assert.Equal("gold", _backend.Last.Headers["X-Tier"]);
    }

    [Fact]
    public async Task Deny_is_403_and_cached_Unauthorized_is_401_and_asked_again_a_throwing_authorizer_is_500()
    {
        var before = TokenCalls;

        using var denied = await GetAsync("/pets", "Bearer bob");
        using var deniedAgain = await GetAsync("/pets", "Bearer bob");
        var afterDeny = TokenCalls;
        using var unknown = await GetAsync("/pets", "Bearer stranger");
        using var unknownAgain = await GetAsync("/pets", "Bearer stranger");
        using var broken = await GetAsync("/pets", "Bearer boom");

        Assert.Equal((HttpStatusCode.Forbidden, "ACCESS_DENIED"), (denied.StatusCode, (await ErrorBody.ReadAsync(denied)).Type));
        Assert.Equal(HttpStatusCode.Forbidden, deniedAgain.StatusCode);
        Assert.Equal(before + 1, afterDeny);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownAgain.StatusCode);
        Assert.Equal(afterDeny + 2 + 1, TokenCalls);
        Assert.Equal((HttpStatusCode.InternalServerError, "AUTHORIZER_FAILURE"), (broken.StatusCode, (await ErrorBody.ReadAsync(broken)).Type));
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task An_Allow_cached_for_one_resource_is_not_reused_for_another()
    {
        using var pets = await GetAsync("/pets", "Bearer pets-only");
        using var admin = await GetAsync("/admin", "Bearer pets-only");

        Assert.Equal(HttpStatusCode.OK, pets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode); // asked again for /admin, where it denies
    }

    [Fact]
    public async Task A_client_header_never_stands_in_for_an_authorizer_value_that_is_absent()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/pets");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer no-key"); // Allow without a tier in its context
        request.Headers.TryAddWithoutValidation("X-Tier", "platinum");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(_backend.Last.Headers.ContainsKey("X-Tier"), "the client's X-Tier reached the backend as the authorizer's");
        Assert.Equal("nokey", _backend.Last.Headers["X-Principal"]);
    }

    [Fact]
    public async Task An_identity_source_given_twice_is_401_without_a_call()
    {
        var before = RequestCalls;

        using var twiceInQuery = await GetAsync("/tenants/7?app=web&app=admin", null, tenant: "acme");

        Assert.Equal(HttpStatusCode.Unauthorized, twiceInQuery.StatusCode);
        Assert.Equal(before, RequestCalls);
    }

    [Fact]
    public async Task A_request_authorizer_needs_every_identity_source_sees_the_request_and_with_ttl_0_is_asked_every_time()
    {
        var before = RequestCalls;

        using var noApp = await GetAsync("/tenants/7", null, tenant: "acme");
        Assert.Equal(HttpStatusCode.Unauthorized, noApp.StatusCode);
        Assert.Equal(before, RequestCalls);

        using var first = await GetAsync("/tenants/7?app=web", null, tenant: "acme");
        using var second = await GetAsync("/tenants/7?app=web", null, tenant: "acme");
        using var other = await GetAsync("/tenants/7?app=web", null, tenant: "initech");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("tenant-acme app=web id=7 ip=127.0.0.1 token=- arn:aws:execute-api:local:gatewaygen:Authz/dev/GET/tenants/7", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(before + 3, RequestCalls);
    }

    [Fact]
    public async Task With_api_key_source_AUTHORIZER_the_key_the_authorizer_names_picks_the_usage_plan()
    {
        var registry = _gateway.Services.GetRequiredService<ApiKeyRegistry>();
        var (_, key) = registry.Store.Create("gold", null, DateTimeOffset.UtcNow);
        registry.Refresh();
        Field("Key").SetValue(null, key);

        using var noKey = await GetAsync("/metered", "Bearer no-key");
        using var headerKeyIgnored = await SendWithHeaderKeyAsync(key);
        var statuses = new[] { await StatusAsync(), await StatusAsync(), await StatusAsync() };

        Assert.Equal((HttpStatusCode.Forbidden, "MISSING_AUTHENTICATION_TOKEN"), (noKey.StatusCode, (await ErrorBody.ReadAsync(noKey)).Type));
        Assert.Equal(HttpStatusCode.Forbidden, headerKeyIgnored.StatusCode); // the x-api-key header does not count here
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429 }, statuses); // the gold plan's quota of 2

        async Task<HttpStatusCode> StatusAsync()
        {
            using var response = await GetAsync("/metered", "Bearer ada");
            return response.StatusCode;
        }
    }

    private async Task<HttpResponseMessage> SendWithHeaderKeyAsync(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metered");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer no-key");
        request.Headers.TryAddWithoutValidation("x-api-key", key);
        return await _gateway.Client.SendAsync(request);
    }

    [Fact]
    public void A_missing_authorizer_method_is_an_error_at_the_authorizer_with_the_signature_to_write()
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/authz.openapi.yaml", Spec.Replace("BACKEND", "http://127.0.0.1:9")) }, null, null);

        var missing = run.GeneratorDiagnostics.Where(d => d.Id == "GG0038").Select(GeneratorRun.Format).ToArray();
        Assert.Equal(new[]
        {
            "authz.openapi.yaml(15,9): error GG0038: Security scheme 'tokenAuth' is a C# authorizer: write public static partial ValueTask<GatewayGen.Runtime.AuthorizerResult> checkToken(CheckTokenAuthorizerRequest request) in public static partial class AuthzFunctions",
            "authz.openapi.yaml(24,9): error GG0038: Security scheme 'requestAuth' is a C# authorizer: write public static partial ValueTask<GatewayGen.Runtime.AuthorizerResult> check_request(CheckRequestAuthorizerRequest request) in public static partial class AuthzFunctions",
        }, missing);
    }

    [Fact]
    public void Authorizers_that_cannot_be_built_are_errors_at_their_setting()
    {
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Bad, version: '1' }
            components:
              securitySchemes:
                a: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: 'https://example.com/auth' } }
                b: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: '{{Lambda}}f/invocations', identityValidationExpression: '([' } }
                c: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: request, authorizerUri: '{{Lambda}}f/invocations', identitySource: 'context.requestId' } }
                d: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: '{{Lambda}}f/invocations', authorizerResultTtlInSeconds: 7200 } }
                e: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: '{{Lambda}}f/invocations', identityValidationExpression: '(?x)Bearer [a-z]+ #' } }
                f: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: request, authorizerUri: '{{Lambda}}f/invocations', identitySource: [ 1 ] } }
                g: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: '{{Lambda}}checkToken/invocations' } }
                h: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: { type: token, authorizerUri: '{{Lambda}}CheckToken/invocations' } }
            paths:
              /a: { get: { security: [ { a: [] }, { b: [] }, { c: [] }, { d: [] }, { e: [] }, { f: [] }, { g: [] }, { h: [] } ], responses: { '200': { description: ok } }, x-amazon-apigateway-integration: { type: mock } } }
            """;

        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/bad.openapi.yaml", spec) }, null, null);

        var errors = run.GeneratorDiagnostics.Where(d => d.Id == "GG0037").Select(GeneratorRun.Format).ToArray();
        Assert.Equal(7, errors.Length);
        Assert.Contains("bad.openapi.yaml(5,", errors[0]);
        Assert.Contains("authorizerUri must name a Lambda function", errors[0]);
        Assert.Contains("bad.openapi.yaml(6,", errors[1]);
        Assert.Contains("identityValidationExpression is not a valid regular expression", errors[1]);
        Assert.Contains("identitySource 'context.requestId'", errors[2]);
        Assert.Contains("from 0 to 3600", errors[3]);
        Assert.Contains("identityValidationExpression is not a valid regular expression", errors[4]); // '#' would comment out the anchor
        Assert.Contains("identitySource is a string", errors[5]);
        Assert.Contains("bad.openapi.yaml(12,", errors[6]);
        Assert.Contains("'CheckToken' and another authorizer's 'checkToken' differ only in case", errors[6]);
    }
}
