using System;
using System.Globalization;
using System.Text;

namespace GatewayGen.Benchmarks;

/// <summary>
/// Valid request bodies for orders.openapi.yaml of a chosen size: one order whose line items are repeated
/// (with varying values) until the JSON reaches the size. Deterministic, so every run measures the same bytes.
/// </summary>
public static class OrderBodies
{
    /// <summary>A valid order of at least <paramref name="minimumBytes"/> bytes of UTF-8 JSON (and under one more line item).</summary>
    public static byte[] Valid(int minimumBytes)
    {
        var json = new StringBuilder(minimumBytes + 128);
        json.Append("""
            {"id":"3f2b8c1e-9d4a-4e5b-8f6a-1c2d3e4f5a6b","customer":{"name":"Zoë Müller","email":"zoe.mueller@example.com","vip":true},"status":"paid","createdAt":"2026-11-22T09:30:00.123Z","currency":"EUR","notes":null,"items":[
            """);
        for (var i = 0; ; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append(CultureInfo.InvariantCulture, $$"""{"sku":"AB-{{i % 10000:0000}}","quantity":{{1 + i % 999}},"unitPrice":{{10 + i % 90}}.{{i % 100:00}},"gift":{{(i % 7 == 0 ? "true" : "false")}}}""");
            if (json.Length + 2 >= minimumBytes)
            {
                break;
            }
        }

        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The same order with one line item made invalid in several ways (sku pattern, quantity, price).</summary>
    public static byte[] Invalid(int minimumBytes)
    {
        var json = Encoding.UTF8.GetString(Valid(minimumBytes));
        const string first = """{"sku":"AB-0000","quantity":1,"unitPrice":10.00,"gift":true}""";
        if (!json.Contains(first, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The first line item changed shape; update Invalid.");
        }

        return Encoding.UTF8.GetBytes(json.Replace(first, """{"sku":"ab0000","quantity":0,"unitPrice":10.001,"gift":true}""", StringComparison.Ordinal));
    }
}
