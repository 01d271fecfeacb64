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
            if (Statement(context, statements[i] as JsonObject, statementPointer) is { } statement)
            {
                result.Add(statement);
            }
        }

        return new PolicyModel(result.ToEquatableArray());
    }

    private static PolicyStatementModel? Statement(ParseContext context, JsonObject? statement, string pointer)
    {
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
            problem = "its Principal names IAM identities (only \"*\" is evaluated)";
        }
        else if (!Strings(statement["Action"]).All(action => action is "*" or "execute-api:*" or "execute-api:Invoke") || statement["Action"] is null)
        {
            problem = "its Action is not execute-api:Invoke";
        }

        var resources = Strings(statement?["Resource"]).Select(Resource).ToList();
        if (problem is null && (resources.Count == 0 || resources.Any(resource => resource is null)))
        {
            problem = "a Resource is not an execute-api:/STAGE/METHOD/PATH pattern";
        }

        var conditions = new List<IpConditionModel>();
        if (problem is null && statement!["Condition"] is { } conditionNode)
        {
            problem = Conditions(conditionNode as JsonObject, conditions);
        }

        if (problem is null)
        {
            return new PolicyStatementModel(allow, resources.Select(r => r!).ToEquatableArray(), conditions.ToEquatableArray());
        }

        if (!allow && effect == "Deny")
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
            foreach (var cidr in Strings(keys["aws:SourceIp"]))
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
        principal is null || JsonNodes.GetString(principal) == "*" ||
        (principal is JsonObject aws && aws.Count == 1 && Strings(aws["AWS"]).ToList() is { Count: > 0 } names && names.All(name => name == "*"));

    // "execute-api:/dev/GET/pets/*" or "arn:aws:execute-api:REGION:ACCOUNT:API-ID/dev/GET/pets/*" -> "dev/GET/pets/*".
    private static string? Resource(string resource)
    {
        if (resource == "*")
        {
            return "*";
        }

        var at = resource.IndexOf("execute-api:", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = resource.Substring(at + "execute-api:".Length);
        var slash = rest.IndexOf('/');
        return slash < 0 ? null : rest.Substring(slash + 1);
    }

    private static string? Cidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address))
        {
            return null;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        if (parts.Length == 1)
        {
            return text + "/" + bits.ToString(CultureInfo.InvariantCulture);
        }

        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= bits ? text : null;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(JsonNodes.GetString).Where(s => s is not null).Select(s => s!),
        null => Enumerable.Empty<string>(),
        _ => JsonNodes.GetString(node) is { } single ? new[] { single } : Enumerable.Empty<string>(),
    };
}
