using System.Collections.Generic;

namespace GatewayGen.Runtime.Lambda;

// The Lambda proxy event shapes, named and shaped as in Amazon.Lambda.APIGatewayEvents (not served here) so a Lambda
// handler's input handling ports by changing its using: settable properties, the same nesting, the same dictionaries.

/// <summary>The event API Gateway's Lambda proxy integration passes a function in payload format 1.0 (REST APIs).</summary>
public sealed class APIGatewayProxyRequest
{
    /// <summary>The operation's path template, such as <c>/pets/{id}</c>.</summary>
    public string? Resource { get; set; }

    /// <summary>The path the client asked for.</summary>
    public string? Path { get; set; }

    /// <summary>The request's method.</summary>
    public string? HttpMethod { get; set; }

    /// <summary>Each header's last value, by the name the client sent.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Every value of each header.</summary>
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>Each query parameter's last value; null without a query string, as in API Gateway.</summary>
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Every value of each query parameter; null without a query string.</summary>
    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    /// <summary>The path parameters by name (a greedy <c>{proxy+}</c> as <c>proxy</c>); null when the path has none.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>The built stage's variables; null when it has none.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>Who asked, through which stage, and what the authorizer said.</summary>
    public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>; null without a body.</summary>
    public string? Body { get; set; }

    /// <summary>True when the body is a binary media type of the API, given in base64.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>The request context of payload format 1.0.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>The path the client asked for (API Gateway puts the stage in front; a gateway here serves one stage at its root).</summary>
        public string? Path { get; set; }

        /// <summary>Always "gatewaygen": there is no AWS account.</summary>
        public string? AccountId { get; set; }

        /// <summary>The operation's path template (API Gateway's resource id is an opaque id; the template identifies it here).</summary>
        public string? ResourceId { get; set; }

        /// <summary>The stage the gateway was built for.</summary>
        public string? Stage { get; set; }

        /// <summary>The gateway's request id (also in the access log and the x-amzn-RequestId header).</summary>
        public string? RequestId { get; set; }

        /// <summary>The request id, as API Gateway's extended id.</summary>
        public string? ExtendedRequestId { get; set; }

        /// <summary>The caller.</summary>
        public RequestIdentity? Identity { get; set; }

        /// <summary>The operation's path template.</summary>
        public string? ResourcePath { get; set; }

        /// <summary>The request's method.</summary>
        public string? HttpMethod { get; set; }

        /// <summary>The API's name.</summary>
        public string? ApiId { get; set; }

        /// <summary>The Host the request names.</summary>
        public string? DomainName { get; set; }

        /// <summary>The first label of the Host.</summary>
        public string? DomainPrefix { get; set; }

        /// <summary>HTTP/1.1, HTTP/2...</summary>
        public string? Protocol { get; set; }

        /// <summary>The authorizer's principal id, claims (JWT) or context (C# authorizer); null without an authorizer.</summary>
        public APIGatewayCustomAuthorizerContext? Authorizer { get; set; }

        /// <summary>When the request arrived, in CLF form (<c>04/Dec/2026:18:28:55 +0000</c>).</summary>
        public string? RequestTime { get; set; }

        /// <summary>When the request arrived, in milliseconds since the epoch.</summary>
        public long RequestTimeEpoch { get; set; }
    }

    /// <summary>The caller of payload format 1.0.</summary>
    public sealed class RequestIdentity
    {
        /// <summary>The client's address.</summary>
        public string? SourceIp { get; set; }

        /// <summary>The User-Agent header.</summary>
        public string? UserAgent { get; set; }

        /// <summary>The id of the admitted API key (never the key itself).</summary>
        public string? ApiKeyId { get; set; }
    }
}

/// <summary>What an authorizer said about the caller: its context's entries, its principal id and a JWT's claims.</summary>
public sealed class APIGatewayCustomAuthorizerContext : Dictionary<string, object>
{
    /// <summary>The principal the authorizer named.</summary>
    public string? PrincipalId
    {
        get => TryGetValue("principalId", out var value) ? value as string : null;
        set => this["principalId"] = value!;
    }

    /// <summary>A verified JWT's claims; null for a C# authorizer.</summary>
    public IDictionary<string, string>? Claims { get; set; }
}

/// <summary>What a function answers in payload format 1.0; <see cref="LambdaResults.From(APIGatewayProxyResponse)"/> makes it the HTTP answer.</summary>
public sealed class APIGatewayProxyResponse
{
    /// <summary>The status code (200 to 599; anything else is a malformed answer, a 502; 204 and 304 are sent without a body).</summary>
    public int StatusCode { get; set; }

    /// <summary>Headers with one value.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Headers with several values (sent after <see cref="Headers"/>, replacing a header of the same name).</summary>
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64 of the bytes to send.</summary>
    public bool IsBase64Encoded { get; set; }
}
