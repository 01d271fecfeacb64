using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The generator stays bounded on hostile documents: alias bombs, deep nesting, $refs that multiply or chain, repeated
/// keys, tabs and documents of the wrong shape end in GG diagnostics at the offending node, never in a stack overflow
/// (which would kill this test host), an exhausted memory, GG0099 or a diagnostic at the start of the file. A seeded
/// mutation loop over a small valid document holds that for what nobody thought of.
/// </summary>
public sealed class HostileDocumentTests
{
    private const string Header = """
        openapi: 3.0.3
        info: { title: T, version: '1' }

        """;

    private const string File = "/project/api.openapi.yaml";

    [Fact]
    public void A_billion_laughs_stops_at_the_alias_that_crosses_the_budget()
    {
        // 1 KB that would expand to 9^9 (387 million) nodes.
        var text = new StringBuilder(Header).Append("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            text.Append("x-").Append(name).Append(": &").Append(name).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
            previous = name;
        }

        text.Append("paths: {}\n");
        var yaml = text.ToString();
        Assert.True(yaml.Length < 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var diagnostics = Diagnose(yaml);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 500_000_000, "the alias bomb allocated more than 500 MB");

        // a..e copy 74,718 nodes; the first *e in x-f (66,430 more) crosses 100,000.
        var lines = yaml.Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("x-f:", StringComparison.Ordinal));
        var column = lines[line].IndexOf("*e", StringComparison.Ordinal);
        Assert.Equal(new[] { $"api.openapi.yaml({line + 1},{column + 1}): error GG0030: Expanding the alias '*e' would copy more than 100,000 nodes from anchors into this document; reading stops here" }, diagnostics);
    }

    [Fact]
    public void Merge_keys_count_against_the_alias_budget()
    {
        var text = new StringBuilder(Header).Append("x-0: &m0 { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7 }\n");
        for (var i = 1; i <= 12; i++)
        {
            // Each level merges the last and holds eight more copies of it.
            text.Append($"x-{i}: &m{i} {{ <<: *m{i - 1}, ").Append(string.Join(", ", Enumerable.Range(0, 8).Select(k => $"c{k}: *m{i - 1}"))).Append(" }\n");
        }

        text.Append("paths: {}\n");

        var only = Assert.Single(Diagnose(text.ToString()));
        Assert.Contains("error GG0030", only);
        Assert.DoesNotContain("(1,1)", only);
    }

    [Fact]
    public void Aliases_within_the_budget_are_expanded()
    {
        var diagnostics = Diagnose(Header + """
            x-two: &two [1, 2]
            x-four: &four [*two, *two]
            x-eight: [*four, *four]
            paths: {}
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_hundred_thousand_brackets_in_json_are_GG0001_at_the_level_that_is_too_deep()
    {
        var prefix = """{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{},"x-deep":""";
        var json = prefix + new string('[', 100_000) + new string(']', 100_000) + "}";

        var only = Assert.Single(Diagnose(json, "api.openapi.json"));

        // The root object is level 0, "x-deep" opens level 1: the 256th bracket is level 256, the next one is too deep.
        Assert.Equal($"api.openapi.json(1,{prefix.Length + 256 + 1}): error GG0001: The document is not valid JSON: The document is nested more than 256 levels deep.", only);
    }

    [Fact]
    public void A_hundred_thousand_flow_sequences_in_yaml_are_GG0001_at_the_level_that_is_too_deep()
    {
        var only = Assert.Single(Diagnose(Header + "x-deep: " + new string('[', 100_000) + new string(']', 100_000) + "\npaths: {}\n"));

        Assert.StartsWith("api.openapi.yaml(3,", only);
        Assert.EndsWith("error GG0001: The document is not valid YAML: The document is nested more than 256 levels deep.", only);
    }

    [Fact]
    public void Deep_block_mappings_in_yaml_are_GG0001_at_the_level_that_is_too_deep()
    {
        var text = new StringBuilder(Header).Append("x-deep:\n");
        for (var i = 1; i <= 1_000; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        text.Append("paths: {}\n");

        var only = Assert.Single(Diagnose(text.ToString()));

        // The mapping under x-deep (line 4) is level 1; the one on line 3 + 257 is level 257.
        Assert.StartsWith("api.openapi.yaml(260,", only);
        Assert.Contains("nested more than 256 levels deep", only);
    }

    [Fact]
    public void A_schema_nested_as_deep_as_a_document_may_nest_builds()
    {
        // 7 levels down to the schema, then items in items up to level 250.
        var schema = new StringBuilder();
        for (var i = 0; i < 240; i++)
        {
            schema.Append("{\"type\":\"array\",\"items\":");
        }

        schema.Append("{\"type\":\"string\"}").Append('}', 240);
        var json = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{\"/a\":{\"post\":{" +
            "\"requestBody\":{\"content\":{\"application/json\":{\"schema\":" + schema + "}}}," +
            "\"responses\":{\"200\":{\"description\":\"ok\"}},\"x-amazon-apigateway-integration\":{\"type\":\"mock\"}}}}}";

        var run = Run(new SpecFile("/project/api.openapi.json", json));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Schemas_that_fan_out_thirty_levels_are_compiled_once_each()
    {
        // S0 -> {S1, S1, S1, S1}, S1 -> {S2, ...}: 4^30 paths through 31 schemas.
        var text = new StringBuilder(Header).Append(Operation("/a", "S0")).Append("components:\n  schemas:\n");
        for (var i = 0; i < 30; i++)
        {
            var next = $"{{$ref: '#/components/schemas/S{i + 1}'}}";
            text.Append($"    S{i}: {{type: object, properties: {{a: {next}, b: {next}}}, allOf: [{next}, {next}]}}\n");
        }

        text.Append("    S30: {type: string, maxLength: 3}\n");

        var run = Run(new SpecFile(File, text.ToString()));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var validators = run.Sources.Single(s => s.Key.EndsWith(".Validators.g.cs", StringComparison.Ordinal)).Value;
        Assert.InRange(CountOf(validators, "public static bool "), 1, 100);
    }

    [Fact]
    public void Recursive_schemas_and_reference_cycles_are_diagnostics_and_the_rest_generates()
    {
        var run = Run(new SpecFile(File, Header + """
            paths:
              /a:
                post:
                  parameters: [{$ref: '#/components/parameters/P'}]
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}}
                  responses: {'200': {description: ok}}
                  x-amazon-apigateway-integration: {type: mock}
              /b:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Loop'}}}}
                  responses: {'200': {description: ok}}
                  x-amazon-apigateway-integration: {type: mock}
            components:
              parameters:
                P: {$ref: '#/components/parameters/Q'}
                Q: {$ref: '#/components/parameters/P'}
              schemas:
                Tree: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}
                Loop: {allOf: [{$ref: '#/components/schemas/Loop'}], minProperties: 1}
            """));

        var diagnostics = run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
        Assert.Contains("api.openapi.yaml(6,20): error GG0002: The OpenAPI reader could not read this parameter: Circular reference detected while resolving reference: #/components/parameters/Q", diagnostics);
        Assert.Contains(diagnostics, d => d.StartsWith("api.openapi.yaml(21,20): warning GG0028:", StringComparison.Ordinal));
        Assert.Contains("\"/b\"", Routes(run));
        Assert.Contains("\"/a\"", Routes(run));
    }

    [Fact]
    public void A_chain_of_twenty_thousand_schemas_is_cut_not_a_stack_overflow()
    {
        var schemas = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            schemas.Append($"\"S{i}\":{{\"type\":\"object\",\"properties\":{{\"n\":{{\"$ref\":\"#/components/schemas/S{i + 1}\"}}}}}},\n");
        }

        schemas.Append("\"S20000\":{\"type\":\"string\"}");
        var json = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{\"/a\":{\"post\":{" +
            "\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/S0\"}}}}," +
            "\"responses\":{\"200\":{\"description\":\"ok\"}},\"x-amazon-apigateway-integration\":{\"type\":\"mock\"}}}},\n" +
            "\"components\":{\"schemas\":{\n" + schemas + "}}}";

        var only = Assert.Single(Diagnose(json, "api.openapi.json"));

        // S0 is level 1 and each schema's property another: S127's $ref to S128 would be level 257.
        Assert.StartsWith("api.openapi.json(130,", only);
        Assert.Contains("error GG0033: $ref '#/components/schemas/S128' is not followed: it would make a chain of more than 256 subschemas and $refs", only);
    }

    [Fact]
    public void Chains_of_references_to_references_are_cut_before_the_reader_follows_them()
    {
        // Forty operations each start a hundred links further down one chain of 4,000 bare $refs.
        var text = new StringBuilder(Header).Append("paths:\n");
        for (var k = 40; k >= 0; k--)
        {
            text.Append(Operation($"/p{k}", $"S{k * 100}").Substring("paths:\n".Length));
        }

        text.Append("components:\n  schemas:\n");
        for (var i = 0; i < 4_000; i++)
        {
            text.Append($"    S{i}: {{$ref: '#/components/schemas/S{i + 1}'}}\n");
        }

        text.Append("    S4000: {type: string}\n");

        var diagnostics = Diagnose(text.ToString());

        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Contains("error GG0033: $ref '#/components/schemas/S", d));
        Assert.Contains(diagnostics, d => d.Contains("chain of more than 64 references to references", StringComparison.Ordinal));
    }

    [Fact]
    public void References_to_another_file_that_multiply_stop_at_the_copy_budget()
    {
        // shared.yaml: L0 holds L1 twice, L1 holds L2 twice, ... 30 levels: 2^30 copies when inlined.
        var shared = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            shared.Append($"L{i}:\n  a: {{$ref: '#/L{i + 1}'}}\n  b: {{$ref: '#/L{i + 1}'}}\n");
        }

        shared.Append("L30: {description: leaf}\n");
        var root = Header + """
            paths:
              /a:
                $ref: 'shared.yaml#/L0'
            """;

        var run = Run(new SpecFile(File, root), new SpecFile("/project/shared.yaml", shared.ToString()));

        var limit = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "GG0033");
        Assert.Equal("/project/shared.yaml", limit.Location.GetLineSpan().Path);
        Assert.Contains("more than 250,000 nodes", limit.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(limit.Location.GetLineSpan().StartLinePosition.Line > 0);
    }

    [Fact]
    public void References_to_another_file_that_nest_without_end_stop_at_the_depth_limit()
    {
        var chain = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            chain.Append($"L{i}: {{next: {{$ref: '#/L{i + 1}'}}}}\n");
        }

        chain.Append("L400: {description: end}\n");
        var run = Run(new SpecFile(File, Header + "paths:\n  /a:\n    $ref: 'chain.yaml#/L0'\n"), new SpecFile("/project/chain.yaml", chain.ToString()));

        var limit = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "GG0033");
        Assert.Equal("/project/chain.yaml", limit.Location.GetLineSpan().Path);
        Assert.Contains("more than 256 levels deep", limit.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_repeated_yaml_key_is_GG0031_at_the_second_key()
    {
        var diagnostics = Diagnose(Header + """
            paths:
              /a:
                get:
                  responses: {'200': {description: ok}}
                  x-amazon-apigateway-integration: {type: mock}
                get:
                  responses: {'201': {description: created}}
                  x-amazon-apigateway-integration: {type: mock}
            """);

        Assert.Equal(new[] { "api.openapi.yaml(8,5): error GG0031: The key 'get' is already in this mapping (line 5); YAML does not allow a key twice" }, diagnostics);
    }

    [Fact]
    public void Keys_that_override_a_merge_key_or_differ_in_case_are_not_repeated()
    {
        var diagnostics = Diagnose(Header + """
            x-base: &base {type: mock, passthroughBehavior: never}
            x-derived:
              <<: *base
              type: http
            x-cases: {Name: 1, name: 2}
            paths: {}
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_repeated_json_property_is_a_GG0032_warning_and_the_last_value_is_used()
    {
        var run = Run(new SpecFile("/project/api.openapi.json", """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": { "/first": { "get": { "responses": { "200": { "description": "ok" } }, "x-amazon-apigateway-integration": { "type": "mock" } } } },
              "paths": { "/second": { "get": { "responses": { "200": { "description": "ok" } }, "x-amazon-apigateway-integration": { "type": "mock" } } } }
            }
            """));

        Assert.Equal(new[] { "api.openapi.json(5,3): warning GG0032: The property 'paths' is already in this object (line 4); the last value is used" }, run.GeneratorDiagnostics.Select(GeneratorRun.Format));
        Assert.Contains("\"/second\"", Routes(run));
        Assert.DoesNotContain("\"/first\"", Routes(run));
    }

    [Fact]
    public void A_repeated_key_in_a_referenced_file_is_reported_in_that_file()
    {
        var run = Run(
            new SpecFile(File, Header + "paths:\n  /a:\n    $ref: 'item.yaml'\n"),
            new SpecFile("/project/item.yaml", "get:\n  responses: {'200': {description: ok}}\n  responses: {'201': {description: ok}}\n  x-amazon-apigateway-integration: {type: mock}\n"));

        var repeated = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "GG0031");
        Assert.Equal("item.yaml(3,3): error GG0031: The key 'responses' is already in this mapping (line 2); YAML does not allow a key twice", GeneratorRun.Format(repeated));
        Assert.Equal("/project/item.yaml", repeated.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("paths:\n\t/a:\n\t\tget: {}\n", 4, 1)]
    [InlineData("paths:\n  /a:\n    get:\n\tresponses: {}\n", 6, 1)]
    [InlineData("paths:\n  /a:\n    get:\n      responses:\n  \t  '200': {description: ok}\n", 7, 3)]
    public void A_tab_used_as_indentation_is_GG0001_at_the_tab(string paths, int line, int column)
    {
        var only = Assert.Single(Diagnose(Header + paths));

        Assert.StartsWith($"api.openapi.yaml({line},{column}): error GG0001: The document is not valid YAML:", only);
        Assert.Contains("tab", only, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("paths:\n  /a:\n    get: {description: 'unclosed\n", 5)]
    [InlineData("paths:\n  /a: [1, 2\n  /b: {}\n", 4)]
    [InlineData("paths:\n  /a:\n    get: *missing\n", 5)]
    [InlineData("paths:\n  /a: {b: 1\n", 5)]
    [InlineData("paths:\n  ? [a, b]\n  : c\n", 4)]
    public void Other_yaml_syntax_errors_are_GG0001_where_reading_stopped(string paths, int line)
    {
        var only = Assert.Single(Diagnose(Header + paths));

        Assert.StartsWith($"api.openapi.yaml({line},", only);
        Assert.Contains("error GG0001", only);
    }

    [Theory]
    [InlineData("paths:\n  - /a\n  - /b\n", "api.openapi.yaml(3,1): error GG0002: Paths must be a map/object")]
    [InlineData("paths:\n  /a: 5\n", "api.openapi.yaml(4,3): error GG0002: PathItem must be a map/object")]
    [InlineData("paths:\n  /a:\n    get: hello\n", "api.openapi.yaml(5,5): error GG0002: Operation must be a map/object")]
    [InlineData("paths:\n  /a:\n    get:\n      parameters: nope\n      responses: {'200': {description: ok}}\n", "api.openapi.yaml(6,7): error GG0002: Expected list while parsing IOpenApiParameter")]
    [InlineData("paths:\n  /a:\n    get:\n      responses: 42\n", "api.openapi.yaml(6,7): error GG0002: Responses must be a map/object")]
    [InlineData("paths:\n  /a:\n    get:\n      responses: {'200': {$ref: {a: 1}}}\n", "api.openapi.yaml(6,19): error GG0002: Expected scalar value.")]
    [InlineData("paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, required: tru, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
        "api.openapi.yaml(5,5): error GG0002: The OpenAPI reader could not read this operation, so it is left out: String 'tru' was not recognized as a valid Boolean.")]
    [InlineData("paths:\n  /a:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: [1]}}}}\n      responses: {'200': {description: ok}}\n",
        "api.openapi.yaml(6,59): error GG0022: $ref '(not a string)' does not resolve: $ref must be a string")]
    public void A_malformed_but_parseable_element_is_an_error_at_it_and_the_rest_generates(string paths, string expected)
    {
        var text = Header + paths.Replace("paths:\n", "paths:\n  /ok:\n    get:\n      responses: {'200': {description: ok}}\n      x-amazon-apigateway-integration: {type: mock}\n", StringComparison.Ordinal);
        if (paths.StartsWith("paths:\n  -", StringComparison.Ordinal))
        {
            text = Header + paths; // a list has no room for a second path
        }

        var shift = text.Contains("/ok:", StringComparison.Ordinal) ? 4 : 0;
        var run = Run(new SpecFile(File, text));

        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format).ToArray();
        Assert.Contains(Shift(expected, shift), errors);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "GG0099");
        if (shift > 0)
        {
            Assert.Contains("\"/ok\"", Routes(run));
        }
    }

    [Fact]
    public void Two_operations_the_reader_throws_on_are_each_left_out_and_the_third_generates()
    {
        var run = Run(new SpecFile(File, Header + """
            paths:
              /a:
                get:
                  parameters: [{name: q, in: query, required: tru, schema: {type: string}}]
                  responses: {'200': {description: ok}}
                post:
                  responses: {'200': {description: ok}}
                  x-amazon-apigateway-integration: {type: mock}
              /b:
                get:
                  parameters: [{name: q, in: query, allowEmptyValue: nope, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """));

        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("api.openapi.yaml(5,5): error GG0002: The OpenAPI reader could not read this operation, so it is left out:", errors[0]);
        Assert.StartsWith("api.openapi.yaml(12,5): error GG0002: The OpenAPI reader could not read this operation, so it is left out:", errors[1]);
        Assert.Contains("new string[] { \"POST\" }", Routes(run));
    }

    /// <summary>
    /// Three hundred seeded mutations of a small valid document, YAML and JSON: each ends in located diagnostics at
    /// worst. The whole loop is cancelled after four minutes (it takes seconds), so a hang fails instead of stalling.
    /// </summary>
    [Fact]
    public void Seeded_mutations_end_in_located_diagnostics()
    {
        var random = new Random(20_240_611);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var json = i % 3 == 2;
            var original = json ? SeedJson : SeedYaml;
            var text = Mutate(original, random);
            var path = json ? "/project/api.openapi.json" : File;
            GeneratorRun run;
            try
            {
                run = Run(new[] { new SpecFile(path, text) }, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"300 mutations did not finish in 4 minutes; iteration {i} of {watch.Elapsed} was running:\n{text}");
                return;
            }

            foreach (var exception in run.Exceptions)
            {
                failures.Add($"#{i}: exception {exception}");
            }

            foreach (var diagnostic in run.GeneratorDiagnostics)
            {
                var span = diagnostic.Location.GetLineSpan();
                if (diagnostic.Id is "CS8784" or "CS8785" or "AD0001" or "GG0099")
                {
                    failures.Add($"#{i}: {GeneratorRun.Format(diagnostic)}");
                }
                else if (diagnostic.Location == Location.None || span.Path != path)
                {
                    failures.Add($"#{i}: not in the document: {GeneratorRun.Format(diagnostic)}");
                }
                else if (span.StartLinePosition == default && diagnostic.Location.SourceSpan.Length == 0 && !MayBeAtFileStart(diagnostic, text, original))
                {
                    failures.Add($"#{i}: at the start of the file: {GeneratorRun.Format(diagnostic)}");
                }
            }

            if (failures.Count > 0)
            {
                Assert.Fail(string.Join("\n", failures) + "\n--- document ---\n" + text);
            }
        }
    }

    /// <summary>
    /// The empty start of the file (not a key written there) is right for a document that is no object or has no
    /// version, and for a syntax error in a mutated first line; anything else has a node of its own to point at.
    /// </summary>
    private static bool MayBeAtFileStart(Diagnostic diagnostic, string text, string original) =>
        string.IsNullOrWhiteSpace(text) ||
        diagnostic.Id == "GG0003" ||
        (diagnostic.Id == "GG0001" && FirstLine(text) != FirstLine(original));

    private static string FirstLine(string text) => text.Split('\n')[0];

    private const string SeedYaml = """
        openapi: 3.0.3
        info: { title: Seed, version: '1' }
        x-common: &mock
          type: mock
          responses: { default: { statusCode: 200 } }
        paths:
          /pets/{petId}:
            parameters:
              - { name: petId, in: path, required: true, schema: { type: integer, minimum: 1 } }
            get:
              operationId: getPet
              parameters:
                - { $ref: '#/components/parameters/Limit' }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: *mock
            put:
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
              responses: { '200': { $ref: '#/components/responses/Ok' } }
              x-amazon-apigateway-integration:
                <<: *mock
                passthroughBehavior: when_no_match
        components:
          parameters:
            Limit: { name: limit, in: query, schema: { type: integer, maximum: 100 } }
          responses:
            Ok: { description: ok }
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                name: { type: string, pattern: '^[a-z]+$' }
                tags: { type: array, items: { $ref: '#/components/schemas/Tag' } }
                parent: { $ref: '#/components/schemas/Pet' }
            Tag: { oneOf: [{ type: string }, { type: integer }] }
        """;

    private const string SeedJson = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Seed", "version": "1" },
          "paths": {
            "/pets/{petId}": {
              "parameters": [ { "name": "petId", "in": "path", "required": true, "schema": { "type": "integer" } } ],
              "get": {
                "parameters": [ { "$ref": "#/components/parameters/Limit" } ],
                "responses": { "200": { "description": "ok" } },
                "x-amazon-apigateway-integration": { "type": "mock", "responses": { "default": { "statusCode": 200 } } }
              },
              "put": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } },
                "responses": { "200": { "description": "ok" } },
                "x-amazon-apigateway-integration": { "type": "http_proxy", "httpMethod": "PUT", "uri": "https://example.com/pets" }
              }
            }
          },
          "components": {
            "parameters": { "Limit": { "name": "limit", "in": "query", "schema": { "type": "integer" } } },
            "schemas": {
              "Pet": { "type": "object", "properties": { "name": { "type": "string" }, "parent": { "$ref": "#/components/schemas/Pet" } } }
            }
          }
        }
        """;

    private static readonly string[] Noise =
    {
        ":", "{", "}", "[", "]", "-", "'", "\"", "\t", "#", "&a", "*a", "!", "|", ">", "%", "@", "~", "$ref", "\\", "  ", ",", "? ", "<<: ", "null", "tru", "0x", "\n",
    };

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        var builder = new StringBuilder(lines[line]);
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(line);
                break;
            case 1:
                lines.Insert(line, lines[line]);
                break;
            case 2 when builder.Length > 0:
                builder.Remove(random.Next(builder.Length), 1);
                lines[line] = builder.ToString();
                break;
            case 3 when builder.Length > 0:
                var at = random.Next(builder.Length);
                builder.Insert(at, builder[at]);
                lines[line] = builder.ToString();
                break;
            case 4:
                // Swap two tokens of the document.
                var tokens = text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
                var (first, second) = (tokens[random.Next(tokens.Length)], tokens[random.Next(tokens.Length)]);
                return text.Replace(first, "\u0001", StringComparison.Ordinal).Replace(second, first, StringComparison.Ordinal).Replace("\u0001", second, StringComparison.Ordinal);
            case 5:
                // Nest a value deep: within the limit, at it, or far past it.
                var depth = new[] { 100, 255, 256, 300, 5_000 }[random.Next(5)];
                var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"k\":", "}");
                builder.Insert(random.Next(builder.Length + 1), string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
                lines[line] = builder.ToString();
                break;
            case 6:
                lines[line] = (random.Next(2) == 0 ? "   " : "\t") + lines[line];
                break;
            case 7:
                lines[line] = lines[line].TrimStart();
                break;
            default:
                builder.Insert(random.Next(builder.Length + 1), Noise[random.Next(Noise.Length)]);
                lines[line] = builder.ToString();
                break;
        }

        return string.Join('\n', lines);
    }

    private static string Operation(string path, string schema) =>
        "paths:\n" +
        "  " + path + ":\n" +
        "    post:\n" +
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/" + schema + "'}}}}\n" +
        "      responses: {'200': {description: ok}}\n" +
        "      x-amazon-apigateway-integration: {type: mock}\n";

    private static string Routes(GeneratorRun run) => string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Routes.g.cs", StringComparison.Ordinal)).Select(s => s.Value));

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>"api.openapi.yaml(6,7): ..." moved down <paramref name="lines"/> lines.</summary>
    private static string Shift(string formatted, int lines)
    {
        var open = formatted.IndexOf('(', StringComparison.Ordinal);
        var comma = formatted.IndexOf(',', open);
        var line = int.Parse(formatted.Substring(open + 1, comma - open - 1), System.Globalization.CultureInfo.InvariantCulture);
        return formatted.Substring(0, open + 1) + (line + lines).ToString(System.Globalization.CultureInfo.InvariantCulture) + formatted.Substring(comma);
    }

    private static string[] Diagnose(string text, string fileName = "api.openapi.yaml") =>
        Run(new SpecFile("/project/" + fileName, text)).GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();

    private static GeneratorRun Run(params SpecFile[] specs) => Run(specs, CancellationToken.None);

    /// <summary>Runs the generator and checks what every hostile document must give: no crash, no GG0099.</summary>
    private static GeneratorRun Run(IReadOnlyList<SpecFile> specs, CancellationToken cancellationToken)
    {
        var compilation = GeneratorHarness.Compilation(Array.Empty<string>());
        var driver = GeneratorHarness.CreateDriver(specs).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics, cancellationToken);
        var run = new GeneratorRun(driver, (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)output, driverDiagnostics);
        if (cancellationToken == CancellationToken.None)
        {
            Assert.Empty(run.Exceptions);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "AD0001" or "GG0099");
        }

        return run;
    }
}
