using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using GatewayGen.Benchmarks;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// Valid bodies cost no garbage: the validator generated from bench/GatewayGen.Benchmarks/orders.openapi.yaml
/// allocates nothing on a valid body, and reading a body for the proxy costs the same few bytes whatever its
/// size. Counted with the runtime's per-thread allocation counter, which is exact (no timing involved);
/// bench/ measures the speed.
/// </summary>
public sealed class ValidationAllocationTests
{
    // Compiled into the gateway beside the generated code, so it calls the validator the handler calls.
    private const string ProbeSource = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using GatewayGen.Runtime;
        using Microsoft.AspNetCore.Http;

        public static class AllocationProbe
        {
            public static int ErrorCount(byte[] body) =>
                JsonBodyValidator.Validate(body, GatewayGen.Generated.OrdersValidators.Schema1)?.Items.Count ?? 0;

            public static long BytesPerValidation(byte[] body, int times)
            {
                ErrorCount(body); // the first call runs static constructors (compiled patterns)
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < times; i++)
                {
                    if (JsonBodyValidator.Validate(body, GatewayGen.Generated.OrdersValidators.Schema1) is not null)
                    {
                        throw new InvalidDataException("The body is meant to be valid.");
                    }
                }

                return (GC.GetAllocatedBytesForCurrentThread() - before) / times;
            }

            public static long BytesPerReadAndValidate(byte[] body, int times)
            {
                var incoming = new MemoryStream(body, writable: false);
                var context = new DefaultHttpContext();
                context.Request.ContentLength = body.Length;
                ReadAndValidate(context, incoming);
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < times; i++)
                {
                    ReadAndValidate(context, incoming);
                }

                return (GC.GetAllocatedBytesForCurrentThread() - before) / times;
            }

            // As the generated handler does it; a MemoryStream completes every read synchronously.
            private static void ReadAndValidate(HttpContext context, MemoryStream incoming)
            {
                incoming.Position = 0;
                context.Request.Body = incoming;
                var read = RequestBody.ReadAsync(context);
                using var body = read.IsCompletedSuccessfully ? read.Result : throw new InvalidOperationException("The read did not complete synchronously.");
                if (JsonBodyValidator.Validate(body.Span, GatewayGen.Generated.OrdersValidators.Schema1) is not null)
                {
                    throw new InvalidDataException("The body is meant to be valid.");
                }
            }
        }
        """;

    [Fact]
    public async Task A_valid_body_is_validated_without_allocating_and_read_at_a_cost_independent_of_its_size()
    {
        var spec = File.ReadAllText(Path.Combine(RepoPaths.Root, "bench", "GatewayGen.Benchmarks", "orders.openapi.yaml"));
        await using var gateway = await CompiledGateway.StartAsync(new[] { new SpecFile("/project/orders.openapi.yaml", spec) }, new[] { ProbeSource });
        var probe = gateway.Assembly.GetType("AllocationProbe")!;
        T Call<T>(string method, params object[] arguments) => (T)probe.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;

        // The least of three measurements: a gen-2 collection from parallel tests may trim the shared array pool
        // once, and the next rent allocates; a cost that is really per request shows in all three.
        long Least(string method, byte[] body, int times) => Enumerable.Range(0, 3).Min(_ => Call<long>(method, body, times));

        var small = OrderBodies.Valid(1024);
        var large = OrderBodies.Valid(100 * 1024);

        // The bodies exercise the validator: the same order with a broken line item fails on three keywords.
        Assert.Equal(0, Call<int>("ErrorCount", small));
        Assert.Equal(3, Call<int>("ErrorCount", OrderBodies.Invalid(1024)));

        Assert.Equal(0L, Least("BytesPerValidation", small, 50));
        Assert.Equal(0L, Least("BytesPerValidation", large, 5));

        // Reading into a pooled buffer costs one small replay stream per request, nothing proportional to the body.
        var smallRead = Least("BytesPerReadAndValidate", small, 50);
        var largeRead = Least("BytesPerReadAndValidate", large, 5);
        Assert.Equal(smallRead, largeRead);
        Assert.InRange(smallRead, 1, 256);
    }
}
