using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GatewayGen.Runtime;

/// <summary>Where one JWT authorizer's keys and issuer come from, after configuration.</summary>
/// <param name="Issuer">The issuer to require; null to take the discovery document's.</param>
/// <param name="DiscoveryUrl">The discovery document, or null.</param>
/// <param name="JwksUri">The JWKS URL, or null.</param>
/// <param name="JwksFile">A JWKS file (air-gapped deployments), or null.</param>
internal sealed record SigningKeySource(string? Issuer, Uri? DiscoveryUrl, Uri? JwksUri, string? JwksFile)
{
    public string Describe() => JwksFile ?? JwksUri?.ToString() ?? DiscoveryUrl?.ToString() ?? "(none)";
}

/// <summary>
/// One authorizer's signing keys, cached. A token naming a kid the cache lacks prompts a refetch, at most one per
/// refresh interval (so a flood of random kids cannot hammer the identity provider); keys older than their
/// lifetime are refetched in the background while the old ones keep serving. Written here rather than with
/// IdentityModel's ConfigurationManager because that refreshes in the background after a request for refresh,
/// so the first token signed by a rotated key would be refused.
/// </summary>
internal sealed class SigningKeys
{
    private readonly JwtAuthorizer _authorizer;
    private readonly SigningKeySource _source;
    private readonly JwtSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private volatile Snapshot? _current;
    private Task<Snapshot?>? _inflight; // under _gate
    private long _lastAttempt = long.MinValue; // under _gate: when the last fetch began, for the refresh interval

    public SigningKeys(JwtAuthorizer authorizer, SigningKeySource source, JwtSettings settings, HttpClient http, TimeProvider time, ILogger logger)
    {
        _authorizer = authorizer;
        _source = source;
        _settings = settings;
        _http = http;
        _time = time;
        _logger = logger;
    }

    /// <summary>The keys and the validation parameters per kid, with the issuer they require.</summary>
    internal sealed record Snapshot(string Issuer, IReadOnlyDictionary<string, TokenValidationParameters> Parameters, long FetchedAt);

    /// <summary>Keys that should include <paramref name="kid"/>: the cached ones, refetched when it is missing and the interval allows. Null when none could ever be fetched.</summary>
    public async ValueTask<Snapshot?> ForKeyAsync(string kid, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && current.Parameters.ContainsKey(kid))
        {
            if (_time.GetElapsedTime(current.FetchedAt) > _settings.KeyLifetime)
            {
                _ = Refresh(); // in the background: the old keys serve meanwhile
            }

            return current;
        }

        if (Refresh() is not { } fetch)
        {
            return current;
        }

        // The fetch is the authorizer's, not this request's: a client that hangs up does not cancel it (and with it
        // the interval's one attempt). The request waits for it only as long as it lives.
        return await fetch.WaitAsync(cancellationToken) ?? _current;
    }

    // The one fetch in flight; else a new one when the refresh interval allows; else null.
    private Task<Snapshot?>? Refresh()
    {
        lock (_gate)
        {
            if (_inflight is { IsCompleted: false } running)
            {
                return running;
            }

            if (_lastAttempt != long.MinValue && _time.GetElapsedTime(_lastAttempt) < _settings.KeyRefreshInterval)
            {
                return null;
            }

            _lastAttempt = _time.GetTimestamp();
            return _inflight = Task.Run(FetchAndKeepAsync);
        }
    }

    private async Task<Snapshot?> FetchAndKeepAsync()
    {
        try
        {
            var snapshot = await FetchAsync(CancellationToken.None);
            _current = snapshot;
            return snapshot;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or ArgumentException or InvalidOperationException or TaskCanceledException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            _logger.LogWarning("The signing keys of authorizer {Scheme} could not be fetched from {Source}: {Reason}", _authorizer.Scheme, _source.Describe(), exception.Message);
            return null;
        }
    }

    private async Task<Snapshot> FetchAsync(CancellationToken cancellationToken)
    {
        var issuer = _source.Issuer;
        string jwksJson;
        if (_source.JwksFile is { } file)
        {
            jwksJson = await File.ReadAllTextAsync(file, cancellationToken);
        }
        else if (_source.JwksUri is { } jwksUri)
        {
            jwksJson = await GetAsync(jwksUri, cancellationToken);
        }
        else
        {
            var discovery = OpenIdConnectConfiguration.Create(await GetAsync(_source.DiscoveryUrl!, cancellationToken));
            // OpenID Connect Discovery 1.0, 4.3: the document's issuer must be the one it was fetched for.
            if (issuer is not null && !string.Equals(discovery.Issuer, issuer, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the discovery document names issuer '{discovery.Issuer}', not '{issuer}'");
            }

            issuer ??= discovery.Issuer is { Length: > 0 } discovered ? discovered : throw new InvalidOperationException("the discovery document names no issuer");
            if (!Uri.TryCreate(discovery.JwksUri, UriKind.Absolute, out var discoveredJwks) || JwtSettings.Refusal(discoveredJwks) is not null)
            {
                throw new InvalidOperationException($"the discovery document's jwks_uri '{discovery.JwksUri}' is not usable" + (discoveredJwks is null ? "" : ": " + JwtSettings.Refusal(discoveredJwks)));
            }

            jwksJson = await GetAsync(discoveredJwks, cancellationToken);
        }

        var parameters = new Dictionary<string, TokenValidationParameters>(StringComparer.Ordinal);
        foreach (var group in new JsonWebKeySet(jwksJson).Keys
            .Where(k => k.Kty is "RSA" or "EC" && k.Use is null or "sig" && !string.IsNullOrEmpty(k.Kid))
            .GroupBy(k => k.Kid, StringComparer.Ordinal))
        {
            parameters[group.Key] = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidateIssuer = true,
                ValidateAudience = false, // checked afterwards: aud, or client_id when aud is absent
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = _settings.ClockSkew,
                IssuerSigningKeys = group.ToArray(),
                TryAllIssuerSigningKeys = false,
                ValidAlgorithms = JwtAuthorizer.Algorithms,
                ValidateIssuerSigningKey = false,
            };
        }

        return new Snapshot(issuer ?? "", parameters, _time.GetTimestamp());
    }

    private async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{uri} answered {(int)response.StatusCode}");
        }

        // A key set is a few kilobytes; a megabyte cap keeps a misbehaving provider from filling memory.
        if (response.Content.Headers.ContentLength > JwtSettings.MaxDocumentBytes)
        {
            throw new HttpRequestException($"{uri} sent more than {JwtSettings.MaxDocumentBytes} bytes");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > JwtSettings.MaxDocumentBytes)
            {
                throw new HttpRequestException($"{uri} sent more than {JwtSettings.MaxDocumentBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
