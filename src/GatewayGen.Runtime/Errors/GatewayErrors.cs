using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// Writes the gateway's own error responses: a JSON body {"message": ..., "type": ...} naming the
/// API Gateway response type, so clients can tell a gateway error from a backend's.
/// </summary>
public static class GatewayErrors
{
    // Bodies are application/json, never HTML, so quotes and apostrophes in messages stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes an error response, unless the response has already started (then the connection is aborted).</summary>
    public static async Task WriteAsync(HttpContext context, GatewayResponseType type, string message, int? statusCode = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = statusCode ?? type.DefaultStatusCode;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteString("type", type.Name);
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>400: a required parameter is absent.</summary>
    public static Task MissingParameterAsync(HttpContext context, string name, string location) =>
        WriteAsync(context, GatewayResponseType.BadRequestParameters, $"Missing required request parameter '{name}' in {location}.");

    /// <summary>400: a parameter's value does not parse to its schema type.</summary>
    public static Task InvalidParameterAsync(HttpContext context, string name, string location, string? value, string expected) =>
        WriteAsync(context, GatewayResponseType.BadRequestParameters, $"Invalid value '{Shorten(value)}' for {location} parameter '{name}': expected {expected}.");

    /// <summary>404: no operation has this path.</summary>
    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, GatewayResponseType.ResourceNotFound, $"No operation matches {context.Request.Method} {context.Request.Path}.");

    /// <summary>405 with the Allow header: the path exists, the method does not.</summary>
    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, GatewayResponseType.Default4xx, $"Method {context.Request.Method} is not allowed here; allowed: {allow}.", StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>501: the operation exists but has no integration the gateway can run.</summary>
    public static Task NotImplementedAsync(HttpContext context, string reason) =>
        WriteAsync(context, GatewayResponseType.ApiConfigurationError, reason);

    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 100 ? value : value.Substring(0, 100) + "...";
}
