using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>The gateway's own error body: {"message": ..., "type": ...}.</summary>
public sealed record ErrorBody(string Message, string Type)
{
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new ErrorBody(json.RootElement.GetProperty("message").GetString()!, json.RootElement.GetProperty("type").GetString()!);
    }

    /// <summary>The JSON pointers of a 400's "errors", in order.</summary>
    public static async Task<string[]> PointersAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!).ToArray();
    }
}
