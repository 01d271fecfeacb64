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
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:class/invocations", "_class")]
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

        // Only the missing implementation stops this build: the uri itself was read.
        Assert.Equal(new[] { "GG0064" }, run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray());
        Assert.Contains($" {function}(", run.Sources["Reports.Functions.g.cs"]);
        Assert.All(run.CompilationProblems.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("CS8795", d.Id)); // a keyword name compiles
    }

    [Fact]
    public void A_missing_function_is_an_error_at_the_integration_naming_the_class_and_the_signature()
    {
        const string Export = """
            openapi: 3.0.1
            info: { title: Reports, version: '1' }
            paths:
              /reports/{id}:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    httpMethod: POST
                    uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:get-report/invocations
                    payloadFormatVersion: 2.0
              /summaries:
                get:
                  responses: { '200': { description: ok } }
                  x-gatewaygen-integration: { type: function, name: Summarize }
            """;

        var run = GeneratorHarness.Run(new[] { new SpecFile("/p/reports.openapi.yaml", Export) }, null, null);

        var missing = run.GeneratorDiagnostics.Where(d => d.Id == "GG0064").Select(GeneratorRun.Format).ToArray();
        Assert.Equal(2, missing.Length);
        Assert.Equal(new[]
        {
            "reports.openapi.yaml(10,9): error GG0064: GET /reports/{id} calls the Lambda function 'get-report' (payload format 2.0): write public static partial ValueTask<IResult> get_report(GetReportsByIdRequest request) in public static partial class ReportsFunctions",
            "reports.openapi.yaml(15,51): error GG0064: GET /summaries calls the C# function 'Summarize': write public static partial ValueTask<IResult> Summarize(GetSummariesRequest request) in public static partial class ReportsFunctions",
        }[0], missing[0]);
        Assert.Equal("reports.openapi.yaml(15,51): error GG0064: GET /summaries calls the C# function 'Summarize': write public static partial ValueTask<IResult> Summarize(GetSummariesRequest request) in public static partial class ReportsFunctions", missing[1]);

        // Written, the error goes: the generator sees the method, whichever namespace it is in.
        const string Written = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            namespace Elsewhere;
            public static partial class ReportsFunctions
            {
                public static partial ValueTask<IResult> get_report(GetReportsByIdRequest request) => new(TypedResults.Ok());
            }
            """;
        var implemented = GeneratorHarness.Run(new[] { new SpecFile("/p/reports.openapi.yaml", Export) }, new[] { Written }, null);
        Assert.Contains("'Summarize'", Assert.Single(implemented.GeneratorDiagnostics, d => d.Id == "GG0064").GetMessage());
    }

    [Fact]
    public void A_payload_format_other_than_1_0_or_2_0_is_an_error_at_it()
    {
        const string Export = """
            openapi: 3.0.1
            info: { title: Reports, version: '1' }
            paths:
              /reports:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/report/invocations', payloadFormatVersion: '3.0' }
            """;

        var run = GeneratorHarness.Run(new[] { new SpecFile("/p/reports.openapi.yaml", Export) }, null, null);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "GG0009");
        Assert.Contains("payloadFormatVersion is '1.0' or '2.0', not '3.0'", error.GetMessage());
        Assert.Equal(7, error.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_SAM_uri_written_as_a_CloudFormation_intrinsic_is_an_error_saying_what_to_write()
    {
        const string Template = """
            openapi: 3.0.1
            info: { title: Reports, version: '1' }
            paths:
              /reports:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    httpMethod: POST
                    uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ReportFunction.Arn}/invocations' }
            """;

        var run = GeneratorHarness.Run(new[] { new SpecFile("/p/reports.openapi.yaml", Template) }, null, null);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("GG0009", error.Id);
        Assert.Contains("CloudFormation intrinsic (Fn::Sub)", error.GetMessage());
        Assert.Equal((10, 9), (error.Location.GetLineSpan().StartLinePosition.Line + 1, error.Location.GetLineSpan().StartLinePosition.Character + 1));
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
