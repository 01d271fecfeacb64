using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// Owns the authorizers' state: each JWT authorizer's signing keys (where they come from after configuration,
/// cached, refreshed) and the client that fetches them; the clock, log and method ARN C# authorizers use. What cannot be configured is a start-up problem, and an
/// authorizer with one refuses every request (500), never admits it.
/// </summary>
public sealed class GatewayAuthorizers
{
    private readonly IConfiguration _configuration;
    private readonly JwtSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly string _stage;
    private readonly string _contentRoot;
    private readonly ConcurrentDictionary<JwtAuthorizer, (SigningKeys? Keys, string? Problem)> _keys = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the authorizers' state from configuration, checking every authorizer the gateway declares.</summary>
    public GatewayAuthorizers(IConfiguration configuration, GatewayAccessSettings access, TimeProvider time, ILoggerFactory loggers, GatewayInfo info, Microsoft.Extensions.Hosting.IHostEnvironment environment)
    {
        _contentRoot = environment.ContentRootPath;
        _stage = info.Stage;
        _configuration = configuration;
        _time = time;
        _logger = loggers.CreateLogger("GatewayGen.Authorizers");
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) };
        var problems = new List<string>();
        try
        {
            _settings = JwtSettings.FromConfiguration(configuration);
        }
        catch (GatewayConfigurationException exception)
        {
            problems.Add(exception.Message);
            _settings = JwtSettings.FromConfiguration(new ConfigurationBuilder().Build());
        }

        foreach (var authorizer in access.Authorizers)
        {
            if (authorizer is JwtAuthorizer jwt && Keys(jwt).Problem is { } problem)
            {
                problems.Add($"JWT authorizer '{jwt.Scheme}' of API {jwt.Api}: {problem}");
            }
        }

        Problems = problems;
    }

    /// <summary>What keeps the gateway from starting: authorizers whose keys cannot come from anywhere, bad settings.</summary>
    public IReadOnlyList<string> Problems { get; }

    internal bool KeysOf(JwtAuthorizer authorizer, out SigningKeys keys, out string? problem)
    {
        var entry = Keys(authorizer);
        keys = entry.Keys!;
        problem = entry.Problem;
        return entry.Keys is not null;
    }

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    /// <summary>What a request invokes, as API Gateway's methodArn (no region or account here: "local:gatewaygen").</summary>
    internal string MethodArn(string api, Microsoft.AspNetCore.Http.HttpContext context) =>
        $"arn:aws:execute-api:local:gatewaygen:{api}/{_stage}/{context.Request.Method}{context.Request.Path.Value}";

    private (SigningKeys? Keys, string? Problem) Keys(JwtAuthorizer authorizer) =>
        _keys.GetOrAdd(authorizer, static (a, self) => self.Create(a), this);

    private (SigningKeys? Keys, string? Problem) Create(JwtAuthorizer authorizer)
    {
        // Gateway:Authorizers:SCHEME replaces where the keys come from (air-gapped: a JWKS file), never the audience.
        var section = _configuration.GetSection(JwtSettings.AuthorizersKey).GetSection(authorizer.Scheme);
        var issuer = section["Issuer"] is { Length: > 0 } configuredIssuer ? configuredIssuer : authorizer.Issuer;
        // A relative JwksFile is in the content root, as the store's file is.
        var file = section["JwksFile"] is { Length: > 0 } configuredFile ? Path.Combine(_contentRoot, configuredFile) : null;
        var jwks = section["JwksUri"] is { Length: > 0 } configuredJwks ? configuredJwks : file is null ? authorizer.JwksUri : null;
        var discovery = section["DiscoveryUrl"] is { Length: > 0 } configuredDiscovery ? configuredDiscovery
            : section["Issuer"] is { Length: > 0 } && authorizer.Issuer is not null && authorizer.DiscoveryUrl is not null ? WellKnown(issuer!)
            : authorizer.DiscoveryUrl;

        if (file is not null)
        {
            if (!File.Exists(file))
            {
                return (null, $"{section.Path}:JwksFile '{section["JwksFile"]}' does not exist");
            }

            if (issuer is null)
            {
                return (null, $"a JWKS file gives no issuer: set {section.Path}:Issuer");
            }

            return (new SigningKeys(authorizer, new SigningKeySource(issuer, null, null, file), _settings, _http, _time, _logger), null);
        }

        if (jwks is not null)
        {
            if (!Uri.TryCreate(jwks, UriKind.Absolute, out var jwksUri) || JwtSettings.Refusal(jwksUri) is { } refusal)
            {
                return (null, $"the JWKS URL '{jwks}' is not usable: " + (jwksUri is null ? "not an absolute URL" : JwtSettings.Refusal(jwksUri)));
            }

            if (issuer is null)
            {
                return (null, $"a JWKS URL gives no issuer: set {section.Path}:Issuer");
            }

            return (new SigningKeys(authorizer, new SigningKeySource(issuer, null, jwksUri, null), _settings, _http, _time, _logger), null);
        }

        if (discovery is null)
        {
            return (null, $"nothing says where its keys are: set {section.Path}:Issuer, :DiscoveryUrl, :JwksUri or :JwksFile");
        }

        if (!Uri.TryCreate(discovery, UriKind.Absolute, out var discoveryUri) || JwtSettings.Refusal(discoveryUri) is { } discoveryRefusal)
        {
            return (null, $"the discovery URL '{discovery}' is not usable: " + (discoveryUri is null ? "not an absolute URL" : JwtSettings.Refusal(discoveryUri)));
        }

        return (new SigningKeys(authorizer, new SigningKeySource(issuer, discoveryUri, null, null), _settings, _http, _time, _logger), null);
    }

    internal static string WellKnown(string issuer) => issuer.TrimEnd('/') + "/.well-known/openid-configuration";
}
