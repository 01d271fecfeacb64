using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using GatewayGen.Tests.Shared;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// JWT authorizers compiled from the document and run in process, their keys from a JWKS file (the air-gapped
/// setting): every check a token goes through, scopes, alternatives, and claims reaching backends and functions.
/// </summary>
public sealed class JwtAuthorizerTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test/";
    private const string Audience = "pets-api";

    private static readonly string Spec = """
        openapi: 3.0.3
        info: { title: Jwt, version: '1' }
        components:
          securitySchemes:
            jwt:
              type: http
              scheme: bearer
              x-gatewaygen-jwt: { issuer: 'https://idp.example.test/', audience: [ pets-api, pets-admin ] }
            key: { type: apiKey, in: header, name: x-api-key }
            queryKey: { type: apiKey, in: query, name: api_key }
        x-gatewaygen-usage-plans:
          basic: { quota: { limit: 1000, period: DAY } }
        security: [ { jwt: [] } ]
        paths:
          /pets:
            get:
              security: [ { jwt: [ 'pets:read' ] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /pets/admin:
            get:
              security: [ { jwt: [ 'pets:read', 'pets:admin' ] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /either:
            get:
              security: [ { jwt: [] }, { key: [] } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock }
          /both-or-query-key:
            get:
              security: [ { jwt: [], key: [] }, { queryKey: [] } ]
              responses: { '200': { description: ok } }
              x-gatewaygen-integration: { type: function, name: WhoAmIEither }
          /whoami:
            get:
              responses: { '200': { description: ok } }
              x-gatewaygen-integration: { type: function, name: WhoAmI }
          /forward:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: BACKEND/seen
                requestParameters:
                  integration.request.header.X-User: context.authorizer.claims.sub
                  integration.request.header.X-Principal: context.authorizer.principalId
                  integration.request.header.X-Groups: context.authorizer.claims.groups
        """;

    private const string Functions = """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class JwtFunctions
        {
            public static partial ValueTask<IResult> WhoAmI(GetWhoamiRequest request) =>
                ValueTask.FromResult<IResult>(TypedResults.Text(
                    $"{request.Principal?.PrincipalId} via {request.Principal?.Scheme} email={request.Principal?.Claims["email"]} user={request.HttpContext.User.FindFirst("sub")?.Value}"));

            public static partial ValueTask<IResult> WhoAmIEither(GetBothOrQueryKeyRequest request) =>
                ValueTask.FromResult<IResult>(TypedResults.Text(
                    $"principal={request.Principal?.PrincipalId ?? "none"} user={request.HttpContext.User.FindFirst("sub")?.Value ?? "none"}"));
        }
        """;

    private readonly TestSigningKey _rsa = new("rsa-1", "RS256");
    private readonly TestSigningKey _ec = new("ec-1", "ES256");
    private readonly TestSigningKey _pss = new("ps-1", "PS256");
    private readonly TestSigningKey _stranger = new("rsa-1", "RS256"); // same kid, a key the issuer never published
    private readonly string _jwks = Path.Combine(Path.GetTempPath(), $"gatewaygen-jwks-{Guid.NewGuid():N}.json");
    private TestBackend _backend = null!;
    private CompiledGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_jwks, TestTokens.Jwks(_rsa, _ec, _pss));
        _backend = await TestBackend.StartAsync();
        _gateway = await CompiledGateway.StartAsync(
            new[] { new SpecFile("/project/jwt.openapi.yaml", Spec.Replace("BACKEND", _backend.Url)) },
            new[] { Functions },
            hostArguments: new[] { "--Gateway:Authorizers:jwt:JwksFile=" + _jwks, "--Gateway:Store=" + _jwks + ".db" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        foreach (var key in new[] { _rsa, _ec, _pss, _stranger })
        {
            key.Dispose();
        }

        File.Delete(_jwks);
        File.Delete(_jwks + ".db");
    }

    private static Dictionary<string, object?> Claims(Action<Dictionary<string, object?>>? change = null) =>
        TestTokens.Claims(Issuer, Audience, claims =>
        {
            claims["scope"] = "pets:read openid";
            change?.Invoke(claims);
        });

    private async Task<HttpResponseMessage> GetAsync(string path, string? authorization, string header = "Authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation(header, authorization);
        }

        return await _gateway.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_request_without_a_token_is_401_with_a_bearer_challenge()
    {
        using var response = await GetAsync("/pets", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("UNAUTHORIZED", (await ErrorBody.ReadAsync(response)).Type);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("")] // the bare token, as API Gateway accepts it
    public async Task A_valid_token_is_accepted_bare_or_after_Bearer(string prefix)
    {
        using var response = await GetAsync("/pets", prefix + TestTokens.Sign(_rsa, Claims()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ES256_and_PS256_tokens_verify_with_their_keys()
    {
        using var ec = await GetAsync("/pets", "Bearer " + TestTokens.Sign(_ec, Claims()));
        using var pss = await GetAsync("/pets", "Bearer " + TestTokens.Sign(_pss, Claims()));

        Assert.Equal(HttpStatusCode.OK, ec.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pss.StatusCode);
    }

    private const string AlgorithmRefused = "the token's algorithm is not accepted (use one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)";

    public static IEnumerable<object[]> RefusedTokens() => new (string Name, string Why)[]
    {
        ("expired", "the token has expired"),
        ("not yet valid", "the token is not valid yet (nbf)"),
        ("no exp", "the token has no expiry (exp)"),
        ("other issuer", "the token's issuer (iss) is not accepted"),
        ("other audience", "the token's audience (aud) is not accepted"),
        ("no aud, other client_id", "the token has no audience (aud) and its client_id is not accepted"),
        ("alg none", AlgorithmRefused),
        ("HS256 keyed with the public key", AlgorithmRefused),
        ("unknown kid", "the token's signing key (kid) is not one of the issuer's keys"),
        ("signed by another key", "the token's signature does not verify"),
        ("payload changed after signing", "the token's signature does not verify"),
        ("not a JWT", "the token is not a signed JWT"),
        ("RS256 header on an EC key", "the token's signature does not verify"),
        ("unknown critical header", "the token has critical header parameters (crit) this gateway does not understand"),
    }.Select(t => new object[] { t.Name, t.Why });

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Each_check_refuses_a_bad_token_with_401_saying_which(string name, string why)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = name switch
        {
            "expired" => TestTokens.Sign(_rsa, Claims(c => c["exp"] = now - 120)), // beyond the 30 s skew
            "not yet valid" => TestTokens.Sign(_rsa, Claims(c => c["nbf"] = now + 120)),
            "no exp" => TestTokens.Sign(_rsa, Claims(c => c.Remove("exp"))),
            "other issuer" => TestTokens.Sign(_rsa, Claims(c => c["iss"] = "https://evil.example.test/")),
            "other audience" => TestTokens.Sign(_rsa, Claims(c => c["aud"] = "another-app")),
            "no aud, other client_id" => TestTokens.Sign(_rsa, Claims(c => { c.Remove("aud"); c["client_id"] = "another-app"; })),
            "alg none" => TestTokens.Unsigned(Claims(), _rsa.Kid),
            "HS256 keyed with the public key" => TestTokens.Hmac(_rsa.PublicBytes, Claims(), _rsa.Kid),
            "unknown kid" => TestTokens.Sign(_rsa, Claims(), kid: "rotated-away"),
            "signed by another key" => TestTokens.Sign(_stranger, Claims()),
            "payload changed after signing" => Tamper(TestTokens.Sign(_rsa, Claims())),
            "not a JWT" => "abc.def",
            "RS256 header on an EC key" => TestTokens.Sign(_rsa, Claims(), kid: _ec.Kid),
            "unknown critical header" => TestTokens.Sign(_rsa, Claims(), extraHeader: new Dictionary<string, object> { ["crit"] = new[] { "exp-x" }, ["exp-x"] = 1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        using var response = await GetAsync("/pets", "Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("UNAUTHORIZED", error.Type);
        Assert.Equal($"Unauthorized: {why}.", error.Message);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{why}\"", response.Headers.WwwAuthenticate.ToString());
    }

    // The payload's sub changed, the signature kept: base64url of {"sub":"admin"} in place of the original payload.
    private string Tamper(string token)
    {
        var parts = token.Split('.');
        var forged = TestTokens.Sign(_stranger, Claims(c => c["sub"] = "admin")).Split('.')[1];
        return parts[0] + "." + forged + "." + parts[2];
    }

    [Fact]
    public async Task Clock_skew_forgives_a_token_that_expired_seconds_ago()
    {
        var token = TestTokens.Sign(_rsa, Claims(c => c["exp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5));

        using var response = await GetAsync("/pets", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_aud_a_client_id_naming_an_accepted_audience_passes()
    {
        var token = TestTokens.Sign(_rsa, Claims(c => { c.Remove("aud"); c["client_id"] = "pets-admin"; }));

        using var response = await GetAsync("/pets", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_scope_is_403_naming_it_and_every_listed_scope_is_required()
    {
        var readOnly = TestTokens.Sign(_rsa, Claims());
        var admin = TestTokens.Sign(_rsa, Claims(c => { c.Remove("scope"); c["scp"] = new[] { "pets:read", "pets:admin" }; }));
        var none = TestTokens.Sign(_rsa, Claims(c => c.Remove("scope")));

        using var forbidden = await GetAsync("/pets/admin", "Bearer " + readOnly);
        using var allowed = await GetAsync("/pets/admin", "Bearer " + admin);
        using var noScope = await GetAsync("/pets", "Bearer " + none);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var error = await ErrorBody.ReadAsync(forbidden);
        Assert.Equal("ACCESS_DENIED", error.Type);
        Assert.Contains("'pets:admin'", error.Message);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"pets:read pets:admin\"", forbidden.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode); // scp as an array
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
    }

    [Fact]
    public async Task Alternatives_let_a_token_or_an_api_key_in_and_a_bad_credential_is_the_answer_given()
    {
        using var token = await GetAsync("/either", "Bearer " + TestTokens.Sign(_rsa, Claims()));
        using var badKey = await GetAsync("/either", "not-a-key", header: "x-api-key");
        using var nothing = await GetAsync("/either", null);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("INVALID_API_KEY", (await ErrorBody.ReadAsync(badKey)).Type); // the key it sent, not the token it did not
        Assert.Equal(HttpStatusCode.Unauthorized, nothing.StatusCode);
    }

    [Fact]
    public async Task The_identity_of_an_alternative_that_failed_is_not_the_callers()
    {
        var registry = (GatewayGen.Runtime.ApiKeyRegistry)_gateway.Services.GetService(typeof(GatewayGen.Runtime.ApiKeyRegistry))!;
        var key = registry.Store.Create("basic", null, DateTimeOffset.UtcNow).Key;
        registry.Refresh();

        // A valid token but no header key: the first alternative fails; the query key admits through the second.
        using var response = await GetAsync("/both-or-query-key?api_key=" + Uri.EscapeDataString(key), "Bearer " + TestTokens.Sign(_rsa, Claims()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("principal=none user=none", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Claims_reach_the_backend_through_mappings_and_the_function_as_its_principal()
    {
        var token = TestTokens.Sign(_rsa, Claims(c => { c["email"] = "ada@example.test"; c["groups"] = new[] { "staff", "vets" }; }));

        using var forwarded = await GetAsync("/forward", "Bearer " + token);
        using var function = await GetAsync("/whoami", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var seen = _backend.Last.Headers;
        Assert.Equal("user-42", seen["X-User"]);
        Assert.Equal("user-42", seen["X-Principal"]);
        Assert.Equal("staff,vets", seen["X-Groups"]);
        Assert.Equal("user-42 via jwt email=ada@example.test user=user-42", await function.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_forged_claim_header_from_the_client_never_reaches_the_backend_as_the_mapped_one()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/forward");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TestTokens.Sign(_rsa, Claims()));
        request.Headers.TryAddWithoutValidation("X-User", "admin");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user-42", _backend.Last.Headers["X-User"]);
    }
}
