using System;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// An API's resource policy (x-amazon-apigateway-policy), as API Gateway evaluates it: a request is let in only
/// when an Allow statement matches it and no Deny does. A statement matches when one of its resources
/// ("dev/GET/pets/*", * and ? wildcards) matches "STAGE/METHOD/PATH" and every condition on the caller's
/// address holds. The address is the connection's: a client cannot set it with a header.
/// </summary>
/// <param name="stage">The stage this binary serves.</param>
/// <param name="statements">The statements the generator compiled.</param>
public sealed class ResourcePolicy(string stage, PolicyStatement[] statements)
{
    /// <summary>Whether the policy lets this request in.</summary>
    /// <param name="context">The request.</param>
    /// <param name="method">The operation's declared method ("GET"), or null for an ANY operation (then the request's, upper-cased).</param>
    public bool Allows(HttpContext context, string? method = null)
    {
        var resource = Resource(context, method);
        var address = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        var allowed = false;
        foreach (var statement in statements)
        {
            if (!statement.Matches(resource, address))
            {
                continue;
            }

            if (!statement.Allow)
            {
                return false; // an explicit Deny wins
            }

            allowed = true;
        }

        return allowed;
    }

    /// <summary>The resource a request is checked as, for the 403's message.</summary>
    public string ResourceOf(HttpContext context, string? method = null) => "execute-api:/" + Resource(context, method);

    // The routing that chose the operation ignores a method's and a literal's case and a trailing slash; the
    // resource is built as API Gateway names it, so a request cannot dodge a Deny by spelling.
    private string Resource(HttpContext context, string? method)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && path[^1] == '/')
        {
            path = path.TrimEnd('/');
        }

        return string.Concat(stage, "/", method ?? context.Request.Method.ToUpperInvariant(), path);
    }
}

/// <summary>One Allow or Deny statement.</summary>
/// <param name="allow">Allow, or Deny.</param>
/// <param name="resources">Resource patterns after "execute-api:/": "dev/GET/pets/*", "*".</param>
/// <param name="conditions">Conditions on the caller's address, all of which must hold.</param>
public sealed class PolicyStatement(bool allow, string[] resources, IpCondition[] conditions)
{
    /// <summary>Allow, or Deny.</summary>
    public bool Allow { get; } = allow;

    internal bool Matches(string resource, IPAddress? address)
    {
        // A Deny matches whatever the case and with an encoded slash read as one: it must not be dodged by spelling.
        var text = Allow ? resource : resource.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var matched = false;
        foreach (var pattern in resources)
        {
            if (Wildcard.Matches(pattern, text, ignoreCase: !Allow))
            {
                matched = true;
                break;
            }
        }

        if (!matched)
        {
            return false;
        }

        if (address is null && conditions.Length > 0)
        {
            return !Allow; // an address that is not known: no Allow on a condition, every Deny on one
        }

        foreach (var condition in conditions)
        {
            if (!condition.Holds(address))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>IpAddress (or NotIpAddress) on aws:SourceIp.</summary>
/// <param name="negated">NotIpAddress: holds when the address is in none of the blocks.</param>
/// <param name="cidrs">IPv4 and IPv6 CIDR blocks.</param>
public sealed class IpCondition(bool negated, string[] cidrs)
{
    private readonly IPNetwork[] _networks = Array.ConvertAll(cidrs, IPNetwork.Parse);

    internal bool Holds(IPAddress? address)
    {
        var inside = false;
        if (address is not null)
        {
            foreach (var network in _networks)
            {
                if (network.Contains(address))
                {
                    inside = true;
                    break;
                }
            }
        }

        // No address (a test host, a Unix socket): IpAddress cannot hold, and NotIpAddress does not either.
        return address is not null && inside != negated;
    }
}

// IAM's pattern matching: * is any run of characters (slashes too), ? one character. By hand because nothing
// served matches IAM's rules (FileSystemName treats '/' and '\' specially); two-pointer, no backtracking blow-up.
internal static class Wildcard
{
    public static bool Matches(string pattern, string text, bool ignoreCase = false)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t] || (ignoreCase && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
