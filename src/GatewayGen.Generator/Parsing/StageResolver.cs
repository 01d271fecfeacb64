using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Specialises a parsed API for the stage being built: fills ${stageVariables.x}, splits backend URLs into
/// literal parts and placeholders, and names functions. Everything it cannot resolve is a build error.
/// </summary>
internal static class StageResolver
{
    private const string StageVariablePrefix = "${stageVariables.";

    public static ApiModel Resolve(ApiModel api, GatewayOptions options)
    {
        var diagnostics = new List<DiagnosticInfo>(api.Diagnostics);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        ThrottleModel? stageThrottle = null;
        StageCacheModel? stageCache = null;
        if (api.Stages.Count > 0)
        {
            StageModel? selected = null;
            foreach (var stage in api.Stages)
            {
                if (stage.Name == options.Stage)
                {
                    selected = stage;
                }
            }

            if (selected is null)
            {
                var defined = new List<string>();
                foreach (var stage in api.Stages)
                {
                    defined.Add(stage.Name);
                }

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownStage, api.StagesLocation, options.Stage, string.Join(", ", defined)));
            }
            else
            {
                stageThrottle = selected.Throttle;
                stageCache = selected.Cache is { Enabled: true } cache ? cache : null;
                foreach (var variable in selected.Variables)
                {
                    variables[variable.Name] = variable.Value;
                }
            }
        }

        var resolver = new Resolver(options.Stage, variables, diagnostics);
        var operations = new List<OperationModel>(api.Operations.Count);
        foreach (var operation in api.Operations)
        {
            operations.Add(operation with { Integration = resolver.Resolve(operation), Cache = CacheOf(operation, stageCache) });
        }

        var gatewayResponses = resolver.ResolveResponses(api.GatewayResponses);
        return api with
        {
            Operations = operations.ToEquatableArray(),
            RequiredImplementations = api.RequiredImplementations.Concat(FunctionImplementations(api.Name, operations)).ToEquatableArray(),
            // Only Lambda functions see the stage's variables at run time (their event's stageVariables).
            StageVariables = operations.Any(o => o.Integration is FunctionIntegrationModel { LambdaName: not null }) ? Sorted(variables) : EquatableArray<StageVariableModel>.Empty,
            GatewayResponses = gatewayResponses,
            Diagnostics = diagnostics.ToEquatableArray(),
            StageThrottle = stageThrottle,
            StageCache = stageCache,
            Policy = api.Policy is { } policy ? policy with { Stage = options.Stage } : null,
        };
    }

    // Each function an operation calls is a method the project writes: missing, it is a GG error at the integration's
    // name or uri, with the signature to write (the compiler's CS8795 names only the generated declaration).
    private static List<RequiredImplementationModel> FunctionImplementations(string apiName, List<OperationModel> operations)
    {
        var required = new List<RequiredImplementationModel>();
        foreach (var operation in operations)
        {
            if (operation.Integration is not FunctionIntegrationModel function)
            {
                continue;
            }

            var signature = $"public static partial ValueTask<IResult> {function.Target}({operation.Name}Request request)";
            var callee = function.LambdaName is { } lambda
                ? $"the Lambda function '{lambda}' (payload format {function.PayloadFormatVersion})"
                : $"the C# function '{function.Target}'";
            required.Add(new RequiredImplementationModel(
                apiName + "Functions." + function.Target,
                DiagnosticInfo.Create(DiagnosticDescriptors.MissingFunctionImplementation, function.Location, operation.DisplayName, callee, signature, apiName + "Functions")));
        }

        return required;
    }

    private static EquatableArray<StageVariableModel> Sorted(Dictionary<string, string> variables)
    {
        var sorted = new List<StageVariableModel>(variables.Count);
        foreach (var variable in variables)
        {
            sorted.Add(new StageVariableModel(variable.Key, variable.Value));
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return sorted.ToEquatableArray();
    }

    // The stage cache applies to GET operations unless one opts out, and to others only when one opts in; the
    // operation's settings override the stage's. TTL 0 caches nothing, as in API Gateway.
    private static OperationCacheModel? CacheOf(OperationModel operation, StageCacheModel? stage)
    {
        if (stage is null)
        {
            return null;
        }

        var settings = operation.CacheSettings;
        var isGet = !operation.IsAnyMethod && operation.Methods[0] is "GET" or "HEAD";
        var ttl = settings?.TtlSeconds ?? stage.TtlSeconds;
        if (!(settings?.Enabled ?? isGet) || ttl == 0)
        {
            return null;
        }

        var invalidation = new CacheInvalidationModel(
            settings?.RequireAuthorization ?? stage.Invalidation.RequireAuthorization,
            settings?.Unauthorized ?? stage.Invalidation.Unauthorized);
        return new OperationCacheModel(ttl, operation.CacheKeyParameters, invalidation);
    }

    /// <summary>
    /// The function an aws_proxy uri invokes: ".../functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]/invocations",
    /// or a bare name there as Lambda accepts it, or a template placeholder (Terraform's "${proxy_lambda}"), whose
    /// name then names the function.
    /// </summary>
    internal static string? LambdaFunctionName(string uri)
    {
        var marker = uri.IndexOf(":function:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var name = uri.Substring(marker + ":function:".Length);
            var end = name.IndexOfAny(new[] { ':', '/' });
            return end < 0 ? name : name.Substring(0, end);
        }

        var functions = uri.IndexOf("/functions/", StringComparison.Ordinal);
        if (functions < 0)
        {
            return null;
        }

        var segment = uri.Substring(functions + "/functions/".Length);
        var invocations = segment.IndexOf("/invocations", StringComparison.Ordinal);
        segment = (invocations < 0 ? segment : segment.Substring(0, invocations)).Trim();
        if (segment.StartsWith("${", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal))
        {
            segment = segment.Substring(2, segment.Length - 3);
        }

        return segment.Length == 0 || segment.IndexOf('/') >= 0 ? null : segment;
    }

    // RFC 9110 token: the characters of a header name.
    internal static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    /// <summary>What a header value may hold: visible ASCII, spaces and tabs.</summary>
    internal static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Resolver
    {
        private readonly string _stage;
        private readonly Dictionary<string, string> _variables;
        private readonly List<DiagnosticInfo> _diagnostics;

        public Resolver(string stage, Dictionary<string, string> variables, List<DiagnosticInfo> diagnostics)
        {
            _stage = stage;
            _variables = variables;
            _diagnostics = diagnostics;
        }

        public IntegrationModel Resolve(OperationModel operation) => operation.Integration switch
        {
            HttpIntegrationModel http => ResolveHttp(http, operation),
            FunctionIntegrationModel function => ResolveFunction(function, operation),
            _ => operation.Integration,
        };

        private IntegrationModel ResolveHttp(HttpIntegrationModel http, OperationModel operation)
        {
            if (Substitute(http.Uri, http.Location) is not { } uri)
            {
                return new NotImplementedIntegrationModel("its integration uses an undefined stage variable");
            }

            var requestParameters = ResolveMappings(http.RequestParameters, operation);
            var responses = new List<IntegrationResponseModel>();
            foreach (var response in http.Responses)
            {
                responses.Add(response with { Headers = ResolveMappings(response.Headers, operation) });
            }

            if (!System.Uri.TryCreate(uri.Replace("{", "").Replace("}", "").Replace("+", ""), UriKind.Absolute, out var parsed) ||
                (parsed.Scheme != "http" && parsed.Scheme != "https"))
            {
                Report(DiagnosticDescriptors.InvalidIntegration, http.Location, operation.DisplayName, $"uri '{uri}' is not an absolute http or https URL");
                return new NotImplementedIntegrationModel("its integration is invalid");
            }

            var parts = SplitUri(uri, requestParameters, operation, http.Location);
            if (parts is null || !CheckHeaderMappings(requestParameters, operation))
            {
                return new NotImplementedIntegrationModel("its integration is invalid");
            }

            return http with
            {
                Uri = uri,
                RequestParameters = requestParameters,
                Responses = responses.ToEquatableArray(),
                UriParts = parts.Value,
            };
        }

        private IntegrationModel ResolveFunction(FunctionIntegrationModel function, OperationModel operation)
        {
            if (Substitute(function.Target, function.Location) is not { } target)
            {
                return new NotImplementedIntegrationModel("its integration uses an undefined stage variable");
            }

            if (function.FromLambdaUri)
            {
                if (StageResolver.LambdaFunctionName(target) is not { } name)
                {
                    Report(DiagnosticDescriptors.InvalidIntegration, function.Location, operation.DisplayName, "the aws_proxy uri names no Lambda function");
                    return new NotImplementedIntegrationModel("its integration is invalid");
                }

                return function with { Target = Identifiers.Sanitize(name), LambdaName = name };
            }

            if (!Identifiers.IsValidIdentifier(target))
            {
                Report(DiagnosticDescriptors.InvalidFunctionName, function.Location, target, operation.DisplayName);
                return new NotImplementedIntegrationModel("its function name is invalid");
            }

            return function with { Target = target };
        }

        /// <summary>Stage variables, context.stage and context.resourcePath are known at build time: they become literals.</summary>
        /// <summary>
        /// Stage variables in gateway responses become constants; a response with an undefined one is left out (its
        /// GG0007 stops the build), and a value a header cannot carry is GG0042.
        /// </summary>
        public EquatableArray<GatewayResponseModel> ResolveResponses(EquatableArray<GatewayResponseModel> responses)
        {
            var resolved = new List<GatewayResponseModel>(responses.Count);
            foreach (var response in responses)
            {
                var complete = true;
                var headers = new List<ResponseHeaderModel>(response.Headers.Count);
                foreach (var header in response.Headers)
                {
                    var value = ResolveValue(header.Value, ref complete);
                    if (header.Value.Kind == ResponseValueKind.StageVariable && value.Kind == ResponseValueKind.Constant && !IsFieldValue(value.Name))
                    {
                        Report(DiagnosticDescriptors.InvalidGatewayResponse, header.Value.Location!, response.Type, $"stage variable '{header.Value.Name}' holds a character header '{header.Name}' cannot carry");
                        complete = false;
                    }

                    headers.Add(header with { Value = value });
                }

                var templates = new List<ResponseTemplateModel>(response.Templates.Count);
                foreach (var template in response.Templates)
                {
                    var parts = new List<TemplatePartModel>(template.Parts.Count);
                    foreach (var part in template.Parts)
                    {
                        parts.Add(part.Value is { } value ? part with { Value = ResolveValue(value, ref complete) } : part);
                    }

                    templates.Add(template with { Parts = parts.ToEquatableArray() });
                }

                if (complete)
                {
                    resolved.Add(response with { Headers = headers.ToEquatableArray(), Templates = templates.ToEquatableArray() });
                }
            }

            return resolved.ToEquatableArray();
        }

        private ResponseValueModel ResolveValue(ResponseValueModel value, ref bool complete)
        {
            if (value.Kind != ResponseValueKind.StageVariable)
            {
                return value;
            }

            var text = Lookup(value.Name, value.Location!);
            complete &= text is not null;
            return new ResponseValueModel(ResponseValueKind.Constant, text ?? "", "", null);
        }

        private EquatableArray<ParameterMappingModel> ResolveMappings(EquatableArray<ParameterMappingModel> mappings, OperationModel operation)
        {
            var resolved = new List<ParameterMappingModel>(mappings.Count);
            foreach (var mapping in mappings)
            {
                var literal = mapping.Source switch
                {
                    { Kind: MappingSourceKind.StageVariable } => Lookup(mapping.Source.Name, mapping.Location),
                    { Kind: MappingSourceKind.Context, Name: "stage" } => _stage,
                    { Kind: MappingSourceKind.Context, Name: "resourcePath" } => operation.Path,
                    _ => null,
                };

                if (literal is not null)
                {
                    resolved.Add(mapping with { Source = new MappingSourceModel(MappingSourceKind.Literal, literal) });
                }
                else if (mapping.Source.Kind != MappingSourceKind.StageVariable)
                {
                    resolved.Add(mapping);
                }
            }

            return resolved.ToEquatableArray();
        }

        /// <summary>
        /// Header mappings a request value could abuse are refused at build time: a name that is not a header name,
        /// a header that frames the request (its length, encoding or connection), a Host taken from the request, and
        /// a value of the document's own that a header cannot carry.
        /// </summary>
        private bool CheckHeaderMappings(EquatableArray<ParameterMappingModel> mappings, OperationModel operation)
        {
            var valid = true;
            foreach (var mapping in mappings)
            {
                if (mapping.TargetKind is not ("header" or "multivalueheader"))
                {
                    continue;
                }

                var name = mapping.TargetName;
                var problem = !IsToken(name) ? $"'{name}' is not a header name"
                    : Array.IndexOf(FramingHeaders, name.ToLowerInvariant()) >= 0 || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
                        ? $"header '{name}' frames the request to the backend and cannot be mapped"
                    : Array.IndexOf(ResponseOnlyHeaders, name.ToLowerInvariant()) >= 0
                        ? $"header '{name}' belongs to responses; a request to the backend cannot carry it"
                    : name.Equals("Host", StringComparison.OrdinalIgnoreCase) && mapping.Source.Kind != MappingSourceKind.Literal
                        ? "the backend's Host cannot come from the request; map a 'literal' or a stage variable"
                    : mapping.Source.Kind == MappingSourceKind.Literal && !IsFieldValue(mapping.Source.Name)
                        ? $"the value of header '{name}' holds a character a header cannot carry (a control character or a non-ASCII one)"
                    : null;
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.InvalidIntegration, mapping.Location, operation.DisplayName, problem);
                    valid = false;
                }
            }

            return valid;
        }

        // .NET's HttpRequestHeaders refuses these names (they describe a response).
        private static readonly string[] ResponseOnlyHeaders = { "accept-ranges", "age", "etag", "location", "retry-after", "server", "vary", "www-authenticate" };

        private static readonly string[] FramingHeaders = { "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect" };


        /// <summary>"http://backend/pets/{petId}" -> ["http://backend/pets/", petId]; each placeholder takes its value from a path mapping or path parameter, never the host.</summary>
        private EquatableArray<UriPartModel>? SplitUri(string uri, EquatableArray<ParameterMappingModel> requestParameters, OperationModel operation, LocationInfo location)
        {
            var scheme = uri.IndexOf("://", StringComparison.Ordinal);
            var authorityEnd = scheme < 0 ? -1 : uri.IndexOfAny(new[] { '/', '?' }, scheme + 3);
            var firstPlaceholder = uri.IndexOf('{');
            if (firstPlaceholder >= 0 && (authorityEnd < 0 || firstPlaceholder < authorityEnd))
            {
                Report(DiagnosticDescriptors.InvalidIntegration, location, operation.DisplayName,
                    $"uri '{uri}' takes its host from the request; a client must not choose the backend, so use a stage variable (${{stageVariables.name}}) for it");
                return null;
            }

            var parts = new List<UriPartModel>();
            var i = 0;
            while (i < uri.Length)
            {
                var open = uri.IndexOf('{', i);
                if (open < 0)
                {
                    parts.Add(new UriPartModel(uri.Substring(i), null));
                    break;
                }

                var close = uri.IndexOf('}', open);
                if (close < 0)
                {
                    Report(DiagnosticDescriptors.InvalidIntegration, location, operation.DisplayName, $"uri '{uri}' has an unclosed '{{'");
                    return null;
                }

                if (open > i)
                {
                    parts.Add(new UriPartModel(uri.Substring(i, open - i), null));
                }

                var name = uri.Substring(open + 1, close - open - 1).TrimEnd('+');
                var source = PlaceholderSource(name, requestParameters, operation);
                if (source is null)
                {
                    Report(DiagnosticDescriptors.InvalidIntegration, location, operation.DisplayName,
                        $"the uri placeholder '{{{name}}}' has no value; map integration.request.path.{name} in requestParameters or declare path parameter '{name}'");
                    return null;
                }

                parts.Add(new UriPartModel(name, source));
                i = close + 1;
            }

            return parts.ToEquatableArray();
        }

        private static MappingSourceModel? PlaceholderSource(string name, EquatableArray<ParameterMappingModel> requestParameters, OperationModel operation)
        {
            foreach (var mapping in requestParameters)
            {
                if (mapping.TargetKind == "path" && mapping.TargetName == name)
                {
                    return mapping.Source;
                }
            }

            foreach (var parameter in operation.Parameters)
            {
                if (parameter.In == ParameterLocation.Path && parameter.Name == name)
                {
                    return new MappingSourceModel(MappingSourceKind.Path, name);
                }
            }

            return null;
        }

        /// <summary>Fills every ${stageVariables.x}; null (each unknown one reported) when any is undefined.</summary>
        private string? Substitute(string text, LocationInfo location)
        {
            var start = text.IndexOf(StageVariablePrefix, StringComparison.Ordinal);
            if (start < 0)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            var complete = true;
            var i = 0;
            while (start >= 0)
            {
                var end = text.IndexOf('}', start);
                if (end < 0)
                {
                    break;
                }

                builder.Append(text, i, start - i);
                var value = Lookup(text.Substring(start + StageVariablePrefix.Length, end - start - StageVariablePrefix.Length), location);
                complete &= value is not null;
                builder.Append(value);
                i = end + 1;
                start = text.IndexOf(StageVariablePrefix, i, StringComparison.Ordinal);
            }

            builder.Append(text, i, text.Length - i);
            return complete ? builder.ToString() : null;
        }

        private string? Lookup(string name, LocationInfo location)
        {
            if (_variables.TryGetValue(name, out var value))
            {
                return value;
            }

            Report(DiagnosticDescriptors.UnknownStageVariable, location, name, _stage);
            return null;
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] args) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
    }
}
