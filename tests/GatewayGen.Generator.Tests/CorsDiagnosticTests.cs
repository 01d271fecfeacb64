using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>x-amazon-apigateway-cors read at build time: what a browser could not use is an error at the value.</summary>
public sealed class CorsDiagnosticTests
{
    private const string Paths = """
        paths:
          /pets:
            get:
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        """;

    [Fact]
    public void A_valid_configuration_at_the_document_and_on_an_operation_is_read_without_a_diagnostic()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors:
              allowOrigins: [ 'https://www.example.com', 'http://localhost:3000' ]
              allowMethods: [ get, POST, '*' ]
              allowHeaders: [ '*' ]
              exposeHeaders: [ date, x-api-id ]
              maxAge: 0
              allowCredentials: true
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
                  x-amazon-apigateway-cors: { allowOrigins: [ '*', 'https://*' ], exposeHeaders: [ '*' ], maxAge: 86400 }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Values_of_the_wrong_form_are_errors_at_each_value_and_unknown_keys_warnings()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors:
              allowOrigins: 'https://www.example.com'
              allowMethods: [ GET, 7 ]
              allowHeaders: [ 'x api key' ]
              maxAge: -1
              allowCredentials: 'yes'
              allowOrigin: [ '*' ]

            """ + Paths);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(9,3): warning GG0008: 'allowOrigin' is not a key that x-amazon-apigateway-cors understands; it is ignored",
            "api.openapi.yaml(4,3): error GG0039: x-amazon-apigateway-cors is invalid: allowOrigins must be a list of strings",
            "api.openapi.yaml(5,24): error GG0039: x-amazon-apigateway-cors is invalid: allowMethods[1]: it is not a string",
            "api.openapi.yaml(6,19): error GG0039: x-amazon-apigateway-cors is invalid: allowHeaders[0]: 'x api key' is not a header name (an HTTP token, or '*' for any)",
            "api.openapi.yaml(7,3): error GG0039: x-amazon-apigateway-cors is invalid: maxAge must be 0 or more (to keep browsers from caching preflights, use 0)",
            "api.openapi.yaml(8,3): error GG0039: x-amazon-apigateway-cors is invalid: allowCredentials must be true or false",
        }, diagnostics);
    }

    [Theory]
    [InlineData("'https://www.example.com/'", "'https://www.example.com/' has a trailing '/': browsers send origins without a path, so it would never match; write 'https://www.example.com'")]
    [InlineData("'https://*.example.com'", "'https://*.example.com': wildcards other than '*' and 'scheme://*' are not supported (as in API Gateway); list each origin")]
    [InlineData("www.example.com", "'www.example.com' is not an origin: write scheme://host[:port] (https://www.example.com), '*', or 'https://*'")]
    [InlineData("'https://www.example.com:99999'", "'https://www.example.com:99999' is not an origin: its port must be a number from 1 to 65535")]
    [InlineData("'https://www.example.com/app'", "'https://www.example.com/app' is not an origin: an origin is scheme://host[:port], without path, query, user or spaces")]
    public void An_origin_a_browser_never_sends_is_an_error_at_it(string origin, string why)
    {
        var diagnostics = Diagnose($$"""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors:
              allowOrigins: [ 'https://ok.example.com', {{origin}} ]

            """ + Paths);

        Assert.Equal("api.openapi.yaml(4,45): error GG0039: x-amazon-apigateway-cors is invalid: allowOrigins[1]: " + why, Assert.Single(diagnostics));
    }

    [Theory]
    [InlineData("1.5", "maxAge must be a whole number of seconds from 0 to 86400, not 1.5")]
    [InlineData("'300'", "maxAge must be a whole number of seconds from 0 to 86400, not \"300\"")]
    [InlineData("86401", "maxAge must be at most 86400 seconds (a day), as API Gateway allows")]
    public void A_max_age_that_is_not_a_whole_number_of_seconds_up_to_a_day_is_an_error(string maxAge, string why)
    {
        var diagnostics = Diagnose($$"""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors: { allowOrigins: [ '*' ], maxAge: {{maxAge}} }

            """ + Paths);

        Assert.Equal(new[] { "api.openapi.yaml(3,52): error GG0039: x-amazon-apigateway-cors is invalid: " + why }, diagnostics);
    }

    [Fact]
    public void A_wildcard_origin_or_exposed_header_with_credentials_is_an_error_on_the_operation_too()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /pets:
                get:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
                  x-amazon-apigateway-cors:
                    allowOrigins: [ '*' ]
                    exposeHeaders: [ '*' ]
                    allowCredentials: true
            """);

        Assert.Equal(new[]
        {
            "api.openapi.yaml(11,9): error GG0040: x-amazon-apigateway-cors cannot be honoured with allowCredentials: browsers refuse Access-Control-Allow-Origin: * on a request with credentials; list the origins in allowOrigins instead of '*'",
            "api.openapi.yaml(11,9): error GG0040: x-amazon-apigateway-cors cannot be honoured with allowCredentials: on a request with credentials browsers read Access-Control-Expose-Headers: * as a header named '*'; list the headers in exposeHeaders instead",
        }, diagnostics);
    }

    [Theory]
    [InlineData("'https://*'", "https")]
    [InlineData("'http://*'", "http")]
    public void A_scheme_wildcard_origin_with_credentials_is_an_error_at_the_origin(string origin, string scheme)
    {
        // It would echo any site of the scheme with Access-Control-Allow-Credentials: true, a credentialed '*'.
        var diagnostics = Diagnose($$"""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors:
              allowOrigins: [ 'https://ok.example.com', {{origin}} ]
              allowCredentials: true

            """ + Paths);

        Assert.Equal($"api.openapi.yaml(4,45): error GG0040: x-amazon-apigateway-cors cannot be honoured with allowCredentials: '{origin.Trim('\'')}' would let any {scheme} site read the answers to a signed-in user's requests; list the origins in allowOrigins instead of a scheme wildcard", Assert.Single(diagnostics));
    }

    [Fact]
    public void A_configuration_that_is_not_an_object_is_an_error_at_it()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors: [ '*' ]

            """ + Paths);

        Assert.Equal(new[] { "api.openapi.yaml(3,1): error GG0039: x-amazon-apigateway-cors is invalid: it must be an object (allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials)" }, diagnostics);
    }

    [Fact]
    public void An_options_operation_under_cors_is_warned_that_preflights_do_not_reach_it()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            x-amazon-apigateway-cors: { allowOrigins: [ 'https://www.example.com' ] }
            paths:
              /pets:
                options:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
            """);

        Assert.Equal(new[] { "api.openapi.yaml(6,5): warning GG0041: 'OPTIONS /pets' does not get CORS preflight requests: the gateway answers them from x-amazon-apigateway-cors; it gets only OPTIONS requests that are not preflights" }, diagnostics);
    }

    [Fact]
    public void Without_cors_an_options_operation_is_not_warned_about()
    {
        var diagnostics = Diagnose("""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /pets:
                options:
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
            """);

        Assert.Empty(diagnostics);
    }

    private static string[] Diagnose(string text)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/project/api.openapi.yaml", text) });
        Assert.Empty(run.Exceptions);
        return run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
    }
}
