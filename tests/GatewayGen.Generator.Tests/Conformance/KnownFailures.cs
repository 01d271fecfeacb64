using System.Collections.Generic;

namespace GatewayGen.Generator.Tests.Conformance;

/// <summary>
/// The suite cases GatewayGen does not pass, each with the reason. The conformance test fails when a case
/// outside this list fails, and when a listed case starts passing, so the list is always exact.
/// </summary>
public static class KnownFailures
{
    public static string Key(string draft, string file, string description) => $"{draft}/{file}: {description}";

    public static readonly Dictionary<string, string> Entries = new()
    {
        ["draft4/definitions: validate definition against metaschema"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/ref: remote ref, containing refs itself"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/ref: empty tokens in $ref json-pointer"] = "Microsoft.OpenApi throws while reading this schema (Value cannot be null or empty: referenceId (Parameter 'referenceId'))",
        ["draft4/refRemote: remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: fragment within remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: ref within remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: base URI change"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: base URI change - change folder"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: base URI change - change folder in subschema"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: root ref in remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft4/refRemote: Location-independent identifier in remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/defs: validate definition against metaschema"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: A $dynamicRef to a $dynamicAnchor in the same schema resource behaves like a normal $ref to an $anchor"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: A $dynamicRef to an $anchor in the same schema resource behaves like a normal $ref to an $anchor"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: A $dynamicRef resolves to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: A $dynamicRef without anchor in fragment behaves identical to $ref"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: A $dynamicRef with intermediate scopes that don't include a matching $dynamicAnchor does not affect dynamic scope resolution"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor resolves to the first $dynamicAnchor in the dynamic scope"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: multiple dynamic paths to the $dynamicRef keyword"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: after leaving a dynamic scope, it is not used by a $dynamicRef"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: strict-tree schema, guards against misspelled properties"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: tests for implementation dynamic anchor and reference link"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: $ref and $dynamicAnchor are independent of order - $defs first"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: $ref and $dynamicAnchor are independent of order - $ref first"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: $ref to $dynamicRef finds detached $dynamicAnchor"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/dynamicRef: $dynamicRef points to a boolean schema"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: $dynamicRef skips over intermediate resources - direct reference"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/dynamicRef: $dynamicRef avoids the root of each schema, but scopes are still registered"] = "$dynamicRef is not supported (warning GG0021); it is treated like an absent keyword",
        ["draft2020-12/format: email format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: ipv4 format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: ipv6 format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: date format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: date-time format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: uri format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/format: uuid format"] = "GatewayGen asserts format, as OpenAPI users expect; JSON Schema 2020-12 makes it an annotation by default",
        ["draft2020-12/maxContains: maxContains with contains, value with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '1.0' was not in a correct format.)",
        ["draft2020-12/maxItems: maxItems validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '2.0' was not in a correct format.)",
        ["draft2020-12/maxLength: maxLength validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '2.0' was not in a correct format.)",
        ["draft2020-12/maxProperties: maxProperties validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '2.0' was not in a correct format.)",
        ["draft2020-12/minContains: minContains=2 with contains with a decimal value"] = "Microsoft.OpenApi throws while reading this schema (The input string '2.0' was not in a correct format.)",
        ["draft2020-12/minItems: minItems validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '1.0' was not in a correct format.)",
        ["draft2020-12/minLength: minLength validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '2.0' was not in a correct format.)",
        ["draft2020-12/minProperties: minProperties validation with a decimal"] = "Microsoft.OpenApi throws while reading this schema (The input string '1.0' was not in a correct format.)",
        ["draft2020-12/not: collect annotations inside a 'not', even if collection is disabled"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/ref: remote ref, containing refs itself"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/ref: ref creates new scope when adjacent to keywords"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/ref: order of evaluation: $id and $ref on nested schema"] = "Microsoft.OpenApi throws while reading this schema (Invalid URI: The format of the URI could not be determined.)",
        ["draft2020-12/ref: empty tokens in $ref json-pointer"] = "Microsoft.OpenApi throws while reading this schema (Value cannot be null or empty: referenceId (Parameter 'referenceId'))",
        ["draft2020-12/refRemote: remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: fragment within remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: anchor within remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: ref within remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: base URI change"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: base URI change - change folder"] = "Microsoft.OpenApi throws while reading this schema (Invalid URI: The format of the URI could not be determined.)",
        ["draft2020-12/refRemote: base URI change - change folder in subschema"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: root ref in remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: remote ref with ref to defs"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: Location-independent identifier in remote ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: retrieved nested refs resolve relative to their URI not $id"] = "Microsoft.OpenApi throws while reading this schema (Invalid URI: The format of the URI could not be determined.)",
        ["draft2020-12/refRemote: remote HTTP ref with different $id"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: remote HTTP ref with different URN $id"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: remote HTTP ref with nested absolute ref"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/refRemote: $ref to $ref finds detached $anchor"] = "a remote reference: GatewayGen never fetches other documents at build time",
        ["draft2020-12/unevaluatedItems: unevaluatedItems false"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems as schema"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with tuple"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with nested tuple"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with nested items"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with anyOf"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with oneOf"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with not"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with if/then/else"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with boolean schemas"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with $ref"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems before $ref"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with $dynamicRef"] = "Microsoft.OpenApi throws while reading this schema (Invalid URI: The format of the URI could not be determined.)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems can't see inside cousins"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: item is evaluated in an uncle schema to unevaluatedItems"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems depends on adjacent contains"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems depends on multiple nested contains"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems and contains interact to control item dependency relationship"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems with minContains = 0"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: unevaluatedItems can see annotations from if without then and else"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedItems: Evaluated items collection needs to consider instance location"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties schema"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties false"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with adjacent properties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with adjacent patternProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with nested properties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with nested patternProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with anyOf"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with oneOf"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with not"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with if/then/else"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with if/then/else, then not defined"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with if/then/else, else not defined"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with dependentSchemas"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with boolean schemas"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with $ref"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties before $ref"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties with $dynamicRef"] = "Microsoft.OpenApi throws while reading this schema (Invalid URI: The format of the URI could not be determined.)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties can't see inside cousins"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties can't see inside cousins (reverse order)"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: nested unevaluatedProperties, outer true, inner false, properties outside"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: nested unevaluatedProperties, outer true, inner false, properties inside"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: cousin unevaluatedProperties, true and false, true with properties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: cousin unevaluatedProperties, true and false, false with properties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: property is evaluated in an uncle schema to unevaluatedProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: in-place applicator siblings, allOf has unevaluated"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: in-place applicator siblings, anyOf has unevaluated"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties + single cyclic ref"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: dynamic evalation inside nested refs"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties not affected by propertyNames"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: unevaluatedProperties can see annotations from if without then and else"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: dependentSchemas with unevaluatedProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: Evaluated properties collection needs to consider instance location"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: Evaluated properties collection needs to consider instance location with patternProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/unevaluatedProperties: Evaluated properties collection needs to consider instance location with additionalProperties"] = "unevaluatedProperties/unevaluatedItems are not validated (warning GG0021)",
        ["draft2020-12/vocabulary: schema that uses custom metaschema with with no validation vocabulary"] = "$vocabulary (custom metaschemas) is not supported: every keyword always validates",
    };

    public static string Document(string results) =>
        "# JSON Schema conformance\n\n" +
        "Produced by `ConformanceTests` (tests/GatewayGen.Generator.Tests/Conformance): every schema of the official\n" +
        "JSON Schema test suite (../shared/conformance/json-schema-test-suite, drafts 4 and 2020-12) is wrapped as a\n" +
        "required `application/json` request body of one POST operation — draft-4 files in OpenAPI 3.0 documents,\n" +
        "2020-12 files in OpenAPI 3.1 documents — compiled by the generator into a validator, and every instance is\n" +
        "sent to the running gateway. An instance passes when a valid one is answered 200 and an invalid one 400.\n" +
        "Each schema is its own schema resource (it keeps its `$id`, or is given one), so `#` and `#/definitions/x`\n" +
        "refer to the schema itself, as they do in a standalone schema file. ../shared holds the suite's required\n" +
        "files only; its optional number files (`optional/bignum`, `optional/float-overflow`) are not there, so their\n" +
        "kinds of cases (integers and decimals beyond 64 bits and 28 digits, 1e308 as a multiple of 0.5, exponents\n" +
        "beyond a double's range) are re-expressed in ExactNumberTests (runtime) and NumberValidationTests (a\n" +
        "compiled gateway): numbers are compared exactly, whatever their precision and range.\n\n" +
        "Regenerate with `GATEWAYGEN_ACCEPT_BASELINES=1 dotnet test tests/GatewayGen.Generator.Tests --filter Conformance`.\n" +
        results;
}
