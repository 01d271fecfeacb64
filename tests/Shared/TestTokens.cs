using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GatewayGen.Tests.Shared;

/// <summary>
/// A signing key of a test identity provider: RSA (RS*/PS*) or EC (ES*), with its JWK. Tokens are signed here by
/// hand with .NET's crypto, not by the library the gateway verifies them with, so a fault in one cannot hide in both.
/// </summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    public TestSigningKey(string kid, string alg = "RS256")
    {
        Kid = kid;
        Alg = alg;
        if (alg.StartsWith("ES", StringComparison.Ordinal))
        {
            _ec = ECDsa.Create(alg switch { "ES384" => ECCurve.NamedCurves.nistP384, "ES512" => ECCurve.NamedCurves.nistP521, _ => ECCurve.NamedCurves.nistP256 });
        }
        else
        {
            _rsa = RSA.Create(2048);
        }
    }

    public string Kid { get; }

    public string Alg { get; }

    /// <summary>The public key as a JWK object.</summary>
    public Dictionary<string, object> Jwk()
    {
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            return new() { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = Kid, ["n"] = TestTokens.Base64Url(p.Modulus!), ["e"] = TestTokens.Base64Url(p.Exponent!) };
        }

        var ec = _ec!.ExportParameters(false);
        var crv = Alg switch { "ES384" => "P-384", "ES512" => "P-521", _ => "P-256" };
        return new() { ["kty"] = "EC", ["use"] = "sig", ["kid"] = Kid, ["crv"] = crv, ["x"] = TestTokens.Base64Url(ec.Q.X!), ["y"] = TestTokens.Base64Url(ec.Q.Y!) };
    }

    /// <summary>The RSA modulus: what an attacker would use as an HMAC secret in an alg-confusion token.</summary>
    public byte[] PublicBytes => _rsa is not null ? _rsa.ExportParameters(false).Modulus! : _ec!.ExportParameters(false).Q.X!;

    public byte[] Sign(byte[] data, string alg)
    {
        var hash = alg.EndsWith("384", StringComparison.Ordinal) ? HashAlgorithmName.SHA384 : alg.EndsWith("512", StringComparison.Ordinal) ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        if (_ec is not null)
        {
            return _ec.SignData(data, hash); // IEEE P1363 (r || s): the JWS form
        }

        return _rsa!.SignData(data, hash, alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}

/// <summary>JWTs and JWKS for tests.</summary>
public static class TestTokens
{
    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Jwks(params TestSigningKey[] keys) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = keys.Select(k => k.Jwk()).ToArray() });

    /// <summary>Claims for a token valid now: iss, aud, sub, exp in an hour, iat; <paramref name="change"/> edits them.</summary>
    public static Dictionary<string, object?> Claims(string issuer, string audience, Action<Dictionary<string, object?>>? change = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?> { ["iss"] = issuer, ["aud"] = audience, ["sub"] = "user-42", ["iat"] = now, ["exp"] = now + 3600 };
        change?.Invoke(claims);
        return claims;
    }

    public static string Sign(TestSigningKey key, IDictionary<string, object?> claims, string? kid = null, string? alg = null, IDictionary<string, object>? extraHeader = null)
    {
        alg ??= key.Alg;
        var header = new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid ?? key.Kid };
        foreach (var extra in extraHeader ?? new Dictionary<string, object>())
        {
            header[extra.Key] = extra.Value;
        }

        var signingInput = Encode(header) + "." + Encode(claims);
        return signingInput + "." + Base64Url(key.Sign(Encoding.ASCII.GetBytes(signingInput), alg));
    }

    /// <summary>alg: none, no signature.</summary>
    public static string Unsigned(IDictionary<string, object?> claims, string kid) =>
        Encode(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = kid }) + "." + Encode(claims) + ".";

    /// <summary>HS256 keyed with public bytes: the algorithm-confusion attack.</summary>
    public static string Hmac(byte[] secret, IDictionary<string, object?> claims, string kid)
    {
        var signingInput = Encode(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = kid }) + "." + Encode(claims);
        return signingInput + "." + Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Encode<T>(T value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));
}
