using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using GatewayGen.Generated;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Benchmarks;

/// <summary>
/// Validating a request body with the validator generated from orders.openapi.yaml, against parsing the same
/// bytes with <see cref="JsonDocument"/> (what a gateway interpreting schemas at run time has to do first).
/// </summary>
[MemoryDiagnoser]
public class BodyValidationBenchmarks
{
    private byte[] _valid = [];
    private byte[] _invalid = [];
    private MemoryStream _incoming = new();
    private DefaultHttpContext _context = new();

    /// <summary>The body's size in KiB.</summary>
    [Params(1, 100)]
    public int SizeKiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _valid = OrderBodies.Valid(SizeKiB * 1024);
        _invalid = OrderBodies.Invalid(SizeKiB * 1024);
        _incoming = new MemoryStream(_valid, writable: false);
        _context = new DefaultHttpContext();
        _context.Request.ContentLength = _valid.Length;
        if (JsonBodyValidator.Validate(_valid, OrdersValidators.Schema1) is not null || JsonBodyValidator.Validate(_invalid, OrdersValidators.Schema1) is null)
        {
            throw new InvalidDataException("The benchmark bodies no longer match orders.openapi.yaml.");
        }
    }

    /// <summary>The baseline: build a DOM of the body, as a schema interpreter would before it starts.</summary>
    [Benchmark(Baseline = true)]
    public JsonValueKind JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(_valid);
        return document.RootElement.ValueKind;
    }

    /// <summary>The floor: a Utf8JsonReader that only walks the tokens and checks nothing.</summary>
    [Benchmark]
    public int ReaderOnly()
    {
        var reader = new Utf8JsonReader(_valid);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The generated validator on a valid body.</summary>
    [Benchmark]
    public bool GeneratedValidator() => JsonBodyValidator.Validate(_valid, OrdersValidators.Schema1) is null;

    /// <summary>The generated validator on a body with errors, which it reports with JSON pointers.</summary>
    [Benchmark]
    public int GeneratedValidatorInvalid() => JsonBodyValidator.Validate(_invalid, OrdersValidators.Schema1)!.Items.Count;

    /// <summary>
    /// What the generated handler does before it proxies a valid body: read it into a pooled buffer that then
    /// replays as the request body, and validate it.
    /// </summary>
    [Benchmark]
    public async ValueTask<bool> ReadAndValidate()
    {
        _incoming.Position = 0;
        _context.Request.Body = _incoming;
        using var body = await RequestBody.ReadAsync(_context);
        return JsonBodyValidator.Validate(body.Span, OrdersValidators.Schema1) is null;
    }
}
