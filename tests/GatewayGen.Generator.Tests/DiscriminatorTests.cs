using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// A discriminator is a hint (OpenAPI 3.1.1: it MUST NOT change the validation outcome): the schema its value names is
/// the one checked and reported, and oneOf still means exactly one. Mapping by name, by $ref and implicitly by schema
/// name, anyOf, the allOf form, and a discriminator property that is not required (GG0060, validated without the hint).
/// </summary>
public sealed class DiscriminatorTests : IClassFixture<DiscriminatorTests.Fixture>
{
    internal const string Spec = """
        openapi: 3.0.3
        info: { title: Discriminators, version: '1' }
        paths:
          /pets:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /mapped:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/MappedPet' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /any:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/AnyPet' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /loose:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/LoosePet' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /cats:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Kitten' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
          /animals:
            post:
              requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Animal' } } } }
              responses: { '200': { description: ok } }
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }
        components:
          schemas:
            Pet:
              oneOf: [ { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' } ]
              discriminator: { propertyName: petType }
            MappedPet:
              oneOf: [ { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' } ]
              discriminator: { propertyName: petType, mapping: { cat: Cat, dog: '#/components/schemas/Dog' } }
            AnyPet:
              anyOf: [ { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' } ]
              discriminator: { propertyName: petType }
            Cat: { type: object, required: [petType, lives], properties: { petType: { type: string }, lives: { type: integer, maximum: 9 } } }
            Dog: { type: object, required: [petType, good], properties: { petType: { type: string }, good: { type: boolean } } }
            LoosePet:
              oneOf:
                - { type: object, required: [lives], properties: { kind: { type: string }, lives: { type: integer } } }
                - { type: object, required: [good], properties: { kind: { type: string }, good: { type: boolean } } }
              discriminator: { propertyName: kind }
            Animal:
              type: object
              required: [kind]
              properties: { kind: { type: string } }
              discriminator: { propertyName: kind, mapping: { kitten: Kitten } }
            Kitten:
              allOf:
                - $ref: '#/components/schemas/Animal'
                - { type: object, properties: { lives: { type: integer, maximum: 9 } } }
        """;

    private readonly Fixture _fixture;

    public DiscriminatorTests(Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_named_schema_is_validated_and_its_errors_reported()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/pets", """{"petType":"Cat","lives":7}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/pets", """{"petType":"Dog","good":true}""")).Status);

        var tooMany = await PostAsync("/pets", """{"petType":"Cat","lives":12}""");
        Assert.Equal(new[] { ("/lives", "maximum") }, tooMany.Errors);
    }

    [Fact]
    public async Task A_value_the_named_schema_rejects_is_a_400_even_when_another_branch_accepts_it()
    {
        // Dog accepts this object, but petType says Cat: the Cat schema is the one that must match.
        var response = await PostAsync("/pets", """{"petType":"Cat","good":true}""");

        Assert.Equal(new[] { ("", "required") }, response.Errors);
    }

    [Fact]
    public async Task A_value_that_matches_the_named_branch_and_another_is_a_400_for_oneOf()
    {
        // Cat and Dog both accept it: oneOf means exactly one, whatever the discriminator says.
        var response = await PostAsync("/pets", """{"petType":"Cat","lives":7,"good":true}""");

        Assert.Equal(new[] { ("", "oneOf") }, response.Errors);
        Assert.Contains("petType 'Cat'", response.Messages.Single());
    }

    [Fact]
    public async Task For_anyOf_the_named_branch_is_enough()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/any", """{"petType":"Cat","lives":7,"good":true}""")).Status);

        var dog = await PostAsync("/any", """{"petType":"Dog","lives":7}""");
        Assert.Equal(new[] { ("", "required") }, dog.Errors);
    }

    [Fact]
    public async Task Unknown_and_non_string_values_are_a_400_naming_the_discriminator()
    {
        Assert.Equal(new[] { ("", "discriminator") }, (await PostAsync("/pets", """{"petType":"Parrot"}""")).Errors);
        Assert.Equal(new[] { ("", "discriminator") }, (await PostAsync("/pets", """{"petType":7,"lives":1}""")).Errors);
    }

    [Fact]
    public async Task Mapping_values_name_schemas_by_name_and_by_ref_and_schema_names_still_apply()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/mapped", """{"petType":"cat","lives":1}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/mapped", """{"petType":"dog","good":false}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/mapped", """{"petType":"Cat","lives":1}""")).Status);

        Assert.Equal(new[] { ("", "required") }, (await PostAsync("/mapped", """{"petType":"dog","lives":1}""")).Errors);
        Assert.Equal(new[] { ("/lives", "maximum") }, (await PostAsync("/mapped", """{"petType":"cat","lives":10}""")).Errors);
    }

    [Fact]
    public async Task Without_the_property_the_value_is_validated_against_the_oneOf_alone()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/loose", """{"lives":3}""")).Status);

        Assert.Equal(new[] { ("", "oneOf") }, (await PostAsync("/loose", """{"lives":3,"good":true}""")).Errors);
        Assert.Equal(new[] { ("", "oneOf") }, (await PostAsync("/loose", """{}""")).Errors);
        Assert.Equal(new[] { ("", "oneOf") }, (await PostAsync("/pets", """{"lives":3}""")).Errors); // Cat and Dog require petType

    }

    [Fact]
    public async Task A_child_that_extends_a_parent_with_a_discriminator_is_validated_as_both()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/cats", """{"kind":"kitten","lives":3}""")).Status);
        Assert.Equal(new[] { ("/lives", "maximum") }, (await PostAsync("/cats", """{"kind":"kitten","lives":12}""")).Errors);
        Assert.Equal(new[] { ("", "required") }, (await PostAsync("/cats", """{"lives":3}""")).Errors);
    }

    [Fact]
    public async Task The_parent_of_the_allOf_form_validates_as_written_without_searching_its_children()
    {
        // OpenAPI 3.1.1: validation with the parent schema does not search for child schemas or use them.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/animals", """{"kind":"kitten","lives":12}""")).Status);
        Assert.Equal(new[] { ("", "required") }, (await PostAsync("/animals", """{"lives":3}""")).Errors);
    }

    [Fact]
    public void Only_the_discriminators_whose_property_is_not_required_are_warnings_and_the_allOf_form_is_no_cycle()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", Spec));

        var diagnostics = run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray();
        Assert.Equal(new[] { "api.openapi.yaml(51,24): warning GG0060: Schema 'LoosePet' names 'kind' as its discriminator but does not require it; a value without it is validated against the oneOf schemas alone" }, diagnostics);
    }

    [Fact]
    public void A_discriminator_property_not_required_is_a_warning_naming_the_schema_not_a_build_error()
    {
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", """
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /pets:
                post:
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            components:
              schemas:
                Pet:
                  type: object
                  properties: { petType: { type: string } }
                  discriminator:
                    propertyName: petType
            """));

        Assert.Equal(new[] { "api.openapi.yaml(15,9): warning GG0060: Schema 'Pet' names 'petType' as its discriminator but does not require it; the discriminator does not change what the schema accepts" },
            run.GeneratorDiagnostics.Select(GeneratorRun.Format).ToArray());
    }

    [Fact]
    public void Looking_for_the_required_property_visits_each_schema_once()
    {
        // Each level's allOf names the next one twice: a walk that does not remember where it has been takes 2^40 steps.
        var levels = string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"    L{i}: {{ allOf: [ {{ $ref: '#/components/schemas/L{i + 1}' }}, {{ $ref: '#/components/schemas/L{i + 1}' }} ] }}\n"));
        var run = GeneratorHarness.Run(new SpecFile("/p/api.openapi.yaml", $$"""
            openapi: 3.0.3
            info: { title: T, version: '1' }
            paths:
              /deep:
                post:
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Deep' } } } }
                  responses: { '200': { description: ok } }
                  x-amazon-apigateway-integration: { type: mock }
            components:
              schemas:
                Deep: { oneOf: [ { $ref: '#/components/schemas/L0' } ], discriminator: { propertyName: kind } }
                L40: { type: object, required: [kind] }

            """ + levels));

        Assert.Empty(run.GeneratorDiagnostics);
    }

    private async Task<Answer> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _fixture.Gateway.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return new Answer(response.StatusCode, System.Array.Empty<(string, string)>(), System.Array.Empty<string>());
        }

        using var document = JsonDocument.Parse(text);
        Assert.Equal("BAD_REQUEST_BODY", document.RootElement.GetProperty("type").GetString());
        var errors = document.RootElement.GetProperty("errors").EnumerateArray().ToArray();
        return new Answer(
            response.StatusCode,
            errors.Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("keyword").GetString()!)).ToArray(),
            errors.Select(e => e.GetProperty("message").GetString()!).ToArray());
    }

    private sealed record Answer(HttpStatusCode Status, (string Pointer, string Keyword)[] Errors, string[] Messages);

    public sealed class Fixture : IAsyncLifetime
    {
        public CompiledGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync() => Gateway = await CompiledGateway.StartAsync(Spec);

        public async Task DisposeAsync() => await Gateway.DisposeAsync();
    }
}
