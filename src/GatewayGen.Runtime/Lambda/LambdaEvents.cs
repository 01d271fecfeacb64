using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime.Lambda;

/// <summary>
/// Makes the Lambda proxy event an aws_proxy integration would have passed its Lambda function (payload format 1.0
/// or 2.0) from the request the gateway admitted, so a ported Lambda handler reads its input as it did on AWS. The
/// generated <c>ReadEventAsync()</c> of a Lambda function's request calls it; <see cref="LambdaResults"/> turns the
/// handler's proxy response back into the HTTP answer.
/// </summary>
public static class LambdaEvents
{
    private const string AccountId = "gatewaygen";

    /// <summary>The payload format 1.0 event of <paramref name="context"/>'s request to the operation <paramref name="route"/>.</summary>
    public static async ValueTask<APIGatewayProxyRequest> ReadProxyRequestAsync(HttpContext context, LambdaRoute route)
    {
        var request = context.Request;
        var (body, isBase64) = await BodyAsync(context, binary: ApiSettings.Of(context)?.BinaryMediaTypes?.Matches(request.ContentType) == true);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var multiValueHeaders = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value[header.Value.Count - 1] ?? "";
            multiValueHeaders[header.Key] = Values(header.Value);
        }

        Dictionary<string, string>? query = null;
        Dictionary<string, IList<string>>? multiValueQuery = null;
        if (request.QueryString.HasValue)
        {
            query = new Dictionary<string, string>(StringComparer.Ordinal);
            multiValueQuery = new Dictionary<string, IList<string>>(StringComparer.Ordinal);
            foreach (var parameter in request.Query)
            {
                query[parameter.Key] = parameter.Value[parameter.Value.Count - 1] ?? "";
                multiValueQuery[parameter.Key] = Values(parameter.Value);
            }
        }

        var at = RequestTime(context);
        var principal = GatewayPrincipal.Of(context);
        return new APIGatewayProxyRequest
        {
            Resource = route.Resource,
            Path = request.Path.Value,
            HttpMethod = request.Method,
            Headers = headers,
            MultiValueHeaders = multiValueHeaders,
            QueryStringParameters = query,
            MultiValueQueryStringParameters = multiValueQuery,
            PathParameters = PathParameters(context),
            StageVariables = Copy(route.StageVariables),
            Body = body,
            IsBase64Encoded = isBase64,
            RequestContext = new APIGatewayProxyRequest.ProxyRequestContext
            {
                Path = request.Path.Value,
                AccountId = AccountId,
                ResourceId = route.Resource,
                ResourcePath = route.Resource,
                Stage = Stage(context),
                RequestId = context.TraceIdentifier,
                ExtendedRequestId = context.TraceIdentifier,
                HttpMethod = request.Method,
                ApiId = ApiSettings.Of(context)?.Name,
                DomainName = request.Host.Host,
                DomainPrefix = DomainPrefix(request),
                Protocol = request.Protocol,
                RequestTime = ClfTime(at),
                RequestTimeEpoch = at.ToUnixTimeMilliseconds(),
                Identity = new APIGatewayProxyRequest.RequestIdentity
                {
                    SourceIp = context.Connection.RemoteIpAddress?.ToString(),
                    UserAgent = UserAgent(request),
                    ApiKeyId = context.Items.TryGetValue(GatewayAccess.ApiKeyIdItem, out var key) ? key as string : null,
                },
                Authorizer = principal is null ? null : AuthorizerContext(principal),
            },
        };
    }

    /// <summary>The payload format 2.0 event of <paramref name="context"/>'s request to the operation <paramref name="route"/>.</summary>
    public static async ValueTask<APIGatewayHttpApiV2ProxyRequest> ReadHttpApiV2RequestAsync(HttpContext context, LambdaRoute route)
    {
        var request = context.Request;
        var (body, isBase64) = await BodyAsync(context, binary: !IsText(request.ContentType));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Cookie", StringComparison.OrdinalIgnoreCase))
            {
                // Payload format 2.0 moves cookies out of the headers, one entry per cookie.
                cookies ??= new List<string>();
                foreach (var line in header.Value)
                {
                    foreach (var cookie in (line ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        cookies.Add(cookie);
                    }
                }

                continue;
            }

            headers[header.Key.ToLowerInvariant()] = string.Join(",", (IEnumerable<string?>)header.Value);
        }

        Dictionary<string, string>? query = null;
        if (request.QueryString.HasValue)
        {
            query = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in request.Query)
            {
                query[parameter.Key] = string.Join(",", (IEnumerable<string?>)parameter.Value);
            }
        }

        var at = RequestTime(context);
        var principal = GatewayPrincipal.Of(context);
        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = route.RouteKey,
            RawPath = request.Path.Value,
            RawQueryString = request.QueryString.HasValue ? request.QueryString.Value!.Substring(1) : "",
            Cookies = cookies?.ToArray(),
            Headers = headers,
            QueryStringParameters = query,
            PathParameters = PathParameters(context),
            StageVariables = Copy(route.StageVariables),
            Body = body,
            IsBase64Encoded = isBase64,
            RequestContext = new APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext
            {
                AccountId = AccountId,
                ApiId = ApiSettings.Of(context)?.Name,
                DomainName = request.Host.Host,
                DomainPrefix = DomainPrefix(request),
                RequestId = context.TraceIdentifier,
                RouteId = route.RouteKey,
                RouteKey = route.RouteKey,
                Stage = Stage(context),
                Time = ClfTime(at),
                TimeEpoch = at.ToUnixTimeMilliseconds(),
                Http = new APIGatewayHttpApiV2ProxyRequest.HttpDescription
                {
                    Method = request.Method,
                    Path = request.Path.Value,
                    Protocol = request.Protocol,
                    SourceIp = context.Connection.RemoteIpAddress?.ToString(),
                    UserAgent = UserAgent(request),
                },
                Authorizer = principal is null ? null : AuthorizerDescription(principal),
            },
        };
    }

    // The body the gateway admitted: the validated buffer when there is one, else read now within the payload limit
    // and decoded as the gateway decodes every body (RequestBody), so the function sees what validation would.
    private static async ValueTask<(string? Body, bool IsBase64)> BodyAsync(HttpContext context, bool binary)
    {
        if (context.Request.Body is not RequestBody buffered)
        {
            if (!RequestBody.IsPresent(context))
            {
                return (null, false);
            }

            buffered = await RequestBody.ReadAsync(context);
        }

        if (buffered.IsEmpty)
        {
            return (null, false);
        }

        return binary
            ? (Convert.ToBase64String(buffered.Span), true)
            : (System.Text.Encoding.UTF8.GetString(buffered.Span), false);
    }

    // What payload format 2.0 passes as text; everything else goes in base64, as API Gateway does for HTTP APIs.
    private static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    private static Dictionary<string, string>? PathParameters(HttpContext context)
    {
        Dictionary<string, string>? parameters = null;
        foreach (var value in context.Request.RouteValues)
        {
            if (value.Value is string text)
            {
                parameters ??= new Dictionary<string, string>(StringComparer.Ordinal);
                parameters[value.Key] = text;
            }
        }

        return parameters;
    }

    private static APIGatewayCustomAuthorizerContext AuthorizerContext(GatewayPrincipal principal)
    {
        var authorizer = new APIGatewayCustomAuthorizerContext { PrincipalId = principal.PrincipalId };
        foreach (var entry in principal.Context)
        {
            authorizer[entry.Key] = entry.Value;
        }

        if (principal.Claims.Count > 0)
        {
            authorizer.Claims = new Dictionary<string, string>(principal.Claims, StringComparer.Ordinal);
        }

        return authorizer;
    }

    private static APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription AuthorizerDescription(GatewayPrincipal principal)
    {
        if (principal.Claims.Count > 0)
        {
            return new APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription
            {
                Jwt = new APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription.JwtDescription
                {
                    Claims = new Dictionary<string, string>(principal.Claims, StringComparer.Ordinal),
                    Scopes = principal.Scopes.Count > 0 ? ToArray(principal.Scopes) : null,
                },
            };
        }

        var lambda = new Dictionary<string, object>(StringComparer.Ordinal) { ["principalId"] = principal.PrincipalId };
        foreach (var entry in principal.Context)
        {
            lambda[entry.Key] = entry.Value;
        }

        return new APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription { Lambda = lambda };
    }

    private static string[] ToArray(IReadOnlyList<string> values)
    {
        var array = new string[values.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = values[i];
        }

        return array;
    }

    private static List<string> Values(Microsoft.Extensions.Primitives.StringValues values)
    {
        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            list.Add(value ?? "");
        }

        return list;
    }

    // Each event gets its own copy: a handler that changes its event changes no other request's.
    private static Dictionary<string, string>? Copy(IDictionary<string, string>? variables) =>
        variables is null ? null : new Dictionary<string, string>(variables, StringComparer.Ordinal);

    private static string? Stage(HttpContext context) => context.RequestServices?.GetService<GatewayRuntime>()?.Info.Stage;

    private static string? UserAgent(HttpRequest request) => request.Headers.UserAgent.Count > 0 ? request.Headers.UserAgent.ToString() : null;

    private static string DomainPrefix(HttpRequest request) => request.Host.Host.Split('.')[0];

    private static DateTimeOffset RequestTime(HttpContext context) => RequestRecord.Of(context)?.At ?? DateTimeOffset.UtcNow;

    private static string ClfTime(DateTimeOffset at) => at.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
}

/// <summary>What a Lambda proxy event says of the operation itself, made once per operation by generated code.</summary>
/// <param name="Resource">The path template, such as <c>/pets/{id}</c>.</param>
/// <param name="RouteKey">The route, such as <c>GET /pets/{id}</c>.</param>
/// <param name="StageVariables">The built stage's variables; null when it has none.</param>
public sealed record LambdaRoute(string Resource, string RouteKey, IDictionary<string, string>? StageVariables);
