using System.Globalization;
using System.Linq;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes what the runtime's GatewayAccess checks before an operation runs: the API's stage throttle, each
/// operation's key requirement and throttle, and the gateway's usage plans.
/// </summary>
internal static class AccessEmitter
{
    private const string Runtime = "global::GatewayGen.Runtime.";

    /// <summary>The API's shared access rules (its stage's throttle), one field per Integrations class.</summary>
    public static void EmitApiField(SourceWriter writer, ApiModel api, string functionsClass)
    {
        for (var i = 0; i < api.FunctionAuthorizers.Count; i++)
        {
            var function = api.FunctionAuthorizers[i];
            writer.Line($"/// <summary>The C# authorizer of security scheme '{ApiEmitter.Xml(function.Scheme)}': {ApiEmitter.Xml(function.Function)} in {ApiEmitter.Xml(functionsClass.Replace("global::", ""))}.</summary>");
            var call = $"static (context, token, methodArn) => {functionsClass}.{function.Function}(new {functionsClass}.{function.RequestType}(context, token, methodArn))";
            writer.Line($"internal static readonly {Runtime}FunctionAuthorizer {FunctionAuthorizerField(i)} = new({Literals.String(api.Name)}, {Literals.String(function.Scheme)}, {(function.IsToken ? "true" : "false")}, {Literals.StringArray(function.IdentitySources)}, {Nullable(function.ValidationExpression)}, {Literals.Int(function.TtlSeconds)}, {call});");
        }

        for (var i = 0; i < api.Authorizers.Count; i++)
        {
            var jwt = api.Authorizers[i];
            writer.Line($"/// <summary>The JWT authorizer of security scheme '{ApiEmitter.Xml(jwt.Scheme)}'.</summary>");
            writer.Line($"internal static readonly {Runtime}JwtAuthorizer {AuthorizerField(i)} = new({Literals.String(api.Name)}, {Literals.String(jwt.Scheme)}, {Nullable(jwt.Issuer)}, {Literals.StringArray(jwt.Audiences)}, {Nullable(jwt.DiscoveryUrl)}, {Nullable(jwt.JwksUri)}, {Literals.String(jwt.IdentityHeader)});");
        }

        if (api.Policy is not { } policy)
        {
            writer.Line($"private static readonly {Runtime}ApiAccess ApiAccess = new({Literals.String(api.Name)}, {Throttle(api.StageThrottle)});");
            return;
        }

        writer.Line($"private static readonly {Runtime}ApiAccess ApiAccess = new({Literals.String(api.Name)}, {Throttle(api.StageThrottle)}, new {Runtime}ResourcePolicy({Literals.String(policy.Stage)}, new {Runtime}PolicyStatement[]");
        writer.Line("{");
        foreach (var statement in policy.Statements)
        {
            var conditions = string.Join(", ", statement.Conditions.Select(c => $"new {Runtime}IpCondition({(c.Negated ? "true" : "false")}, {Literals.StringArray(c.Cidrs)})"));
            writer.Line($"    new({(statement.Allow ? "true" : "false")}, {Literals.StringArray(statement.Resources)}, new {Runtime}IpCondition[] {{ {conditions} }}),");
        }

        writer.Line("}));");
    }

    /// <summary>The API's resource policy as one expression (CORS admits preflights with its own instance of it).</summary>
    public static string PolicyExpression(PolicyModel policy)
    {
        var statements = policy.Statements.Select(statement =>
            $"new {Runtime}PolicyStatement({(statement.Allow ? "true" : "false")}, {Literals.StringArray(statement.Resources)}, new {Runtime}IpCondition[] {{ " +
            string.Join(", ", statement.Conditions.Select(c => $"new {Runtime}IpCondition({(c.Negated ? "true" : "false")}, {Literals.StringArray(c.Cidrs)})")) + " })");
        return $"new {Runtime}ResourcePolicy({Literals.String(policy.Stage)}, new {Runtime}PolicyStatement[] {{ {string.Join(", ", statements)} }})";
    }

    public static void EmitField(SourceWriter writer, OperationModel operation, ApiModel api)
    {
        var access = operation.Access;
        writer.Line($"private static readonly {Runtime}OperationAccess {operation.Name}Access = new({Literals.String(operation.DisplayName)}, {Security(access, api)}, {Throttle(access.Throttle)}, ApiAccess{(access.RefusedBecause is { } reason ? ", refusedBecause: " + Literals.String(reason) : "")});");
        if (operation.Integration is not (HttpIntegrationModel or MockIntegrationModel))
        {
            writer.Line(); // integrations with fields of their own end them with a blank line
        }
    }

    /// <summary>The first lines of a handler: key, throttles and quota, in API Gateway's order.</summary>
    public static void EmitCheck(SourceWriter writer, OperationModel operation)
    {
        writer.Line($"if (await _runtime.Access.RejectAsync(context, {operation.Name}Access))");
        using (writer.Braces())
        {
            writer.Line("return;");
        }

        writer.Line();
    }

    /// <summary>GatewayManifest.Access: every usage plan of the gateway, the account throttle, whether keys are used.</summary>
    public static void EmitManifest(SourceWriter writer, GatewayModel model)
    {
        var usesKeys = false;
        writer.Line($"public static readonly {Runtime}GatewayAccessSettings Access = new(");
        writer.Line($"    new global::System.Collections.Generic.Dictionary<string, {Runtime}UsagePlan>(global::System.StringComparer.Ordinal)");
        writer.Line("    {");
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        foreach (var api in model.Apis)
        {
            usesKeys |= api.UsesApiKeys;
            foreach (var plan in api.UsagePlans)
            {
                if (!seen.Add(plan.Name))
                {
                    continue; // GG0027 already says so
                }

                var quota = plan.Quota is { } q ? $"new {Runtime}QuotaSettings({q.Limit.ToString(CultureInfo.InvariantCulture)}L, {Runtime}QuotaPeriod.{Period(q.Period)})" : "null";
                writer.Line($"        [{Literals.String(plan.Name)}] = new({Literals.String(plan.Name)}, {Throttle(plan.Throttle)}, {quota},");
                writer.Line($"            new global::System.Collections.Generic.Dictionary<string, {Runtime}ThrottleSettings>(global::System.StringComparer.Ordinal)");
                writer.Line("            {");
                foreach (var method in plan.MethodThrottles)
                {
                    writer.Line($"                [{Literals.String(method.Route)}] = {Throttle(method.Throttle)},");
                }

                writer.Line(plan.CacheInvalidation ? "            }) { CacheInvalidation = true }," : "            }),");
            }
        }

        writer.Line("    },");
        writer.Line($"    {Runtime}ThrottleSettings.AccountDefault,");
        var authorizers = model.Apis.SelectMany(api => api.Authorizers.Select((_, i) => $"global::{ApiEmitter.GeneratedNamespace}.{api.Name}Integrations.{AuthorizerField(i)}")).ToList();
        if (authorizers.Count == 0)
        {
            writer.Line($"    {(usesKeys ? "true" : "false")});");
            return;
        }

        writer.Line($"    {(usesKeys ? "true" : "false")})");
        writer.Line("{");
        writer.Line($"    Authorizers = new {Runtime}Authorizer[] {{ {string.Join(", ", authorizers)} }},");
        writer.Line("};");
    }

    /// <summary>The field of the API's <paramref name="index"/>th authorizer, in its Integrations class.</summary>
    public static string AuthorizerField(int index) => "JwtAuthorizer" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The field of the API's <paramref name="index"/>th C# authorizer.</summary>
    public static string FunctionAuthorizerField(int index) => "FunctionAuthorizer" + index.ToString(CultureInfo.InvariantCulture);

    // new SecurityAlternative[] { new(ApiKeyLocation.Header, "x-api-key", new AuthorizerRequirement(JwtAuthorizer0, "pets:read")) }
    private static string Security(AccessModel access, ApiModel api)
    {
        if (access.Security.Count == 0)
        {
            return $"global::System.Array.Empty<{Runtime}SecurityAlternative>()";
        }

        var alternatives = access.Security.Select(alternative =>
        {
            var authorizers = alternative.Authorizers.Select(use =>
            {
                var field = FieldOf(api, use.Scheme);
                var scopes = use.Scopes.Count == 0 ? "" : ", " + string.Join(", ", use.Scopes.Select(Literals.String));
                return $"new {Runtime}AuthorizerRequirement({field}{scopes})";
            });
            var key = alternative.KeyName is null ? "null" : Literals.String(alternative.KeyName);
            return $"new {Runtime}SecurityAlternative({Runtime}ApiKeyLocation.{alternative.KeyLocation}, {key}{string.Concat(authorizers.Select(a => ", " + a))})";
        });
        return $"new {Runtime}SecurityAlternative[] {{ {string.Join(", ", alternatives)} }}";
    }

    // The Integrations field of a scheme's authorizer: JwtAuthorizerN or FunctionAuthorizerN, by its place in the API's list.
    private static string FieldOf(ApiModel api, string scheme)
    {
        for (var i = 0; i < api.Authorizers.Count; i++)
        {
            if (api.Authorizers[i].Scheme == scheme)
            {
                return AuthorizerField(i);
            }
        }

        for (var i = 0; i < api.FunctionAuthorizers.Count; i++)
        {
            if (api.FunctionAuthorizers[i].Scheme == scheme)
            {
                return FunctionAuthorizerField(i);
            }
        }

        throw new System.InvalidOperationException($"No authorizer for security scheme '{scheme}'."); // the parser lists every scheme it admits
    }

    private static string Nullable(string? text) => text is null ? "null" : Literals.String(text);

    private static string Throttle(ThrottleModel? throttle) => throttle is null
        ? "null"
        : $"new {Runtime}ThrottleSettings({throttle.RateLimit.ToString("R", CultureInfo.InvariantCulture)}d, {Literals.Int(throttle.BurstLimit)})";

    private static string Period(string period) => period switch
    {
        "DAY" => "Day",
        "WEEK" => "Week",
        _ => "Month",
    };
}
