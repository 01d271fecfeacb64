using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatewayGen.Runtime;

/// <summary>
/// What a C# authorizer is asked about, as API Gateway gives a Lambda authorizer: the token (type token), the
/// request's headers, query string, path parameters, source address and method ARN. Each generated request type
/// ({Function}AuthorizerRequest) derives from it.
/// </summary>
public abstract class AuthorizerRequest
{
    /// <summary>Describes the request being authorized.</summary>
    protected AuthorizerRequest(HttpContext httpContext, string? token, string methodArn)
    {
        HttpContext = httpContext;
        Token = token;
        MethodArn = methodArn;
    }

    /// <summary>The identity source's value (type token), e.g. the Authorization header as sent; null for type request.</summary>
    public string? Token { get; }

    /// <summary>"arn:aws:execute-api:local:gatewaygen:API/STAGE/METHOD/PATH": what the request invokes.</summary>
    public string MethodArn { get; }

    /// <summary>The request's headers.</summary>
    public IHeaderDictionary Headers => HttpContext.Request.Headers;

    /// <summary>The request's query string, decoded.</summary>
    public IQueryCollection QueryString => HttpContext.Request.Query;

    /// <summary>The path parameters of the route.</summary>
    public RouteValueDictionary PathParameters => HttpContext.Request.RouteValues;

    /// <summary>The caller's address (after trusted proxies).</summary>
    public string? SourceIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>The HTTP context, for anything else.</summary>
    public HttpContext HttpContext { get; }
}
