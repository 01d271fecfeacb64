using System.Linq;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Function integrations: a typed request and a partial method the user must implement.</summary>
public sealed class FunctionTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Orders, version: '1' }
        paths:
          /orders/{orderId}:
            put:
              operationId: replaceOrder
              parameters:
                - { name: orderId, in: path, required: true, schema: { type: string, format: uuid } }
                - { name: dryRun, in: query, schema: { type: boolean } }
              requestBody: { content: { text/plain: { schema: { type: string } } } }
              responses: { '200': { description: ok } }
              x-gatewaygen-integration: { type: function, name: ReplaceOrder }
        """;

    [Fact]
    public void A_missing_implementation_is_a_compile_error_that_names_the_operation()
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/p/orders.openapi.yaml", Spec) });

        var error = Assert.Single(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS8795", error.Id);
        Assert.Contains("OrdersFunctions.ReplaceOrder(OrdersFunctions.ReplaceOrderRequest)", error.GetMessage());
    }

    [Theory]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:get-report:live/invocations", "get_report")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/get-report/invocations", "get_report")]
    [InlineData("arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${proxy_lambda}/invocations", "proxy_lambda")]
    public void An_aws_proxy_uri_names_its_function_by_arn_by_name_or_by_template_placeholder(string uri, string function)
    {
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Reports, version: '1' }
            paths:
              /report:
                post:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: '{{uri}}' }
            """;

        var run = GeneratorHarness.Run(new SpecFile("/p/reports.openapi.yaml", spec));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains($" {function}(", run.Sources["Reports.Functions.g.cs"]);
    }

    [Fact]
    public async Task The_function_gets_the_parsed_parameters_and_the_body()
    {
        const string Implementation = """
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            namespace TestGateway;

            public static partial class OrdersFunctions
            {
                public static partial async ValueTask<IResult> ReplaceOrder(ReplaceOrderRequest request)
                {
                    var body = await new StreamReader(request.Body).ReadToEndAsync();
                    return TypedResults.Text($"{request.OrderId:N} dry={request.DryRun?.ToString() ?? "-"} body={body} via {request.HttpContext.Request.Method}");
                }
            }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/p/orders.openapi.yaml", Spec) }, new[] { Implementation });

        using var response = await gateway.Client.PutAsync("/orders/0f8fad5b-d9cb-469f-a165-70867728950e?dryRun=false", new System.Net.Http.StringContent("two pizzas"));

        Assert.Equal("0f8fad5bd9cb469fa16570867728950e dry=False body=two pizzas via PUT", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_that_throws_is_a_500_naming_the_operation_not_a_torn_connection()
    {
        const string Implementation = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            namespace TestGateway;

            public static partial class OrdersFunctions
            {
                public static partial ValueTask<IResult> ReplaceOrder(ReplaceOrderRequest request) => throw new InvalidOperationException("boom");
            }
            """;
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/p/orders.openapi.yaml", Spec) }, new[] { Implementation });

        using var response = await gateway.Client.PutAsync("/orders/0f8fad5b-d9cb-469f-a165-70867728950e", new System.Net.Http.StringContent(""));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal("DEFAULT_5XX", error.Type);
        Assert.Contains("PUT /orders/{orderId}", error.Message);
    }
}
