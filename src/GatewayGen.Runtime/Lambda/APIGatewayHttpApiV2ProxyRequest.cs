using System.Collections.Generic;

namespace GatewayGen.Runtime.Lambda;

/// <summary>The event API Gateway's Lambda proxy integration passes a function in payload format 2.0 (HTTP APIs).</summary>
public sealed class APIGatewayHttpApiV2ProxyRequest
{
    /// <summary>Always "2.0".</summary>
    public string? Version { get; set; }

    /// <summary>The route, such as <c>GET /pets/{id}</c> (<c>ANY /x</c> for any method).</summary>
    public string? RouteKey { get; set; }

    /// <summary>The path the client asked for, as sent.</summary>
    public string? RawPath { get; set; }

    /// <summary>The query string without its '?', as sent (empty without one).</summary>
    public string? RawQueryString { get; set; }

    /// <summary>The Cookie header's cookies, each <c>name=value</c>; null without cookies.</summary>
    public string[]? Cookies { get; set; }

    /// <summary>Headers by lower-case name, several values joined by commas (Cookie is in <see cref="Cookies"/>).</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Query parameters, several values joined by commas; null without a query string.</summary>
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Who asked, through which stage, and what the authorizer said.</summary>
    public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>; null without a body.</summary>
    public string? Body { get; set; }

    /// <summary>The path parameters by name; null when the path has none.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>True when the body is not text (its media type is not text, JSON, XML or a form), given in base64.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>The built stage's variables; null when it has none.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>The request context of payload format 2.0.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>Always "gatewaygen": there is no AWS account.</summary>
        public string? AccountId { get; set; }

        /// <summary>The API's name.</summary>
        public string? ApiId { get; set; }

        /// <summary>What the authorizer said; null without one.</summary>
        public AuthorizerDescription? Authorizer { get; set; }

        /// <summary>The Host the request names.</summary>
        public string? DomainName { get; set; }

        /// <summary>The first label of the Host.</summary>
        public string? DomainPrefix { get; set; }

        /// <summary>The request line and the caller.</summary>
        public HttpDescription? Http { get; set; }

        /// <summary>The gateway's request id.</summary>
        public string? RequestId { get; set; }

        /// <summary>The route key (API Gateway's route id is opaque; the key identifies the route here).</summary>
        public string? RouteId { get; set; }

        /// <summary>The route, such as <c>GET /pets/{id}</c>.</summary>
        public string? RouteKey { get; set; }

        /// <summary>The stage the gateway was built for.</summary>
        public string? Stage { get; set; }

        /// <summary>When the request arrived, in CLF form.</summary>
        public string? Time { get; set; }

        /// <summary>When the request arrived, in milliseconds since the epoch.</summary>
        public long TimeEpoch { get; set; }
    }

    /// <summary>The request line and the caller.</summary>
    public sealed class HttpDescription
    {
        /// <summary>The request's method.</summary>
        public string? Method { get; set; }

        /// <summary>The path the client asked for.</summary>
        public string? Path { get; set; }

        /// <summary>HTTP/1.1, HTTP/2...</summary>
        public string? Protocol { get; set; }

        /// <summary>The client's address.</summary>
        public string? SourceIp { get; set; }

        /// <summary>The User-Agent header.</summary>
        public string? UserAgent { get; set; }
    }

    /// <summary>What the authorizer said: a JWT's claims and scopes, or a C# (Lambda) authorizer's context.</summary>
    public sealed class AuthorizerDescription
    {
        /// <summary>A verified JWT; null for a C# authorizer.</summary>
        public JwtDescription? Jwt { get; set; }

        /// <summary>A C# authorizer's context (its principalId included); null for a JWT.</summary>
        public IDictionary<string, object>? Lambda { get; set; }

        /// <summary>A verified JWT.</summary>
        public sealed class JwtDescription
        {
            /// <summary>Its claims.</summary>
            public IDictionary<string, string>? Claims { get; set; }

            /// <summary>Its scopes.</summary>
            public string[]? Scopes { get; set; }
        }
    }
}

/// <summary>What a function answers in payload format 2.0; <see cref="LambdaResults.From(APIGatewayHttpApiV2ProxyResponse)"/> makes it the HTTP answer.</summary>
public sealed class APIGatewayHttpApiV2ProxyResponse
{
    /// <summary>The status code (200 to 599; anything else is a malformed answer, a 502; 204 and 304 are sent without a body).</summary>
    public int StatusCode { get; set; }

    /// <summary>Headers; several values of one joined by commas.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Cookies to set, each a Set-Cookie value.</summary>
    public string[]? Cookies { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64 of the bytes to send.</summary>
    public bool IsBase64Encoded { get; set; }
}
