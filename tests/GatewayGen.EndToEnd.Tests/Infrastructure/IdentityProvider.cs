using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Tests.Shared;
using Xunit;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect identity provider stand-in: nginx from Debian on 127.0.0.1:18490 serving a discovery document
/// and a JWKS the test writes (and rewrites, to rotate keys), logging each request so a test can count fetches.
/// Tokens are signed by the test with <see cref="TestSigningKey"/>.
/// </summary>
public sealed class IdentityProvider : IAsyncLifetime
{
    public const int Port = 18490;
    public const string Issuer = "http://127.0.0.1:18490";
    public const string Audience = "auth-e2e";

    private readonly string _directory = Repo.NewTempDirectory("gatewaygen-idp");
    private RunningProcess? _nginx;

    public string DiscoveryUrl => Issuer + "/.well-known/openid-configuration";

    public List<TestSigningKey> Keys { get; } = new();

    /// <summary>Publishes exactly these keys from now on.</summary>
    public void Publish(params TestSigningKey[] keys)
    {
        Keys.Clear();
        Keys.AddRange(keys);
        var temp = Path.Combine(_directory, "www", "jwks.json.tmp");
        File.WriteAllText(temp, TestTokens.Jwks(keys));
        File.Move(temp, Path.Combine(_directory, "www", "jwks.json"), overwrite: true);
    }

    /// <summary>How many times the JWKS has been fetched.</summary>
    public int JwksFetches =>
        File.Exists(AccessLog) ? File.ReadAllLines(AccessLog).Count(line => line.Contains("/jwks.json", StringComparison.Ordinal)) : 0;

    private string AccessLog => Path.Combine(_directory, "access.log");

    public string Sign(TestSigningKey key, Action<Dictionary<string, object?>>? change = null, string? kid = null) =>
        TestTokens.Sign(key, TestTokens.Claims(Issuer, Audience, claims =>
        {
            claims["scope"] = "pets:read";
            change?.Invoke(claims);
        }), kid);

    public async Task InitializeAsync()
    {
        var www = Path.Combine(_directory, "www", ".well-known");
        Directory.CreateDirectory(www);
        await File.WriteAllTextAsync(Path.Combine(www, "openid-configuration"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        Publish(new TestSigningKey("key-1"));

        _nginx = await NginxProcess.StartAsync(_directory, $$"""
              access_log {{AccessLog}};
              open_file_cache off;
              server {
                listen 127.0.0.1:{{Port}};
                default_type application/json;
                location / { root {{_directory}}/www; }
              }
            """, DiscoveryUrl);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        foreach (var key in Keys)
        {
            key.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
