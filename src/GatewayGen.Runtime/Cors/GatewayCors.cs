using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// CORS owns x-amazon-apigateway-cors as API Gateway HTTP APIs apply it. The gateway answers preflight requests
/// itself (204; they pass the resource policy and the account throttle, but no authorizer, key, other throttle or
/// quota, and reach no backend), and puts the configured
/// headers on every answer to an allowed origin: proxied, mocked, functions and the gateway's own errors, in place of
/// any CORS headers a backend sent. Endpoint routing finds the operation a preflight asks about (its
/// Access-Control-Request-Method), so an operation's own configuration replaces the document's for it; ASP.NET Core's
/// <see cref="ICorsService"/> evaluates the policy and writes the headers, as the response starts, so that answers
/// written after an error carry them too. ASP.NET Core's CORS middleware is not used: it runs after routing (the
/// edge's refusals would miss the headers) and writes them before the endpoint (a backend's would then win, and an
/// error answer clears them); what is written by hand is the 204, the removal of a backend's CORS headers and
/// Vary: Origin on every answer the policy covers.
/// </summary>
public static class GatewayCors
{
    /// <summary>A policy as the document declares it.</summary>
    /// <param name="allowOrigins">"*", scheme wildcards ("https://*": any origin of that scheme) and exact origins.</param>
    /// <param name="allowMethods">Methods, or "*" for any (a preflight is then told the method it asked for).</param>
    /// <param name="allowHeaders">Request headers, or "*" for any (a preflight is then told the headers it asked for).</param>
    /// <param name="exposeHeaders">Response headers scripts may read, or "*".</param>
    /// <param name="maxAgeSeconds">How long a browser may cache a preflight's answer; null leaves it to the browser.</param>
    /// <param name="allowCredentials">Whether scripts may send credentials and read the answers to them.</param>
    public static CorsPolicy Policy(string[] allowOrigins, string[] allowMethods, string[] allowHeaders, string[] exposeHeaders, int? maxAgeSeconds, bool allowCredentials)
    {
        var policy = new CorsPolicy
        {
            SupportsCredentials = allowCredentials,
            PreflightMaxAge = maxAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };

        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var schemes = new List<string>();
        foreach (var origin in allowOrigins)
        {
            if (origin.EndsWith("://*", StringComparison.Ordinal))
            {
                schemes.Add(origin.Substring(0, origin.Length - 1)); // "https://"
            }
            else if (origin != "*")
            {
                exact.Add(origin);
            }
        }

        // CorsPolicy reads "any" only from a list that is just "*".
        AddAll(policy.Origins, Array.IndexOf(allowOrigins, "*") >= 0 ? new[] { "*" } : new List<string>(exact).ToArray());
        AddAll(policy.Methods, Array.IndexOf(allowMethods, "*") >= 0 ? new[] { "*" } : allowMethods);
        AddAll(policy.Headers, Array.IndexOf(allowHeaders, "*") >= 0 ? new[] { "*" } : allowHeaders);
        AddAll(policy.ExposedHeaders, exposeHeaders);
        var prefixes = schemes.ToArray();
        policy.IsOriginAllowed = origin => exact.Contains(origin) || StartsWithAny(origin, prefixes);
        return policy;
    }

    /// <summary>Gives the operation mapped by <paramref name="builder"/> its own policy, in place of the document's.</summary>
    public static IEndpointConventionBuilder ForOperation(IEndpointConventionBuilder builder, CorsPolicy policy) =>
        builder.WithMetadata(new CorsMetadata(policy));

    /// <summary>
    /// Prepares an endpoint of the gateway for CORS: the document's policy as metadata, and, once an operation's own is
    /// known too, preflights routed to it by the method they ask about and answered before its handler runs.
    /// </summary>
    internal static void Attach(IEndpointConventionBuilder builder, ApiSettings? api, GatewayRuntime runtime)
    {
        if (api?.Cors?.Document is { } document)
        {
            builder.WithMetadata(new CorsMetadata(document));
        }

        builder.Finally(endpoint => AcceptPreflights(endpoint, runtime));
    }

    private static void AcceptPreflights(EndpointBuilder endpoint, GatewayRuntime runtime)
    {
        var policy = PolicyOf(endpoint.Metadata);
        IHttpMethodMetadata? methods = null;
        for (var i = endpoint.Metadata.Count - 1; i >= 0 && methods is null; i--)
        {
            methods = endpoint.Metadata[i] as IHttpMethodMetadata;
        }

        // Endpoints of any method (the 405s, the 404, ANY) take preflights whenever some API has CORS, so that a
        // preflight for a method no operation of the path offers still meets one of the gateway's endpoints.
        var anyMethod = methods is null || methods.HttpMethods.Count == 0;
        if (policy is null && !(anyMethod && AnyApiHasCors(runtime)))
        {
            return;
        }

        endpoint.Metadata.Add(new HttpMethodMetadata(methods?.HttpMethods ?? Array.Empty<string>(), acceptCorsPreflight: true));
        if (policy is not null && endpoint.RequestDelegate is { } handler)
        {
            var declared = methods is { HttpMethods.Count: 1 } ? methods.HttpMethods[0] : null;
            endpoint.RequestDelegate = context => IsPreflight(context.Request) ? AnswerPreflightAsync(context, runtime, declared) : handler(context);
        }
    }

    // The headers themselves are written as the response starts (see Apply); a preflight's answer is only its status,
    // once the resource policy (as the request it announces) and the account throttle have let it in.
    private static async Task AnswerPreflightAsync(HttpContext context, GatewayRuntime runtime, string? declaredMethod)
    {
        var announced = declaredMethod ?? context.Request.Headers.AccessControlRequestMethod.ToString().ToUpperInvariant();
        if (await runtime.Access.RejectPreflightAsync(context, ApiSettings.Of(context)?.Cors?.ResourcePolicy, announced))
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>A CORS preflight, as endpoint routing recognises one: OPTIONS with Origin and Access-Control-Request-Method.</summary>
    internal static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) &&
        request.Headers.ContainsKey(HeaderNames.Origin) &&
        !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod);

    private static bool AnyApiHasCors(GatewayRuntime runtime)
    {
        foreach (var api in runtime.Apis)
        {
            if (api.Cors is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The edge's middleware: every answer of an API with CORS gets its headers as it starts.</summary>
    internal static Func<RequestDelegate, RequestDelegate> Middleware(IServiceProvider services, int adminPort) => next =>
    {
        var runtime = services.GetRequiredService<GatewayRuntime>();
        var headers = new CorsHeaders(services.GetRequiredService<ICorsService>());
        bool? enabled = null; // known once the routes are mapped, which is before the first request
        return context =>
        {
            enabled ??= AnyApiHasCors(runtime);
            if (enabled.Value && context.Connection.LocalPort != adminPort)
            {
                context.Response.OnStarting(headers.Apply, context);
            }

            return next(context);
        };
    };

    /// <summary>The policy an answer falls under: its endpoint's, or (answers the edge gives before routing) the only API's.</summary>
    private static CorsPolicy? PolicyFor(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
            ? endpoint.Metadata.GetMetadata<CorsMetadata>()?.Policy // the last: an operation's own is attached after the document's
            : ApiSettings.Of(context)?.Cors?.Document;

    private static CorsPolicy? PolicyOf(IList<object> metadata)
    {
        // The last one wins: an operation's own is attached after the document's.
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i] is CorsMetadata cors)
            {
                return cors.Policy;
            }
        }

        return null;
    }

    private static void AddAll(IList<string> target, string[] values)
    {
        foreach (var value in values)
        {
            target.Add(value);
        }
    }

    private static bool StartsWithAny(string origin, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && origin.Length > prefix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a gateway endpoint's CORS is. Not ICorsMetadata: endpoint routing would then insist on ASP.NET Core's CORS
    /// middleware, whose preflights run after routing without the gateway's edge answers and backend-header rules.
    /// </summary>
    private sealed class CorsMetadata(CorsPolicy policy)
    {
        public CorsPolicy Policy { get; } = policy;
    }

    /// <summary>Writes the CORS headers of an answer as it starts.</summary>
    private sealed class CorsHeaders(ICorsService cors)
    {
        // What a backend may send that the configured headers replace (API Gateway ignores the integration's).
        private static readonly string[] Replaced =
        {
            HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlAllowCredentials, HeaderNames.AccessControlAllowMethods,
            HeaderNames.AccessControlAllowHeaders, HeaderNames.AccessControlExposeHeaders, HeaderNames.AccessControlMaxAge,
        };

        public Task Apply(object state)
        {
            var context = (HttpContext)state;
            if (PolicyFor(context) is not { } policy)
            {
                return Task.CompletedTask;
            }

            var headers = context.Response.Headers;
            foreach (var name in Replaced)
            {
                headers.Remove(name);
            }

            // Origins not allowed (and requests without Origin) get no CORS headers: ApplyResult writes none for them.
            cors.ApplyResult(cors.EvaluatePolicy(context, policy), context.Response);

            // The answer depends on Origin whatever it is (allowed, refused or absent), so caches must keep them apart.
            if (!VariesByOrigin(headers.Vary))
            {
                headers.Append(HeaderNames.Vary, "Origin");
            }

            return Task.CompletedTask;
        }

        private static bool VariesByOrigin(StringValues vary)
        {
            foreach (var value in vary)
            {
                foreach (var part in (value ?? "").Split(','))
                {
                    var name = part.Trim();
                    if (name == "*" || name.Equals("Origin", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
