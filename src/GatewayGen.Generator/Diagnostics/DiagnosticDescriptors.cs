using Microsoft.CodeAnalysis;

namespace GatewayGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic GatewayGen reports. IDs are stable: add new ones at the end, list them in
/// AnalyzerReleases.Unshipped.md and in docs/diagnostics.md (the help link of each).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string DocumentCategory = "GatewayGen.Document";
    private const string RoutingCategory = "GatewayGen.Routing";
    private const string IntegrationCategory = "GatewayGen.Integration";
    private const string StageCategory = "GatewayGen.Stage";
    private const string ValidationCategory = "GatewayGen.Validation";
    private const string AccessCategory = "GatewayGen.Access";
    private const string CorsCategory = "GatewayGen.Cors";

    private const string ResponsesCategory = "GatewayGen.Responses";

    public static readonly DiagnosticDescriptor InvalidDocumentSyntax = Create(
        "GG0001", "OpenAPI document is not well-formed", "The document is not valid {0}: {1}",
        DocumentCategory, DiagnosticSeverity.Error,
        "The file could not be read as YAML or JSON, or it nests more than 256 levels deep (no OpenAPI document needs that many; the limit keeps the compiler's stack safe). The position is where the reader stopped; fix the syntax there.");

    public static readonly DiagnosticDescriptor OpenApiReaderError = Create(
        "GG0002", "OpenAPI document is invalid", "{0}",
        DocumentCategory, DiagnosticSeverity.Error,
        "The OpenAPI reader found an element that breaks the specification, such as a missing required field or a $ref that does not resolve.");

    public static readonly DiagnosticDescriptor UnsupportedOpenApiVersion = Create(
        "GG0003", "Unsupported OpenAPI version", "'{0}' is not a supported OpenAPI version; use swagger 2.0, openapi 3.0.x or openapi 3.1.x",
        DocumentCategory, DiagnosticSeverity.Error,
        "GatewayGen reads Swagger 2.0 and OpenAPI 3.0 and 3.1 documents.");

    public static readonly DiagnosticDescriptor DuplicateRoute = Create(
        "GG0004", "Route claimed twice", "Route '{0}' is claimed by {1} and by {2}",
        RoutingCategory, DiagnosticSeverity.Error,
        "Every method and path may belong to one operation only. Two documents, or two paths that differ only in parameter names, claim the same route; rename or remove one.");

    public static readonly DiagnosticDescriptor MissingIntegration = Create(
        "GG0005", "Operation without integration", "Operation '{0}' has no integration; it answers 500 until it gets one",
        IntegrationCategory, DiagnosticSeverity.Warning,
        "Add x-amazon-apigateway-integration (http_proxy, http, mock, aws_proxy) or x-gatewaygen-integration (function) to the operation.");

    public static readonly DiagnosticDescriptor UnknownStage = Create(
        "GG0006", "Unknown stage", "Stage '{0}' is not defined in x-gatewaygen-stages (defined: {1})",
        StageCategory, DiagnosticSeverity.Error,
        "The MSBuild property GatewayStage names a stage that this document's x-gatewaygen-stages does not define.");

    public static readonly DiagnosticDescriptor UnknownStageVariable = Create(
        "GG0007", "Unknown stage variable", "Stage variable '{0}' is not defined for stage '{1}'",
        StageCategory, DiagnosticSeverity.Error,
        "Each ${stageVariables.name} is resolved at build time from x-gatewaygen-stages.<stage>.variables; define the variable for the stage being built.");

    public static readonly DiagnosticDescriptor UnknownExtensionKey = Create(
        "GG0008", "Unknown key in a gateway extension", "'{0}' is not a key that {1} understands; it is ignored",
        DocumentCategory, DiagnosticSeverity.Warning,
        "A key inside a GatewayGen or API Gateway extension is misspelled or unsupported, or an x-amazon-apigateway-* / x-gatewaygen-* key stands where GatewayGen does not read it (on a path item, parameter, response, schema, ...; every object of the document is checked). See docs/openapi-reference.md for the keys each extension takes and where each extension goes.");

    public static readonly DiagnosticDescriptor InvalidIntegration = Create(
        "GG0009", "Invalid integration", "The integration of '{0}' is invalid: {1}",
        IntegrationCategory, DiagnosticSeverity.Error,
        "The integration lacks a required field or has a value of the wrong form (for example a uri that is not an absolute http or https URL).");

    public static readonly DiagnosticDescriptor UnsupportedIntegration = Create(
        "GG0010", "Unsupported integration", "Integration '{0}' of '{1}' is not supported; the operation answers 500",
        IntegrationCategory, DiagnosticSeverity.Warning,
        "GatewayGen supports http_proxy, http, mock, aws_proxy to a Lambda function (mapped to a C# function) and x-gatewaygen-integration functions.");

    public static readonly DiagnosticDescriptor InvalidRouteTemplate = Create(
        "GG0011", "Path cannot be routed", "Path '{0}' cannot be routed: {1}",
        RoutingCategory, DiagnosticSeverity.Error,
        "Path templates may hold several parameters per segment when literals separate them (/{a}.{b}); a greedy {name+} must be the last segment.");

    public static readonly DiagnosticDescriptor InvalidFunctionName = Create(
        "GG0012", "Invalid function name", "'{0}' is not a valid C# method name for the function of '{1}'",
        IntegrationCategory, DiagnosticSeverity.Error,
        "A function integration becomes a partial method; its name must be a C# identifier.");

    public static readonly DiagnosticDescriptor UnparsedParameter = Create(
        "GG0013", "Parameter passed through without parsing", "Parameter '{0}' in {1} is passed through without parsing: {2}",
        RoutingCategory, DiagnosticSeverity.Warning,
        "GatewayGen parses scalar, array and object parameters by their style (form, simple, matrix, label, spaceDelimited, pipeDelimited, deepObject) and JSON content parameters; what OpenAPI's styles do not define (arrays of arrays or objects, objects inside objects, a style that does not apply to the location), exploded cookie objects and non-JSON content are forwarded as they are.");

    public static readonly DiagnosticDescriptor UnsupportedParameterMapping = Create(
        "GG0014", "Unsupported parameter mapping", "Mapping '{0}' is not supported: {1}; it is ignored",
        IntegrationCategory, DiagnosticSeverity.Warning,
        "requestParameters and responseParameters map method.request.{path|querystring|header}.X, static 'values' and stageVariables; body JSONPath mappings are not supported yet.");

    public static readonly DiagnosticDescriptor UnsupportedMappingTemplate = Create(
        "GG0015", "Unsupported mapping template", "The mapping template for '{0}' uses VTL, which is not supported; {1}",
        IntegrationCategory, DiagnosticSeverity.Warning,
        "Velocity (VTL) templates are not evaluated. Static templates (no $ or #) are used as they are.");

    public static readonly DiagnosticDescriptor DuplicateApiName = Create(
        "GG0016", "Two documents share an API name", "The documents '{0}' and '{1}' both become API '{2}'",
        DocumentCategory, DiagnosticSeverity.Error,
        "The API name comes from the file name (petstore.openapi.yaml -> Petstore). Rename one file, or set the GatewayApiName metadata on its AdditionalFiles item.");

    public static readonly DiagnosticDescriptor UndeclaredPathParameter = Create(
        "GG0017", "Undeclared path parameter", "Path parameter '{0}' of '{1}' is not declared; it is treated as a string",
        RoutingCategory, DiagnosticSeverity.Warning,
        "Declare every templated path segment under parameters with in: path.");

    public static readonly DiagnosticDescriptor OpenApiReaderWarning = Create(
        "GG0018", "OpenAPI document has a questionable element", "{0}",
        DocumentCategory, DiagnosticSeverity.Warning,
        "The OpenAPI reader accepted the document but found something it had to guess about.");

    public static readonly DiagnosticDescriptor UnsupportedExtension = Create(
        "GG0019", "Extension not supported yet", "'{0}' is not supported yet; it is ignored",
        DocumentCategory, DiagnosticSeverity.Warning,
        "This API Gateway or GatewayGen extension is recognised but not implemented in this version; see docs/openapi-reference.md.");

    public static readonly DiagnosticDescriptor InvalidSchema = Create(
        "GG0020", "Invalid schema keyword", "This schema keyword is ignored: {0}",
        ValidationCategory, DiagnosticSeverity.Warning,
        "A schema keyword has a value JSON Schema does not allow (a minimum that is not a number, an enum that is not an array). Requests are validated without it until it is fixed.");

    public static readonly DiagnosticDescriptor UnsupportedSchemaKeyword = Create(
        "GG0021", "Schema keyword not validated", "'{0}' is not validated by GatewayGen; requests are accepted as if it were absent",
        ValidationCategory, DiagnosticSeverity.Warning,
        "GatewayGen compiles every assertion keyword of OpenAPI 3.0 and JSON Schema 2020-12 except unevaluatedProperties, unevaluatedItems and $dynamicRef. See docs/conformance.md.");

    public static readonly DiagnosticDescriptor UnresolvedSchemaReference = Create(
        "GG0022", "Schema reference does not resolve", "$ref '{0}' does not resolve: {1}",
        ValidationCategory, DiagnosticSeverity.Error,
        "A $ref must name a schema in the same document: a JSON pointer (#/components/schemas/Pet), an $id or an $anchor. Remote documents are never fetched at build time.");

    public static readonly DiagnosticDescriptor InvalidPattern = Create(
        "GG0023", "Pattern does not compile", "The pattern '{0}' is not a regular expression GatewayGen can run: {1}",
        ValidationCategory, DiagnosticSeverity.Error,
        "Patterns are ECMA-262 regular expressions, run by .NET's regex engine after translating \\d, \\w, \\s, '.' and '$' to their ECMA-262 meaning.");

    public static readonly DiagnosticDescriptor UnknownRequestValidator = Create(
        "GG0024", "Unknown request validator", "Request validator '{0}' is not defined in x-amazon-apigateway-request-validators",
        ValidationCategory, DiagnosticSeverity.Error,
        "x-amazon-apigateway-request-validator names one of the validators defined at the top of the document.");

    public static readonly DiagnosticDescriptor InvalidAccessSetting = Create(
        "GG0025", "Invalid throttle, quota or usage plan", "{0}",
        AccessCategory, DiagnosticSeverity.Error,
        "Throttles take rateLimit (requests per second, above 0) and burstLimit (a whole number, at least 1); quotas take limit (a whole number, at least 1) and period (DAY, WEEK or MONTH); a usage plan's methodThrottle keys name an operation as \"GET /pets/{petId}\".");

    public static readonly DiagnosticDescriptor UnknownSecurityScheme = Create(
        "GG0026", "Unknown security scheme", "Security requirement names '{0}', which is not defined in {1}; it is taken as an API key in the x-api-key header",
        AccessCategory, DiagnosticSeverity.Warning,
        "Each name in a security requirement must be a scheme under components.securitySchemes (OpenAPI 3) or securityDefinitions (Swagger 2.0). Until it is defined, GatewayGen fails closed: the operation requires an API key in x-api-key, as API Gateway's own exports mean by 'api_key'.");

    public static readonly DiagnosticDescriptor DuplicateUsagePlan = Create(
        "GG0027", "Usage plan defined twice", "Usage plan '{0}' is defined in {1} and in {2}",
        AccessCategory, DiagnosticSeverity.Error,
        "API keys are bound to usage plans by name across the whole gateway, so each name may be defined in one document only.");

    public static readonly DiagnosticDescriptor CircularSchema = Create(
        "GG0028", "Schema refers back to itself in place", "This schema reaches '{0}' again without descending into a property or item; that reference is not followed (treated as true)",
        ValidationCategory, DiagnosticSeverity.Warning,
        "A cycle of $ref, allOf, anyOf, oneOf, not, if/then/else or discriminator that never moves into a property or item would recurse for ever on any value. GatewayGen validates everything else and does not follow the reference that closes the cycle. Typical cause: a parent schema lists its children in oneOf while each child's allOf includes the parent; drop one direction.");

    public static readonly DiagnosticDescriptor UnresolvedExternalReference = Create(
        "GG0029", "Reference to another file does not resolve", "$ref '{0}' does not resolve: {1}",
        DocumentCategory, DiagnosticSeverity.Error,
        "GatewayGen reads no files itself: a $ref to another file resolves against the project's other AdditionalFiles, by path relative to the file that holds the $ref. Add the referenced files, for example <AdditionalFiles Include=\"specs/**/*.yaml\" /> beside the document (only *.openapi.* files and items with GatewayGen=\"true\" become APIs).");

    public static readonly DiagnosticDescriptor AliasExpansionLimit = Create(
        "GG0030", "YAML aliases expand too far", "Expanding the alias '*{0}' would copy more than {1} nodes from anchors into this document; reading stops here",
        DocumentCategory, DiagnosticSeverity.Error,
        "Each alias (*name) is a copy of what its anchor (&name) holds, so anchors that hold aliases of other anchors grow exponentially (the \"billion laughs\" document). GatewayGen copies at most 100,000 nodes, or one per 10 characters of a larger document, for all of a document's aliases and merge keys together. Write the repeated part once under components and $ref it instead.");

    public static readonly DiagnosticDescriptor DuplicateYamlKey = Create(
        "GG0031", "Duplicate key in a YAML mapping", "The key '{0}' is already in this mapping (line {1}); YAML does not allow a key twice",
        DocumentCategory, DiagnosticSeverity.Error,
        "YAML 1.2 requires the keys of a mapping to be unique, and tools disagree on which value a repeated key keeps. Merge the two entries or rename one. (GatewayGen reads on with the last value, so the rest of the document is still checked.)");

    public static readonly DiagnosticDescriptor DuplicateJsonProperty = Create(
        "GG0032", "Duplicate property name in a JSON object", "The property '{0}' is already in this object (line {1}); the last value is used",
        DocumentCategory, DiagnosticSeverity.Warning,
        "JSON (RFC 8259) says names within an object should be unique; like most JSON readers, GatewayGen keeps the last value and ignores the earlier one. Remove the entry that is not meant.");

    public static readonly DiagnosticDescriptor ReferenceExpansionLimit = Create(
        "GG0033", "References expand too far", "$ref '{0}' is not followed: {1}",
        DocumentCategory, DiagnosticSeverity.Error,
        "Following references stays bounded however a document is written: the content copied in from other files holds at most 250,000 nodes (or one per character of the files, if more), a bundled document nests at most 256 levels deep, a chain of subschemas and $refs below an operation's schema is at most 256 long, and a chain of components that are only a $ref to the next is at most 64 long. Real documents stay far below these limits (the corpus: 281,000 copied nodes for 2.7 million characters, chains of 17); a document that crosses one refers to itself in a way that multiplies (a -> b, b; b -> c, c; ...) or chains without end. Shorten the chain or refer to the final target directly.");

    public static readonly DiagnosticDescriptor UnverifiedSecurity = Create(
        "GG0034", "Operation refused: its security is not verified", "'{0}' requires {1}, which GatewayGen does not verify yet; every request to it is refused with 401",
        AccessCategory, DiagnosticSeverity.Warning,
        "GatewayGen never serves an operation whose security it cannot check. Each security requirement (an alternative in the list) passes only when every scheme it names is verified; today that is an apiKey scheme in a header or the query, and a JWT authorizer (http bearer, oauth2 or openIdConnect with x-gatewaygen-jwt; x-amazon-apigateway-authorizer of type jwt). An operation none of whose alternatives can pass (http basic, bearer/oauth2/openIdConnect without x-gatewaygen-jwt, mutualTLS, a Lambda authorizer, x-amazon-apigateway-auth AWS_IAM, an apiKey in a cookie) answers 401 UNAUTHORIZED to every request. Add an alternative the gateway verifies (an apiKey scheme, x-gatewaygen-jwt on the scheme), or an empty requirement ({}) if the operation is meant to be public.");

    public static readonly DiagnosticDescriptor UnevaluablePolicy = Create(
        "GG0035", "Resource policy statement not evaluated", "This x-amazon-apigateway-policy statement is not evaluated: {0}; {1}",
        AccessCategory, DiagnosticSeverity.Warning,
        "GatewayGen evaluates resource policy statements with Effect Allow or Deny, Principal \"*\", Action execute-api:Invoke, Resource execute-api:/STAGE/METHOD/PATH patterns (* and ? wildcards) and IpAddress / NotIpAddress conditions on aws:SourceIp. A statement it cannot evaluate never lets a request in: a Deny is applied to its resources without its conditions, an Allow is left out. Without an Allow that matches, a request is denied (403 ACCESS_DENIED).");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "GG0099", "GatewayGen could not process a document", "GatewayGen could not process this document: {0}",
        DocumentCategory, DiagnosticSeverity.Error,
        "An unexpected failure inside the generator. Please report it with the document that causes it.");

    public static readonly DiagnosticDescriptor InvalidJwtAuthorizer = Create(
        "GG0036", "JWT authorizer cannot be checked", "Security scheme '{0}' cannot be checked as a JWT authorizer: {1}",
        AccessCategory, DiagnosticSeverity.Error,
        "A JWT authorizer (an http bearer, oauth2 or openIdConnect scheme with x-gatewaygen-jwt, or x-amazon-apigateway-authorizer of type jwt) needs an issuer (or, for openIdConnect, openIdConnectUrl) and at least one audience; URLs are https (plain http only to loopback); identitySource names one header; a requirement's scopes are a list of names. Without an audience, tokens the issuer gave any other application would be accepted, so the build stops.");

    public static readonly DiagnosticDescriptor InvalidFunctionAuthorizer = Create(
        "GG0037", "C# authorizer cannot be built", "Security scheme '{0}' cannot be a C# authorizer: {1}",
        AccessCategory, DiagnosticSeverity.Error,
        "An x-amazon-apigateway-authorizer of type token or request runs in process as a C# method: its authorizerUri names a Lambda function (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations), which becomes the partial method NAME of {Api}Functions. identitySource is one header for type token (method.request.header.NAME), and headers or query parameters separated by commas for type request; identityValidationExpression is a regular expression; authorizerResultTtlInSeconds is 0 to 3600.");

    public static readonly DiagnosticDescriptor MissingAuthorizerImplementation = Create(
        "GG0038", "C# authorizer not implemented", "Security scheme '{0}' is a C# authorizer: write {1} in public static partial class {2}",
        AccessCategory, DiagnosticSeverity.Error,
        "Every C# authorizer an operation uses is a partial method the project implements, in the class {Api}Functions of the project's root namespace. It receives the typed request (Token, Headers, QueryString, PathParameters, SourceIp, MethodArn, HttpContext) and returns AuthorizerResult.Allow(principalId, context, usageIdentifierKey), AuthorizerResult.Deny(principalId) or AuthorizerResult.Unauthorized().");

    public static readonly DiagnosticDescriptor InvalidCors = Create(
        "GG0039", "Invalid CORS configuration", "x-amazon-apigateway-cors is invalid: {0}",
        CorsCategory, DiagnosticSeverity.Error,
        "x-amazon-apigateway-cors is an object with allowOrigins, allowMethods, allowHeaders and exposeHeaders (lists of strings), maxAge (a whole number of seconds, 0 to 86400) and allowCredentials (true or false). An origin is '*', a scheme wildcard ('https://*', 'http://*': any origin of that scheme, as API Gateway takes them) or scheme://host[:port] with no path, not even a trailing '/'; other wildcards (https://*.example.com) are not supported, list each origin instead. Methods and header names are HTTP tokens, or '*' for any.");

    public static readonly DiagnosticDescriptor UnhonouredCors = Create(
        "GG0040", "CORS configuration browsers would not honour", "x-amazon-apigateway-cors cannot be honoured with allowCredentials: {0}",
        CorsCategory, DiagnosticSeverity.Error,
        "On a request with credentials (cookies, an Authorization header) browsers take '*' literally: Access-Control-Allow-Origin: * is refused, and Access-Control-Expose-Headers: * exposes only a header named '*'. A scheme wildcard ('https://*') with credentials would let every site of that scheme read a signed-in user's answers (the gateway echoes the origin with Access-Control-Allow-Credentials: true), so it is refused too. With allowCredentials: true, list the exact origins and the headers to expose. '*' in allowMethods and allowHeaders is fine: the gateway answers a preflight with what it asked for.");

    public static readonly DiagnosticDescriptor OptionsOperationUnderCors = Create(
        "GG0041", "OPTIONS operation does not get CORS preflights", "'{0}' does not get CORS preflight requests: the gateway answers them from x-amazon-apigateway-cors; it gets only OPTIONS requests that are not preflights",
        CorsCategory, DiagnosticSeverity.Warning,
        "With CORS configured, API Gateway HTTP APIs answer preflight requests (OPTIONS with Origin and Access-Control-Request-Method) themselves, before routes, authorizers or integrations; GatewayGen does the same. An OPTIONS operation on a path CORS covers then answers only OPTIONS requests that are not preflights. Remove the operation if it only answered preflights, or remove x-amazon-apigateway-cors if the backend is meant to answer them.");

    public static readonly DiagnosticDescriptor InvalidGatewayResponse = Create(
        "GG0042", "Gateway response cannot be applied", "Gateway response '{0}' cannot be applied: {1}",
        ResponsesCategory, DiagnosticSeverity.Error,
        "Each key of x-amazon-apigateway-gateway-responses is one of API Gateway's 21 response types and maps to an object with statusCode (200-599, not 204, 205 or 304: the answer has a body), responseParameters (gatewayresponse.header.NAME, NAME an HTTP token other than the framing headers, Content-Encoding, Content-Type (a template's media type sets it) and x-amzn-RequestId, set from 'a literal', method.request.header.X, method.request.querystring.X, method.request.path.X, context.X or stageVariables.X; never from a request value that carries a credential: Authorization, Proxy-Authorization, Cookie, x-api-key, the API's apiKey header or query parameter and its authorizers' identity sources; Location, Refresh, Set-Cookie, Content-Disposition, X-Content-Type-Options and Access-Control-* take only a literal or a stage variable, so a link cannot redirect, plant a cookie or grant CORS access) and responseTemplates (a media type such as application/json mapped to a string). A customisation the gateway cannot apply stops the build rather than leave the default answer in its place.");

    public static readonly DiagnosticDescriptor UnknownResponseVariable = Create(
        "GG0043", "Unknown variable in a gateway response", "'{0}' in gateway response '{1}' is not a variable a gateway response can use",
        ResponsesCategory, DiagnosticSeverity.Error,
        "Gateway response templates and header values are simple substitution, not VTL: they take $context.X variables (error.message, error.messageString, error.responseType, error.validationErrorString, requestId, extendedRequestId, httpMethod, resourcePath, path, protocol, stage, deploymentId, apiId, domainName, domainPrefix, identity.sourceIp, identity.userAgent, identity.apiKeyId, authorizer.principalId, authorizer.claims.NAME, authorizer.KEY, requestTime, requestTimeEpoch) and $stageVariables.X. A misspelt $context variable, or VTL's $input, $util and $method (which gateway responses do not evaluate), would be sent as written, so the build stops. Other text after a $ is literal.");

    public static readonly DiagnosticDescriptor UnavailableResponseVariable = Create(
        "GG0044", "Gateway response variable has no value here", "'{0}' in gateway response '{1}' has no value in GatewayGen ({2}); it is filled with an empty string",
        ResponsesCategory, DiagnosticSeverity.Warning,
        "API Gateway documents this $context variable, but it describes something a self-hosted gateway does not have (an AWS account, IAM or Cognito identities, WAF, X-Ray) or must not echo (the API key itself; identity.apiKeyId names the key instead). It is substituted as an empty string, as API Gateway fills a variable without a value.");

    public static readonly DiagnosticDescriptor InvalidMinimumCompressionSize = Create(
        "GG0045", "Invalid minimum compression size", "x-amazon-apigateway-minimum-compression-size must be a whole number of bytes from 0 to 10485760, not '{0}'; answers are not compressed",
        DocumentCategory, DiagnosticSeverity.Error,
        "x-amazon-apigateway-minimum-compression-size turns on compression of the API's answers: those of at least that many bytes are compressed (br or gzip) for clients whose Accept-Encoding asks for it. As in API Gateway it is a whole number from 0 (compress every answer) to 10485760 (10 MB); leave it out to compress nothing.");

    public static readonly DiagnosticDescriptor InvalidBinaryMediaType = Create(
        "GG0046", "Invalid binary media type", "'{0}' is not a binary media type: {1}",
        DocumentCategory, DiagnosticSeverity.Error,
        "x-amazon-apigateway-binary-media-types is a list of media types (type/subtype, such as image/png or application/octet-stream) whose payloads are binary; a subtype or both parts may be * (image/*, */*). Parameters (;charset=...) and other forms are not media types API Gateway accepts.");

    public static readonly DiagnosticDescriptor InvalidContentHandling = Create(
        "GG0047", "Invalid contentHandling", "contentHandling '{0}' cannot be applied: {1}",
        IntegrationCategory, DiagnosticSeverity.Error,
        "contentHandling on an integration (its requests) or an integration response (its answers) is CONVERT_TO_TEXT (a binary payload becomes base64 text) or CONVERT_TO_BINARY (base64 text becomes the bytes it encodes); without it payloads pass through, converted only as x-amazon-apigateway-binary-media-types and the client's Accept say. A mock's response template converted to binary must be base64 text.");

    public static readonly DiagnosticDescriptor InvalidCacheSetting = Create(
        "GG0048", "Invalid response cache setting", "{0}",
        DocumentCategory, DiagnosticSeverity.Error,
        "A stage's cache takes enabled (true or false), ttlSeconds (0 to 3600, default 300), capacityMb (1 to 16384, default 64), requireAuthorization (default true) and unauthorizedCacheControlHeaderStrategy (FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER); x-gatewaygen-cache takes the same but capacityMb, plus cacheKeyParameters; cacheKeyParameters entries are method.request.querystring.NAME, method.request.header.NAME or method.request.path.NAME of a path parameter. A setting the cache cannot apply stops the build rather than cache differently from what the document says.");

    public static readonly DiagnosticDescriptor CacheWithoutStageCache = Create(
        "GG0049", "Operation cache without a stage cache", "{0} enables x-gatewaygen-cache, but no stage of this document enables its cache; its answers are not cached",
        DocumentCategory, DiagnosticSeverity.Warning,
        "Answers are cached in the stage's cache, as in API Gateway: enable it in x-gatewaygen-stages (NAME: cache: enabled: true) for the stages that should cache. An operation's x-gatewaygen-cache only adjusts the stage's settings for that operation.");

    public static readonly DiagnosticDescriptor CachedUnsafeMethod = Create(
        "GG0050", "A cached operation that is not GET", "{0} opts into the stage cache: its body is not in the cache key, so requests with different bodies get the same answer, and a repeated request is answered without reaching the backend",
        DocumentCategory, DiagnosticSeverity.Warning,
        "The stage cache keys an entry by method, resource, path parameters, cacheKeyParameters and the caller, never by the request body, as in API Gateway. Caching a POST (or an ANY operation, whose DELETE and PUT are cached too) is right only for a read that happens to be a POST, such as a search whose criteria are in cacheKeyParameters. Otherwise leave x-gatewaygen-cache out: only GET and HEAD are cached by default.");

    public static readonly DiagnosticDescriptor GatewayResponseHidesFailure = Create(
        "GG0051", "Gateway response hides a failure", "Gateway response '{0}' answers {1}: clients, caches and the 4XXError/5XXError metrics would take a failure for a success",
        ResponsesCategory, DiagnosticSeverity.Warning,
        "Every gateway response type is a failure with a 4xx or 5xx status (INTEGRATION_FAILURE 502, THROTTLED 429, ...). A statusCode from 200 to 399 makes it look like a success or a redirect: a client retries nothing, an outage answered 200 looks healthy, and the error metrics do not count it. It is a warning, not an error, because API Gateway allows it and some uses are deliberate (UNAUTHORIZED as a 302 to a login page with a literal Location); the gateway never stores its own answers in the response cache, whatever their status. Keep a 4xx or 5xx status unless the document means it.");

    public static readonly DiagnosticDescriptor FormParametersNotEnforced = Create(
        "GG0056", "Swagger 2.0 form parameters not enforced as written", "The formData parameters of {0} are not enforced as written: {1}",
        ValidationCategory, DiagnosticSeverity.Warning,
        "Swagger 2.0 'in: formData' parameters are validated as the OpenAPI 3 form body they describe: an object with a property per parameter (type file is a file part), required as the parameters say, for each of application/x-www-form-urlencoded and multipart/form-data the operation consumes, an array's collectionFormat read as its delimiter (csv commas, ssv spaces, tsv tabs, pipes '|', multi the field repeated). What the gateway cannot read as written is named here: a body of another media type in consumes (form fields do not describe it, so it passes unchecked), an 'in: body' parameter beside formData ones (Swagger 2.0 allows one or the other; the body's schema is validated), a collectionFormat that is none of those five (read as csv), or an array of arrays (items are not split again, so such a body is refused). Consume only form media types, and keep form fields to scalars, files and arrays of scalars.");

    public static readonly DiagnosticDescriptor FormEncodingNotEnforced = Create(
        "GG0057", "Form encoding not enforced", "The encoding of form field '{0}' is not enforced as written: {1}",
        ValidationCategory, DiagnosticSeverity.Warning,
        "Form bodies (application/x-www-form-urlencoded, multipart/form-data) are validated field by field as their encoding map says: style form (explode repeats the field per item, no explode joins with commas), spaceDelimited, pipeDelimited and deepObject (name[key]=value, nested and indexed as Stripe sends it), or, without style, explode and allowReserved, the field's contentType (JSON for objects, text otherwise). What the gateway cannot read as written is named here: a style meant for parameters (matrix, label, simple), an object sent as form with explode (its properties would be fields of their own, indistinguishable from the body's), or encoding.headers of a multipart part. Such a field is read in the closest supported way, which may refuse bodies the document allows; change the encoding to one of the supported forms.");

    public static readonly DiagnosticDescriptor EncodingOfUnknownProperty = Create(
        "GG0059", "Encoding for a property the schema does not have", "The encoding names '{0}', which is not a property of the body's schema, so it applies to nothing",
        ValidationCategory, DiagnosticSeverity.Warning,
        "An encoding map's keys are property names of the media type's schema (OpenAPI: the key MUST exist in the schema as a property). A key that is not one (often a misspelling) applies to no field: that field is then read with the default encoding (text, JSON for objects), so a deepObject field such as metadata[key]=value would be refused. Spell the key as the property is named.");
    public static readonly DiagnosticDescriptor DiscriminatorNotRequired = Create(
        "GG0060", "Discriminator property not required", "Schema '{0}' names '{1}' as its discriminator but does not require it; {2}",
        ValidationCategory, DiagnosticSeverity.Warning,
        "OpenAPI wants the property a discriminator names in the schema's required list (3.0: MUST; 3.1.1: SHOULD, as the behaviour without it is undefined). GatewayGen validates such a value all the same: an object that has the property is checked against the schema it names and the oneOf/anyOf as a whole; an object without it is checked against the oneOf/anyOf alone, as if there were no discriminator. Add the property to required (in the schema or in every branch) to make clients send it.");

    public static readonly DiagnosticDescriptor NullableInOpenApi31 = Create(
        "GG0061", "nullable is not an OpenAPI 3.1 keyword", "'nullable' is not a keyword in OpenAPI {0} and is ignored: {1}",
        ValidationCategory, DiagnosticSeverity.Warning,
        "OpenAPI 3.1 schemas are JSON Schema 2020-12, which has no 'nullable': a 3.1 document says a value may be null with the type 'null' (type: [string, 'null']) or a oneOf/anyOf branch {type: 'null'}. GatewayGen reads the schema as written, so null is refused where 'nullable: true' stands in a 3.1 document; 3.0 and Swagger 2.0 documents keep 'nullable' (and 'x-nullable').");
    public static readonly DiagnosticDescriptor WildcardBodyPartlyValidated = Create(
        "GG0062", "Wildcard media type validates JSON bodies only", "'{0}' has a schema that is no object and no file: only JSON bodies under it are validated, bodies of other types reach the backend unchecked",
        ValidationCategory, DiagnosticSeverity.Warning,
        "A wildcard media range (*/*, application/*, text/*) with a schema that may be an object reads every body: forms as forms, any other bytes as JSON when they are JSON. A schema that is a scalar (type: string, integer...) cannot be checked against a text or binary body, so under it only JSON-typed bodies (application/json, *+json) are validated and others pass as sent. Declare the media types the operation takes (text/plain with its own schema, application/json), or make the schema a file (format: binary) when bodies are opaque.");

    public static readonly DiagnosticDescriptor MissingFunctionImplementation = Create(
        "GG0064", "C# function not implemented", "{0} calls {1}: write {2} in public static partial class {3}",
        IntegrationCategory, DiagnosticSeverity.Error,
        "Every function integration (x-gatewaygen-integration type function, or an aws_proxy integration whose uri names a Lambda function) is a partial method the project implements, in the class {Api}Functions of the project's root namespace; the error stands at the integration's name or uri. The method receives the operation's typed request (HttpContext, Body, one property per parameter; for a Lambda function also ReadEventAsync(), the Lambda proxy event of the integration's payloadFormatVersion) and returns an IResult, for a ported Lambda handler LambdaResults.From(response).");

    private static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string help) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: help,
            helpLinkUri: "https://github.com/gatewaygen/gatewaygen/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant());
}
