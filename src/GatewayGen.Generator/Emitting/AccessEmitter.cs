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
    public static void EmitApiField(SourceWriter writer, ApiModel api)
    {
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

    public static void EmitField(SourceWriter writer, OperationModel operation)
    {
        var access = operation.Access;
        writer.Line($"private static readonly {Runtime}OperationAccess {operation.Name}Access = new({Literals.String(operation.DisplayName)}, {Runtime}ApiKeyLocation.{access.KeyLocation}, {(access.KeyName is null ? "null" : Literals.String(access.KeyName))}, {Throttle(access.Throttle)}, ApiAccess{(access.RefusedBecause is { } reason ? ", refusedBecause: " + Literals.String(reason) : "")});");
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

                writer.Line("            }),");
            }
        }

        writer.Line("    },");
        writer.Line($"    {Runtime}ThrottleSettings.AccountDefault,");
        writer.Line($"    {(usesKeys ? "true" : "false")});");
    }

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
