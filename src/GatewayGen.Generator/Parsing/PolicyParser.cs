using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Reads x-amazon-apigateway-policy, API Gateway's resource policy: Allow and Deny statements on
/// execute-api:/STAGE/METHOD/PATH resources, with IpAddress / NotIpAddress conditions on aws:SourceIp. What it
/// cannot evaluate (IAM principals, other actions or condition keys) is a GG0035 warning and never an allow: a
/// Deny is kept without its conditions, an Allow is dropped.
/// </summary>
internal static class PolicyParser
{
    private static readonly string[] StatementKeys = { "Sid", "Effect", "Principal", "Action", "Resource", "Condition" };

    public static PolicyModel? Parse(ParseContext context)
    {
        var pointer = "/" + ExtensionNames.Policy;
        if (JsonPointer.Resolve(context.Root, pointer) is not { } node)
        {
            return null;
        }

        // API Gateway accepts the policy as an object or as its JSON text.
        if (node is JsonValue && JsonNodes.GetString(node) is { } text)
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                node = null;
            }
        }

        var statementsPointer = JsonPointer.Append(pointer, "Statement");
        var statementsNode = (node as JsonObject)?["Statement"];
        var statements = statementsNode is JsonArray array ? array.ToList() : statementsNode is JsonObject one ? new List<JsonNode?> { one } : null;
        if (statements is null)
        {
            context.Report(DiagnosticDescriptors.UnevaluablePolicy, pointer, "the policy has no Statement list", "every request is denied");
            return new PolicyModel(EquatableArray<PolicyStatementModel>.Empty);
        }

        var result = new List<PolicyStatementModel>();
        for (var i = 0; i < statements.Count; i++)
        {
            var statementPointer = statementsNode is JsonArray ? JsonPointer.Append(statementsPointer, i) : statementsPointer;
            if (Statement(context, statements[i] as JsonObject, statementPointer) is { } statement) // null, a number: a Deny on *
            {
                result.Add(statement);
            }
        }

        return new PolicyModel(result.ToEquatableArray());
    }

    private static PolicyStatementModel? Statement(ParseContext context, JsonObject? statement, string pointer)
    {
        // Only an exact "Allow" allows: any other Effect (a misspelt "deny", none at all) is read as a Deny.
        var effect = JsonNodes.GetString(statement?["Effect"]);
        var allow = effect == "Allow";
        string? problem = null;
        if (statement is null || (effect != "Allow" && effect != "Deny"))
        {
            problem = "its Effect is not Allow or Deny";
        }
        else if (statement.Select(p => p.Key).FirstOrDefault(key => Array.IndexOf(StatementKeys, key) < 0) is { } other)
        {
            problem = $"'{other}' is not evaluated";
        }
        else if (!IsAnyone(statement["Principal"]))
        {
            problem = "its Principal is missing or names IAM identities (only \"*\" is evaluated)";
        }
        else if (Strings(statement["Action"]) is not { Count: > 0 } actions || !actions.All(action => action is "*" or "execute-api:*" or "execute-api:Invoke"))
        {
            problem = "its Action is not execute-api:Invoke";
        }

        var resources = Strings(statement?["Resource"])?.Select(Resource).ToList() ?? new List<string?> { null };
        if (problem is null && (resources.Count == 0 || resources.Any(resource => resource is null)))
        {
            problem = "a Resource is not an execute-api:/STAGE/METHOD/PATH pattern";
        }

        var conditions = new List<IpConditionModel>();
        if (problem is null && statement!.ContainsKey("Condition"))
        {
            problem = Conditions(statement["Condition"] as JsonObject, conditions);
        }

        if (problem is null)
        {
            return new PolicyStatementModel(allow, resources.Select(r => r!).ToEquatableArray(), conditions.ToEquatableArray());
        }

        if (!allow)
        {
            context.Report(DiagnosticDescriptors.UnevaluablePolicy, pointer, problem, "it denies its resources to every request");
            var denied = resources.All(r => r is not null) && resources.Count > 0 ? resources.Select(r => r!).ToEquatableArray() : new[] { "*" }.ToEquatableArray();
            return new PolicyStatementModel(false, denied, EquatableArray<IpConditionModel>.Empty);
        }

        context.Report(DiagnosticDescriptors.UnevaluablePolicy, pointer, problem, "it allows nothing");
        return null;
    }

    private static string? Conditions(JsonObject? conditions, List<IpConditionModel> result)
    {
        if (conditions is null)
        {
            return "its Condition is not an object";
        }

        foreach (var condition in conditions)
        {
            var negated = condition.Key == "NotIpAddress";
            if (!negated && condition.Key != "IpAddress")
            {
                return $"the condition operator '{condition.Key}' is not evaluated (only IpAddress and NotIpAddress)";
            }

            if (condition.Value is not JsonObject keys || keys.Count != 1 || !keys.ContainsKey("aws:SourceIp"))
            {
                return $"{condition.Key} names a key other than aws:SourceIp";
            }

            var cidrs = new List<string>();
            foreach (var cidr in Strings(keys["aws:SourceIp"]) ?? new List<string> { "(not a string)" })
            {
                if (Cidr(cidr) is not { } normalized)
                {
                    return $"'{cidr}' is not an IPv4 or IPv6 address or CIDR block";
                }

                cidrs.Add(normalized);
            }

            if (cidrs.Count == 0)
            {
                return $"{condition.Key} lists no address";
            }

            result.Add(new IpConditionModel(negated, cidrs.ToEquatableArray()));
        }

        return null;
    }

    private static bool IsAnyone(JsonNode? principal) =>
        JsonNodes.GetString(principal) == "*" ||
        (principal is JsonObject aws && aws.Count == 1 && Strings(aws["AWS"]) is { Count: > 0 } names && names.All(name => name == "*"));

    // "execute-api:/dev/GET/pets/*" or "arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID/dev/GET/pets/*" -> "dev/GET/pets/*";
    // anything else (another service's ARN) is not a resource of this API.
    private static string? Resource(string resource)
    {
        if (resource == "*")
        {
            return "*";
        }

        if (resource.StartsWith("execute-api:/", StringComparison.Ordinal))
        {
            return resource.Substring("execute-api:/".Length);
        }

        var parts = resource.Split(new[] { ':' }, 6);
        var slash = parts.Length == 6 ? parts[5].IndexOf('/') : -1;
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "execute-api" && slash > 0 ? parts[5].Substring(slash + 1) : null;
    }

    private static string? Cidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address))
        {
            return null;
        }

        // The runtime reads an IPv4 client on a dual-stack socket as IPv4: "::ffff:203.0.113.0/120" is 203.0.113.0/24.
        if (address.IsIPv4MappedToIPv6)
        {
            var mapped = address.MapToIPv4().ToString();
            return parts.Length == 1 ? mapped + "/32"
                : int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mappedPrefix) && mappedPrefix >= 96 && mappedPrefix <= 128
                    ? mapped + "/" + (mappedPrefix - 96).ToString(CultureInfo.InvariantCulture)
                    : null;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        if (parts.Length == 1)
        {
            return text + "/" + bits.ToString(CultureInfo.InvariantCulture);
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            return null;
        }

        // IAM reads 203.0.113.7/24 as 203.0.113.0/24; the runtime's IPNetwork refuses host bits, so clear them here.
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Max(0, Math.Min(8, prefix - (i * 8)));
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes) + "/" + prefix.ToString(CultureInfo.InvariantCulture);
    }

    // A string or a list of strings; null when anything in it is not a string (never skipped: it could widen an Allow).
    private static List<string>? Strings(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            var values = array.Select(JsonNodes.GetString).ToList();
            return values.All(value => value is not null) ? values.Select(value => value!).ToList() : null;
        }

        return JsonNodes.GetString(node) is { } single ? new List<string> { single } : null;
    }
}
