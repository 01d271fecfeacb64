using System.Collections.Generic;
using System.Text;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Turns an OpenAPI path ("/pets/{petId}", "/{a}.{b}", "/files/{proxy+}") into an ASP.NET Core route
/// template and the key that detects two paths claiming the same route.
/// </summary>
internal static class RouteParser
{
    public static RouteModel? Parse(string path, out string? error)
    {
        error = null;
        if (path.Length == 0 || path[0] != '/')
        {
            error = "a path must start with '/'";
            return null;
        }

        var template = new StringBuilder();
        var key = new StringBuilder();
        var parameters = new List<RouteParameterModel>();
        var routeNames = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        string? greedy = null;
        var segments = path.Substring(1).Split('/');
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            template.Append('/');
            key.Append('/');
            if (segment.Length == 0 && s < segments.Length - 1)
            {
                error = "empty segment ('//')";
                return null;
            }

            var previousWasParameter = false;
            var i = 0;
            while (i < segment.Length)
            {
                var open = segment.IndexOf('{', i);
                var literal = open < 0 ? segment.Substring(i) : segment.Substring(i, open - i);
                if (literal.IndexOf('}') >= 0)
                {
                    error = $"unbalanced '}}' in segment '{segment}'";
                    return null;
                }

                if (literal.Length > 0)
                {
                    template.Append(literal);
                    key.Append(literal);
                    previousWasParameter = false;
                }

                if (open < 0)
                {
                    break;
                }

                var close = segment.IndexOf('}', open);
                if (close < 0)
                {
                    error = $"unbalanced '{{' in segment '{segment}'";
                    return null;
                }

                if (previousWasParameter)
                {
                    error = $"two parameters in segment '{segment}' need a literal between them";
                    return null;
                }

                var name = segment.Substring(open + 1, close - open - 1);
                var isGreedy = name.EndsWith("+", System.StringComparison.Ordinal);
                if (isGreedy)
                {
                    name = name.Substring(0, name.Length - 1);
                    if (s != segments.Length - 1 || open != 0 || close != segment.Length - 1)
                    {
                        error = $"the greedy parameter '{{{name}+}}' must be the whole last segment";
                        return null;
                    }

                    greedy = name;
                }

                if (name.Length == 0)
                {
                    error = "a parameter needs a name";
                    return null;
                }

                var routeName = RouteName(name, parameters.Count, routeNames);
                parameters.Add(new RouteParameterModel(name, routeName, s, open == 0 && close == segment.Length - 1));
                // A greedy parameter must match at least one segment, as in API Gateway ("/{proxy+}" does not match "/").
                template.Append(isGreedy ? "{**" + routeName + ":required}" : "{" + routeName + "}");
                key.Append(isGreedy ? "{+}" : "{}");
                previousWasParameter = true;
                i = close + 1;
            }
        }

        // ASP.NET Core matches "/pets/" and "/pets" alike, so they are one route.
        if (template.Length > 1 && template[template.Length - 1] == '/')
        {
            template.Length--;
            key.Length--;
        }

        return new RouteModel(template.ToString(), key.ToString(), parameters.ToEquatableArray(), greedy);
    }

    // Route value names must be plain identifiers to ASP.NET Core; others get a positional name.
    private static string RouteName(string name, int index, HashSet<string> used)
    {
        var candidate = IsPlainName(name) ? name : "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (!used.Add(candidate))
        {
            candidate += "_";
        }

        return candidate;
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z' || c is >= '0' and <= '9' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
