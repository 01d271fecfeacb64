using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Model;

/// <summary>Builds the project-wide model from every API: finds routes claimed twice and what each path allows.</summary>
internal static class GatewayModelBuilder
{
    public static ApiSummaryModel Summarize(ApiModel api)
    {
        var routes = new List<RouteEntryModel>(api.Operations.Count);
        foreach (var operation in api.Operations)
        {
            routes.Add(new RouteEntryModel(operation.Route.Key, operation.Route.Template, operation.IsAnyMethod ? "ANY" : operation.Methods[0], operation.DisplayName, operation.Location));
        }

        return new ApiSummaryModel(api.Name, api.FilePath, api.Title, api.Version, routes.ToEquatableArray(), api.UsagePlans, api.Operations.Any(o => o.Access.RequiresApiKey))
        {
            Authorizers = api.Authorizers.Select(a => a.Scheme).ToEquatableArray(),
            CacheCapacityMegabytes = api.StageCache?.CapacityMegabytes ?? 0,
        };
    }

    /// <summary>API names that more than one document maps to.</summary>
    public static EquatableArray<string> DuplicateNames(ImmutableArray<ApiSummaryModel> summaries) =>
        summaries.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

    /// <param name="duplicates">What <see cref="DuplicateNames"/> found: those APIs get GG0016 and no code.</param>
    public static GatewayModel Build(ImmutableArray<ApiSummaryModel> summaries, EquatableArray<string> duplicates, GatewayOptions options, bool hasUserEntryPoint, DeploymentModel deployment)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sorted = summaries.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.FilePath, StringComparer.Ordinal).ToList();
        var apis = new List<ApiSummaryModel>();
        for (var i = 0; i < sorted.Count; i++)
        {
            if (!duplicates.Contains(sorted[i].Name))
            {
                apis.Add(sorted[i]);
            }
            else if (i > 0 && sorted[i - 1].Name == sorted[i].Name)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateApiName, LocationInfo.FileStart(sorted[i].FilePath), sorted[i - 1].FilePath, sorted[i].FilePath, sorted[i].Name));
            }
        }

        // Keys are bound to plans by name across the gateway: one definition per name.
        var plans = new Dictionary<string, UsagePlanModel>(StringComparer.Ordinal);
        foreach (var api in apis)
        {
            foreach (var plan in api.UsagePlans)
            {
                if (plans.TryGetValue(plan.Name, out var first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateUsagePlan, plan.Location, plan.Name, first.Location.FilePath, plan.Location.FilePath));
                }
                else
                {
                    plans.Add(plan.Name, plan);
                }
            }
        }

        // One owner per (route, method); a path's 405 lists the methods of every API that routes it.
        var owners = new Dictionary<(string Key, string Method), (ApiSummaryModel Api, RouteEntryModel Route)>();
        var byKey = new SortedDictionary<string, (string Template, SortedSet<string> Methods, bool HasAny, string Api)>(StringComparer.Ordinal);
        foreach (var api in apis)
        {
            foreach (var route in api.Routes)
            {
                if (owners.TryGetValue((route.Key, route.Method), out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateRoute, route.Location,
                        route.Method + " " + route.Key, $"{owner.Route.Operation} in API '{owner.Api.Name}'", $"{route.Operation} in API '{api.Name}'"));
                    continue;
                }

                owners.Add((route.Key, route.Method), (api, route));
                if (!byKey.TryGetValue(route.Key, out var entry))
                {
                    entry = (route.Template, new SortedSet<string>(StringComparer.Ordinal), false, api.Name);
                }

                if (route.Method == "ANY")
                {
                    entry.HasAny = true;
                }
                else
                {
                    entry.Methods.Add(route.Method);
                }

                byKey[route.Key] = entry;
            }
        }

        var methodNotAllowed = new List<MethodNotAllowedModel>();
        foreach (var entry in byKey.Values)
        {
            if (!entry.HasAny)
            {
                methodNotAllowed.Add(new MethodNotAllowedModel(entry.Template, string.Join(", ", entry.Methods), entry.Api));
            }
        }

        return new GatewayModel(
            options,
            deployment,
            options.IsExecutable && !hasUserEntryPoint,
            apis.ToEquatableArray(),
            methodNotAllowed.ToEquatableArray(),
            diagnostics.ToEquatableArray());
    }
}
