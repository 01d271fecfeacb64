using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>A span per served operation, continuing the client's trace, when a tracer listens to "GatewayGen".</summary>
public sealed class SpanTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Spans, version: '1' }
        paths:
          /pets/{petId}:
            get:
              parameters: [ { name: petId, in: path, required: true, schema: { type: integer } } ]
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        """;

    [Fact]
    public async Task A_span_names_the_operation_and_continues_the_clients_trace()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "GatewayGen",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var gateway = await CompiledGateway.StartAsync(Spec);
        const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var request = new HttpRequestMessage(HttpMethod.Get, "/pets/7");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        using var response = await gateway.Client.SendAsync(request);
        for (var i = 0; i < 50 && !spans.Any(s => s.TraceId.ToHexString() == TraceId); i++)
        {
            await Task.Delay(20);
        }

        var span = Assert.Single(spans, s => s.TraceId.ToHexString() == TraceId);
        Assert.Equal("GET /pets/{petId}", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("00f067aa0ba902b7", span.ParentSpanId.ToHexString());
        Assert.Equal("/pets/{petId}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }
}
