using System;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// One responseTemplates entry, compiled at build time into literal text and the values between it (API Gateway's
/// gateway response templates are simple substitution, not VTL). Values are escaped for the media type: JSON string
/// escaping in JSON templates (so a quote in a message cannot end the string), HTML escaping in HTML and XML ones.
/// </summary>
public sealed class ResponseTemplate
{
    private readonly TemplatePart[] _parts;
    private readonly TemplateEscaping _escaping;

    /// <summary>Creates the template for <paramref name="mediaType"/> from its parts, in order.</summary>
    public ResponseTemplate(string mediaType, params TemplatePart[] parts)
    {
        MediaType = mediaType;
        _parts = parts;
        _escaping = EscapingFor(mediaType);
    }

    /// <summary>The media type it is for: the answer's Content-Type when it is chosen.</summary>
    public string MediaType { get; }

    internal byte[] Render(HttpContext context, in GatewayError error)
    {
        var body = new StringBuilder(256);
        foreach (var part in _parts)
        {
            if (part.Value is { } value)
            {
                body.Append(value.Resolve(context, error, _escaping));
            }
            else
            {
                body.Append(part.Text);
            }
        }

        return Encoding.UTF8.GetBytes(body.ToString());
    }

    private static TemplateEscaping EscapingFor(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        var subtype = type.Substring(type.IndexOf('/') + 1);
        if (subtype.Equals("json", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return TemplateEscaping.Json;
        }

        return subtype.Equals("html", StringComparison.OrdinalIgnoreCase) || subtype.Equals("xml", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            ? TemplateEscaping.Markup
            : TemplateEscaping.None;
    }
}

/// <summary>A piece of a template: literal text, or a value filled per answer.</summary>
public sealed class TemplatePart
{
    private TemplatePart(string? text, ResponseValue? value)
    {
        Text = text;
        Value = value;
    }

    /// <summary>The literal text, when this part is text.</summary>
    public string? Text { get; }

    /// <summary>The value, when this part is one.</summary>
    public ResponseValue? Value { get; }

    /// <summary>Literal text, written as it is.</summary>
    public static TemplatePart Literal(string text) => new(text, null);

    /// <summary>A value, escaped for the template's media type.</summary>
    public static TemplatePart Of(ResponseValue value) => new(null, value);
}

/// <summary>
/// Where a header or template value comes from: a constant of the document, a request parameter
/// (method.request.header/querystring/path), or one of API Gateway's $context variables.
/// </summary>
public sealed class ResponseValue
{
    private readonly Source _source;
    private readonly ContextVariable _variable;
    private readonly string _name;

    private ResponseValue(Source source, ContextVariable variable, string name)
    {
        _source = source;
        _variable = variable;
        _name = name;
    }

    private enum Source
    {
        Constant,
        Header,
        QueryString,
        Path,
        Context,
    }

    /// <summary>A constant: a quoted literal, or a stage variable resolved at build time.</summary>
    public static ResponseValue Constant(string text) => new(Source.Constant, default, text);

    /// <summary>method.request.header.NAME: the request header (values joined by ",").</summary>
    public static ResponseValue RequestHeader(string name) => new(Source.Header, default, name);

    /// <summary>method.request.querystring.NAME: the query parameter (its first value).</summary>
    public static ResponseValue QueryString(string name) => new(Source.QueryString, default, name);

    /// <summary>method.request.path.NAME: the path parameter of the matched operation.</summary>
    public static ResponseValue PathParameter(string name) => new(Source.Path, default, name);

    /// <summary>$context.X; <paramref name="name"/> is the claim or key for the authorizer variables.</summary>
    public static ResponseValue Context(ContextVariable variable, string name = "") => new(Source.Context, variable, name);

    /// <summary>The value for this answer, escaped as <paramref name="escaping"/> says; empty when the request has none (as API Gateway fills it).</summary>
    internal string Resolve(HttpContext context, in GatewayError error, TemplateEscaping escaping)
    {
        if (_source == Source.Context && _variable == ContextVariable.ErrorMessageString)
        {
            // The quoted message: a JSON string in a JSON template.
            return "\"" + Escape(error.Message, escaping) + "\"";
        }

        return Escape(Raw(context, error) ?? "", escaping);
    }

    private string? Raw(HttpContext context, in GatewayError error)
    {
        var request = context.Request;
        switch (_source)
        {
            case Source.Constant:
                return _name;
            case Source.Header:
                return request.Headers.TryGetValue(_name, out var header) ? header.ToString() : null;
            case Source.QueryString:
                return request.Query.TryGetValue(_name, out var query) && query.Count > 0 ? query[0] : null;
            case Source.Path:
                return request.RouteValues.TryGetValue(_name, out var segment) ? segment as string : null;
        }

        return _variable switch
        {
            ContextVariable.ErrorMessage => error.Message,
            ContextVariable.ErrorResponseType => error.Type.Name,
            ContextVariable.ErrorValidationErrorString => error.ValidationErrorString,
            ContextVariable.RequestId or ContextVariable.ExtendedRequestId => context.TraceIdentifier,
            ContextVariable.HttpMethod => request.Method,
            ContextVariable.ResourcePath => Operation(context)?.Resource is { Length: > 0 } resource ? resource : null,
            ContextVariable.Path => request.PathBase.Add(request.Path).Value,
            ContextVariable.Protocol => request.Protocol,
            ContextVariable.Stage => Runtime(context)?.Info.Stage,
            ContextVariable.DeploymentId => Runtime(context)?.Info.DeploymentId,
            ContextVariable.ApiId => ApiSettings.Of(context)?.Name,
            ContextVariable.DomainName => request.Host.Host,
            ContextVariable.DomainPrefix => request.Host.Host.Split('.')[0],
            ContextVariable.IdentitySourceIp => context.Connection.RemoteIpAddress?.ToString(),
            ContextVariable.IdentityUserAgent => request.Headers.UserAgent.Count > 0 ? request.Headers.UserAgent.ToString() : null,
            ContextVariable.IdentityApiKeyId => context.Items.TryGetValue(GatewayAccess.ApiKeyIdItem, out var key) ? key as string : null,
            ContextVariable.AuthorizerPrincipalId => GatewayPrincipal.Of(context)?.PrincipalId,
            ContextVariable.AuthorizerClaim => GatewayPrincipal.Value(context, "claims." + _name),
            ContextVariable.AuthorizerProperty => GatewayPrincipal.Value(context, _name),
            ContextVariable.RequestTime => RequestTime(context).UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            ContextVariable.RequestTimeEpoch => RequestTime(context).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static string Escape(string value, TemplateEscaping escaping) => escaping switch
    {
        TemplateEscaping.Json => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value,
        TemplateEscaping.Markup => HtmlEncoder.Default.Encode(value),
        _ => value,
    };

    private static GatewayRuntime? Runtime(HttpContext context) =>
        context.RequestServices?.GetService(typeof(GatewayRuntime)) as GatewayRuntime;

    // The operation's path template: set by metrics when they are on, else its endpoint's metadata.
    private static OperationMetrics? Operation(HttpContext context) =>
        context.Features.Get<OperationMetrics>() ?? context.GetEndpoint()?.Metadata.GetMetadata<OperationMetrics>();

    private static DateTimeOffset RequestTime(HttpContext context) => RequestRecord.Of(context)?.At ?? DateTimeOffset.UtcNow;
}

/// <summary>The $context variables a gateway response can use, each named after API Gateway's.</summary>
public enum ContextVariable
{
    /// <summary>$context.error.message: the gateway's message.</summary>
    ErrorMessage,

    /// <summary>$context.error.messageString: the message, quoted (a JSON string in a JSON template).</summary>
    ErrorMessageString,

    /// <summary>$context.error.responseType: the response type, e.g. THROTTLED.</summary>
    ErrorResponseType,

    /// <summary>$context.error.validationErrorString: every validation error of a 400, "[where: what, ...]"; empty otherwise.</summary>
    ErrorValidationErrorString,

    /// <summary>$context.requestId: the request id (also the x-amzn-RequestId header).</summary>
    RequestId,

    /// <summary>$context.extendedRequestId: the request id.</summary>
    ExtendedRequestId,

    /// <summary>$context.httpMethod.</summary>
    HttpMethod,

    /// <summary>$context.resourcePath: the operation's path template; empty when no operation matched (404, 405).</summary>
    ResourcePath,

    /// <summary>$context.path: the request's path.</summary>
    Path,

    /// <summary>$context.protocol, e.g. HTTP/1.1.</summary>
    Protocol,

    /// <summary>$context.stage: the stage the gateway serves.</summary>
    Stage,

    /// <summary>$context.deploymentId: the deployment's content hash.</summary>
    DeploymentId,

    /// <summary>$context.apiId: the API's name.</summary>
    ApiId,

    /// <summary>$context.domainName: the Host the request names.</summary>
    DomainName,

    /// <summary>$context.domainPrefix: the first label of the Host.</summary>
    DomainPrefix,

    /// <summary>$context.identity.sourceIp: the client's address.</summary>
    IdentitySourceIp,

    /// <summary>$context.identity.userAgent.</summary>
    IdentityUserAgent,

    /// <summary>$context.identity.apiKeyId: the id of the admitted API key (never the key).</summary>
    IdentityApiKeyId,

    /// <summary>$context.authorizer.principalId.</summary>
    AuthorizerPrincipalId,

    /// <summary>$context.authorizer.claims.NAME: a claim of the verified JWT.</summary>
    AuthorizerClaim,

    /// <summary>$context.authorizer.KEY: a key of a C# authorizer's context.</summary>
    AuthorizerProperty,

    /// <summary>$context.requestTime, in CLF form.</summary>
    RequestTime,

    /// <summary>$context.requestTimeEpoch, in milliseconds.</summary>
    RequestTimeEpoch,
}

/// <summary>How values are escaped in a template.</summary>
internal enum TemplateEscaping
{
    None,
    Json,
    Markup,
}

/// <summary>The gateway answer being made: what $context.error.* say.</summary>
internal readonly struct GatewayError(GatewayResponseType type, string message, ValidationErrors? errors)
{
    public GatewayResponseType Type { get; } = type;

    public string Message { get; } = message;

    /// <summary>"[query.limit: Invalid value ..., /name: ...]" for a validation failure; empty otherwise.</summary>
    public string ValidationErrorString
    {
        get
        {
            if (errors is null)
            {
                return "";
            }

            var text = new StringBuilder("[");
            foreach (var item in errors.Items)
            {
                text.Append(text.Length > 1 ? ", " : "").Append(item.Location.Length == 0 ? "(root)" : item.Location).Append(": ").Append(item.Message);
            }

            return text.Append(']').ToString();
        }
    }
}
