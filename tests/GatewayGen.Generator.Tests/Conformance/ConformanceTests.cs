using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace GatewayGen.Generator.Tests.Conformance;

/// <summary>
/// Every schema of the official JSON Schema test suite (draft 4 and 2020-12) becomes a request body, is
/// compiled into a validator, and every instance is sent to the running gateway: valid instances must be
/// accepted (200) and invalid ones answered 400. Results per file go to docs/conformance.md.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private static readonly string[] Drafts = { "draft4", "draft2020-12" };

    [Fact]
    public async Task Every_supported_keyword_passes_the_official_suite()
    {
        var report = new StringBuilder();
        var unexpected = new List<string>();
        var knownSeen = new HashSet<string>();
        foreach (var draft in Drafts)
        {
            report.Append(await RunDraftAsync(draft, unexpected, knownSeen));
        }

        var stale = KnownFailures.Entries.Keys.Where(k => !knownSeen.Contains(k)).ToList();
        output.WriteLine(report.ToString());
        Assert.True(unexpected.Count == 0, "Cases that should pass but do not:\n" + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, "Listed as failing but now passing (remove them from KnownFailures):\n" + string.Join("\n", stale));
        Baseline.MatchFile(Path.Combine(RepoPaths.Root, "docs", "conformance.md"), KnownFailures.Document(report.ToString()));
    }

    private static async Task<string> RunDraftAsync(string draft, List<string> unexpected, HashSet<string> knownSeen)
    {
        var files = JsonSchemaSuite.Files(draft);
        var specs = new List<SpecFile>();
        var casesByFile = new Dictionary<string, IReadOnlyList<SuiteCase>>();
        var excluded = new Dictionary<(string File, int Index), string>();
        foreach (var file in files)
        {
            var cases = JsonSchemaSuite.Cases(draft, file);
            casesByFile[file] = cases;
            foreach (var (index, reason) in CasesThatDoNotCompile(draft, file, cases))
            {
                excluded[(file, index)] = reason;
            }

            var compiled = cases.Where(c => !excluded.ContainsKey((file, c.Index))).ToList();
            if (compiled.Count > 0)
            {
                specs.Add(JsonSchemaSuite.Document(draft, file, compiled));
            }
        }

        await using var gateway = await CompiledGateway.StartAsync(specs);
        var table = new StringBuilder();
        table.Append($"\n## {draft}\n\n| file | instances passed | |\n|---|---|---|\n");
        var failures = new StringBuilder();
        int allPassed = 0, allTotal = 0;
        foreach (var file in files)
        {
            int passed = 0, total = 0;
            foreach (var suiteCase in casesByFile[file])
            {
                var key = KnownFailures.Key(draft, file, suiteCase.Description);
                total += suiteCase.Instances.Count;
                if (excluded.TryGetValue((file, suiteCase.Index), out var reason))
                {
                    Record(key, $"not compiled: {reason}", unexpected, knownSeen, failures);
                    continue;
                }

                var wrong = new List<string>();
                foreach (var instance in suiteCase.Instances)
                {
                    var apiPath = "/" + suiteCase.Path.TrimStart('/');
                    using var content = new StringContent(instance.Json, Encoding.UTF8, "application/json");
                    using var response = await gateway.Client.PostAsync(apiPath, content);
                    var accepted = (int)response.StatusCode == 200;
                    if (!accepted && (int)response.StatusCode != 400)
                    {
                        wrong.Add($"{instance.Description}: status {(int)response.StatusCode}");
                    }
                    else if (accepted == instance.Valid)
                    {
                        passed++;
                    }
                    else
                    {
                        wrong.Add($"{instance.Description}: {(accepted ? "accepted" : "rejected")}, expected {(instance.Valid ? "valid" : "invalid")}");
                    }
                }

                if (wrong.Count > 0)
                {
                    Record(key, string.Join("; ", wrong), unexpected, knownSeen, failures);
                }
            }

            allPassed += passed;
            allTotal += total;
            table.Append($"| {file} | {passed}/{total} | {(passed == total ? "all" : Percent(passed, total))} |\n");
        }

        table.Append($"| **total** | **{allPassed}/{allTotal}** | {Percent(allPassed, allTotal)} |\n");
        if (failures.Length > 0)
        {
            table.Append($"\nCases of {draft} that do not pass, and why:\n\n").Append(failures);
        }

        return table.ToString();
    }

    private static void Record(string key, string what, List<string> unexpected, HashSet<string> knownSeen, StringBuilder failures)
    {
        if (KnownFailures.Entries.TryGetValue(key, out var reason))
        {
            knownSeen.Add(key);
            failures.Append($"- `{key}`: {reason}\n");
        }
        else
        {
            unexpected.Add($"{key}: {what}");
        }
    }

    private static string Percent(int passed, int total) =>
        total == 0 ? "" : (100.0 * passed / total).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>Generates the file's document alone and attributes each generator error to the case it sits in.</summary>
    private static IEnumerable<(int Index, string Reason)> CasesThatDoNotCompile(string draft, string file, IReadOnlyList<SuiteCase> cases)
    {
        var spec = JsonSchemaSuite.Document(draft, file, cases);
        var run = GeneratorHarness.Run(new[] { spec });
        var starts = cases.Select(c => (c.Index, Start: spec.Text.IndexOf($"\"{c.Path}\":", StringComparison.Ordinal))).ToList();
        var found = new Dictionary<int, string>();
        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (cases.Count > 1 && errors.Any(e => e.Location.SourceSpan.Start < starts.Min(s => s.Start)))
        {
            // An error about the whole document: find the cases that cause it by generating each alone.
            return cases.SelectMany(c => CasesThatDoNotCompile(draft, file, new[] { c }));
        }

        foreach (var diagnostic in errors)
        {
            var at = diagnostic.Location.SourceSpan.Start;
            var owner = cases.Count == 1 ? starts[0] : starts.Where(s => s.Start <= at).OrderByDescending(s => s.Start).FirstOrDefault();
            if (!found.ContainsKey(owner.Index))
            {
                found[owner.Index] = $"{diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }

        return found.Select(f => (f.Key, f.Value));
    }
}
