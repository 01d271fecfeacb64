using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Stripe's document (../shared/corpus/stripe): its deepObject arrays (<c>expand[]=a</c>, 219 of them) are parsed and
/// validated, not passed through with GG0013 (its operations need HTTP basic, which the gateway refuses, so the
/// requests themselves are tested on Stripe's parameter in Specs/composed.openapi.yaml: ParameterCompositionTests).
/// </summary>
[Trait("Category", "Corpus")]
public sealed class StripeParameterTests(ITestOutputHelper output)
{
    [Fact]
    public void Stripe_deepObject_arrays_of_scalars_and_deepObject_scalars_are_parsed_without_GG0013()
    {
        var project = CorpusDocuments.Project(CorpusDocuments.All.Single(d => d.File.StartsWith("stripe/", System.StringComparison.Ordinal)));
        var warnings = GeneratorHarness.Run(project, null, null).GeneratorDiagnostics.Where(d => d.Id == "GG0013")
            .Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        output.WriteLine($"GG0013 on Stripe: {warnings.Count}");
        foreach (var reason in warnings.GroupBy(w => w.Substring(w.IndexOf(':') + 1)).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"{reason.Count()}x{reason.Key}");
        }

        Assert.DoesNotContain(warnings, w => w.Contains("Parameter 'expand' in query"));
        Assert.DoesNotContain(warnings, w => w.Contains("Parameter 'subscription_trial_end' in query")); // a deepObject scalar, anyOf "now" or a time
    }
}
