using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads x-amazon-apigateway-cors (allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials),
/// on the document as API Gateway HTTP APIs have it, or on an operation. What a browser could not use is a located error.
/// </summary>
internal static class CorsParser
{
    /// <summary>API Gateway's upper bound for maxAge (a day).</summary>
    public const int MaxAgeLimit = 86400;

    /// <summary>The configuration in <paramref name="node"/>, or null when it is invalid (then it has been reported).</summary>
    public static CorsModel? Parse(JsonNode? node, string pointer, ParseContext context)
    {
        if (node is not JsonObject cors)
        {
            context.Report(DiagnosticDescriptors.InvalidCors, pointer, "it must be an object (allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials)");
            return null;
        }

        IntegrationParser.ReportUnknownKeys(cors, pointer, ExtensionNames.CorsKeys, ExtensionNames.Cors, context);
        var valid = true;
        var origins = List(cors, "allowOrigins", pointer, context, CheckOrigin, ref valid);
        var methods = List(cors, "allowMethods", pointer, context, value => CheckToken(value, "a method"), ref valid);
        var headers = List(cors, "allowHeaders", pointer, context, value => CheckToken(value, "a header name"), ref valid);
        var exposed = List(cors, "exposeHeaders", pointer, context, value => CheckToken(value, "a header name"), ref valid);
        var maxAge = MaxAge(cors["maxAge"], JsonPointer.Append(pointer, "maxAge"), context, ref valid);
        var credentialsPointer = JsonPointer.Append(pointer, "allowCredentials");
        var credentials = false;
        if (cors.TryGetPropertyValue("allowCredentials", out var credentialsNode))
        {
            if (credentialsNode is JsonValue flag && flag.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                credentials = flag.GetValueKind() == System.Text.Json.JsonValueKind.True;
            }
            else
            {
                context.Report(DiagnosticDescriptors.InvalidCors, credentialsPointer, "allowCredentials must be true or false");
                valid = false;
            }
        }

        if (credentials && origins.Contains("*"))
        {
            context.Report(DiagnosticDescriptors.UnhonouredCors, credentialsPointer, "browsers refuse Access-Control-Allow-Origin: * on a request with credentials; list the origins in allowOrigins instead of '*'");
            valid = false;
        }

        // A scheme wildcard echoes any site of that scheme with Access-Control-Allow-Credentials: true, which lets
        // every page on the web read a signed-in user's answers: a credentialed '*' that browsers would not catch.
        if (credentials && cors["allowOrigins"] is JsonArray declaredOrigins)
        {
            for (var i = 0; i < declaredOrigins.Count; i++)
            {
                if (declaredOrigins[i] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String &&
                    value.GetValue<string>() is var origin && origin.EndsWith("://*", StringComparison.Ordinal))
                {
                    context.Report(DiagnosticDescriptors.UnhonouredCors, JsonPointer.Append(JsonPointer.Append(pointer, "allowOrigins"), i),
                        $"'{origin}' would let any {origin.Substring(0, origin.Length - 4)} site read the answers to a signed-in user's requests; list the origins in allowOrigins instead of a scheme wildcard");
                    valid = false;
                }
            }
        }

        if (credentials && exposed.Contains("*"))
        {
            context.Report(DiagnosticDescriptors.UnhonouredCors, credentialsPointer, "on a request with credentials browsers read Access-Control-Expose-Headers: * as a header named '*'; list the headers in exposeHeaders instead");
            valid = false;
        }

        for (var i = 0; i < methods.Count; i++)
        {
            methods[i] = methods[i].ToUpperInvariant(); // browsers send the methods they normalise (GET, PUT, ...) in capitals
        }

        return valid
            ? new CorsModel(Distinct(origins), Distinct(methods), Distinct(headers), Distinct(exposed), maxAge, credentials)
            : null;
    }

    /// <summary>A list of strings, each checked; an error for each value that is not one (with why, at the value).</summary>
    private static List<string> List(JsonObject cors, string key, string pointer, ParseContext context, Func<string, string?> check, ref bool valid)
    {
        var result = new List<string>();
        var listPointer = JsonPointer.Append(pointer, key);
        if (!cors.TryGetPropertyValue(key, out var node))
        {
            return result;
        }

        if (node is not JsonArray items)
        {
            context.Report(DiagnosticDescriptors.InvalidCors, listPointer, key + " must be a list of strings");
            valid = false;
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPointer = JsonPointer.Append(listPointer, i);
            var text = items[i] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;
            var problem = text is null ? "it is not a string" : check(text);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidCors, itemPointer, $"{key}[{i}]: {problem}");
                valid = false;
                continue;
            }

            result.Add(text!);
        }

        return result;
    }

    private static int? MaxAge(JsonNode? node, string pointer, ParseContext context, ref bool valid)
    {
        if (node is null)
        {
            return null;
        }

        // A number without a fraction only: "300" (a string) is a mistake API Gateway refuses too.
        if (node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number &&
            decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) &&
            seconds == decimal.Truncate(seconds))
        {
            if (seconds is >= 0 and <= MaxAgeLimit)
            {
                return (int)seconds;
            }

            var why = seconds < 0
                ? "maxAge must be 0 or more (to keep browsers from caching preflights, use 0)"
                : $"maxAge must be at most {MaxAgeLimit} seconds (a day), as API Gateway allows";
            context.Report(DiagnosticDescriptors.InvalidCors, pointer, why);
        }
        else
        {
            context.Report(DiagnosticDescriptors.InvalidCors, pointer, $"maxAge must be a whole number of seconds from 0 to {MaxAgeLimit}, not {node.ToJsonString()}");
        }

        valid = false;
        return null;
    }

    /// <summary>Why <paramref name="origin"/> is not one the gateway can match, or null when it is.</summary>
    private static string? CheckOrigin(string origin)
    {
        if (origin == "*")
        {
            return null;
        }

        var separator = origin.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(origin.Substring(0, separator)))
        {
            return $"'{origin}' is not an origin: write scheme://host[:port] (https://www.example.com), '*', or 'https://*'";
        }

        var authority = origin.Substring(separator + 3);
        if (authority == "*")
        {
            return null; // any origin of the scheme, as API Gateway takes https://* and http://*
        }

        if (authority.IndexOf('*') >= 0)
        {
            return $"'{origin}': wildcards other than '*' and 'scheme://*' are not supported (as in API Gateway); list each origin";
        }

        if (authority.EndsWith("/", StringComparison.Ordinal) && authority.IndexOf('/') == authority.Length - 1)
        {
            return $"'{origin}' has a trailing '/': browsers send origins without a path, so it would never match; write '{origin.TrimEnd('/')}'";
        }

        if (authority.Length == 0 || authority.IndexOfAny(new[] { '/', '?', '#', '@', ' ' }) >= 0)
        {
            return $"'{origin}' is not an origin: an origin is scheme://host[:port], without path, query, user or spaces";
        }

        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && authority.IndexOf(']') < colon)
        {
            var port = authority.Substring(colon + 1);
            if (colon == 0 || !int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                return $"'{origin}' is not an origin: its port must be a number from 1 to 65535";
            }
        }

        return null;
    }

    private static bool IsScheme(string scheme)
    {
        if (scheme.Length == 0 || !IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!IsAsciiLetter(c) && c is not (>= '0' and <= '9') and not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>Why <paramref name="value"/> is not an HTTP token (RFC 9110) or '*', or null when it is one.</summary>
    private static string? CheckToken(string value, string what)
    {
        if (value.Length == 0)
        {
            return $"'' is not {what}";
        }

        foreach (var c in value)
        {
            if (!(IsAsciiLetter(c) || c is >= '0' and <= '9' || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0))
            {
                return $"'{value}' is not {what} (an HTTP token, or '*' for any)";
            }
        }

        return null;
    }

    private static EquatableArray<string> Distinct(List<string> values)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (seen.Add(value))
            {
                result.Add(value);
            }
        }

        return result.ToEquatableArray();
    }
}
