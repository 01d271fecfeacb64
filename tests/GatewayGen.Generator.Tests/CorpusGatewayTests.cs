using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Every real-world document in ../shared/corpus (Stripe, GitHub, Twilio, DigitalOcean's 2,900 files, the OpenAPI
/// examples, AWS exports) builds into a gateway with zero errors and zero compiler warnings, maps a route for each
/// of its operations, and answers on one of them with something other than 404.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusGatewayTests
{
    private static readonly Regex OperationName = new(@"^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE|ANY) /", RegexOptions.Compiled);

    public static TheoryData<CorpusDocument> Documents()
    {
        var data = new TheoryData<CorpusDocument>();
        foreach (var document in CorpusDocuments.All)
        {
            data.Add(document);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task A_corpus_document_builds_into_a_gateway_that_serves_every_operation(CorpusDocument document)
    {
        var project = CorpusDocuments.Project(document);
        var functions = CorpusDocuments.FunctionImplementations(GeneratorHarness.Run(project, null, null).Sources);

        await using var gateway = await CompiledGateway.StartAsync(project, new[] { functions });

        var operations = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.DisplayName is { } name && OperationName.IsMatch(name))
            .ToList();
        Assert.Equal(document.Operations, operations.Count);
        if (operations.Count == 0)
        {
            return; // webhooks or schemas only: nothing to route
        }

        var probe = operations[0];
        var method = probe.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method), PathFor(probe.RoutePattern));
        using var response = await gateway.Client.SendAsync(request);

        Assert.True(response.StatusCode != HttpStatusCode.NotFound, $"{method} {request.RequestUri} ({probe.DisplayName}) answered 404");
    }

    /// <summary>A concrete path for a route: each parameter becomes "1" (a catch-all "a/b"), as a client would fill it in.</summary>
    private static string PathFor(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            segments.Add(string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => Uri.EscapeDataString(literal.Content),
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart { IsCatchAll: true } => "a/b",
                RoutePatternParameterPart => "1",
                _ => "",
            })));
        }

        return "/" + string.Join("/", segments);
    }
}
