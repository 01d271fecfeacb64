using System.Threading;
using System.Threading.Tasks;
using GatewayGen.Generator.Emitting;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// A cold build spends more than half its generator time JIT-compiling the YAML reader, the OpenAPI reader, the
/// parser and the emitters. When the compiler creates the generator (before it parses the project's C#), this runs
/// a small document through all of them on a thread-pool thread, so their code is compiled by the time the real
/// documents arrive: work moved off the build's critical path onto an idle core. Once per process; it touches no
/// shared state and its failures are ignored.
/// </summary>
internal static class WarmUp
{
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(Run);
        }
    }

    private static void Run()
    {
        try
        {
            var api = ApiParser.Parse(new SpecDocument("warm-up.openapi.yaml", "WarmUp", Sample), EquatableArray<ReferencedFile>.Empty, CancellationToken.None);
            foreach (var _ in ApiEmitter.Emit(api, "WarmUp"))
            {
            }
        }
        catch
        {
            // Only speed is at stake; the real documents report their own problems.
        }
    }

    // Block-style YAML, as real documents are written, touching what they use: parameters, refs, schemas, an integration.
    private const string Sample = """
        openapi: 3.0.3
        info:
          title: Warm
          version: '1'
        paths:
          /items/{id}:
            parameters:
              - name: id
                in: path
                required: true
                schema:
                  type: integer
                  format: int64
            get:
              operationId: getItem
              parameters:
                - name: expand
                  in: query
                  schema:
                    type: array
                    items:
                      type: string
                      enum: [a, b]
                - $ref: '#/components/parameters/Limit'
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Item'
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/Item'
              responses:
                default:
                  $ref: '#/components/responses/Error'
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: POST
                uri: http://backend.test/items/{id}
                requestParameters:
                  integration.request.path.id: method.request.path.id
        components:
          parameters:
            Limit:
              name: limit
              in: query
              schema: { type: integer, minimum: 1, maximum: 100 }
          responses:
            Error:
              description: |
                An error.
              content:
                application/json:
                  schema:
                    type: object
          schemas:
            Item:
              type: object
              required:
                - name
              properties:
                name:
                  type: string
                  minLength: 1
                  pattern: "^[a-z]+$"
                tags:
                  type: array
                  items:
                    type: string
                  uniqueItems: true
                price:
                  type: number
                  nullable: true
                  minimum: 0
                  exclusiveMinimum: true
                kind:
                  oneOf:
                    - $ref: '#/components/schemas/Kind'
                parent:
                  allOf:
                    - $ref: '#/components/schemas/Item'
              additionalProperties: false
            Kind:
              type: string
              enum:
                - x
                - y
        """;
}
