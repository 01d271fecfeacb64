using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime;

/// <summary>
/// Writes the gateway's own error responses: a JSON body {"message": ..., "type": ..., "requestId": ...} naming
/// the API Gateway response type, so clients can tell a gateway error from a backend's and quote the request.
/// The API's x-amazon-apigateway-gateway-responses (<see cref="GatewayResponses"/>) may change the status, add
/// headers and replace the body.
/// </summary>
public static class GatewayErrors
{
    // Bodies are application/json, never HTML (Content-Type cannot be mapped, and nosniff keeps browsers from guessing
    // otherwise), so quotes and apostrophes in messages stay readable.
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
        response.Headers.XContentTypeOptions = "nosniff"; // messages quote the request: no browser may render them as HTML
        RequestRecord.Error(context, type, message);
        if (!Customise(context, new GatewayError(type, message, null)))
        {
            using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
            WriteError(writer, type, message, context.TraceIdentifier);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// Applies the API's customisation of the answer's type (status, headers) and, when it has a template for the
    /// request, writes the body from it: true then. False leaves the default body to the caller.
    /// </summary>
    private static bool Customise(HttpContext context, in GatewayError error)
    {
        ResponseCache.MarkGatewayAnswer(context); // an error stays an error in the cache too, whatever status it is given
        if (ApiSettings.Of(context)?.GatewayResponses?.For(error.Type) is not { } custom || custom.Apply(context, error) is not { } template)
        {
            return false;
        }

        var body = template.Render(context, error);
        context.Response.ContentType = template.MediaType;
        context.Response.BodyWriter.Write(body);
        return true;
    }

    /// <summary>The JSON body of an error, for answers written outside a request (the server's own).</summary>
    internal static byte[] Body(GatewayResponseType type, string message, string requestId)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteError(writer, type, message, requestId);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteError(Utf8JsonWriter writer, GatewayResponseType type, string message, string requestId)
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteString("type", type.Name);
        writer.WriteString("requestId", requestId);
        writer.WriteEndObject();
    }

    /// <summary>400 listing every error found (up to the cap), each with its location, keyword and message.</summary>
    public static async Task ValidationFailedAsync(HttpContext context, GatewayResponseType type, ValidationErrors errors)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        var items = errors.Items;
        var isBody = type == GatewayResponseType.BadRequestBody;
        var first = items.Count == 0 ? "" : isBody ? $"{(items[0].Location.Length == 0 ? "(root)" : items[0].Location)}: {items[0].Message}" : items[0].Message;
        var summary = items.Count == 1
            ? (isBody ? "Invalid request body: " + first : first)
            : $"Invalid request {(isBody ? "body" : "parameters")}: {items.Count}{(errors.IsFull ? " or more" : "")} errors; the first: {first}";
        response.StatusCode = type.DefaultStatusCode;
        response.ContentType = "application/json";
        response.Headers.XContentTypeOptions = "nosniff";
        RequestRecord.Error(context, type, summary);
        if (Customise(context, new GatewayError(type, summary, errors)))
        {
            await response.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }

        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("message", summary);
            writer.WriteString("type", type.Name);
            writer.WriteStartArray("errors");
            foreach (var error in items)
            {
                writer.WriteStartObject();
                writer.WriteString(type == GatewayResponseType.BadRequestBody ? "pointer" : "parameter", error.Location);
                writer.WriteString("keyword", error.Keyword);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("requestId", context.TraceIdentifier);
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>400: the operation requires a body and the request has none.</summary>
    public static Task MissingBodyAsync(HttpContext context) =>
        WriteAsync(context, GatewayResponseType.BadRequestBody, "Missing required request body.");

    /// <summary>415: the body's media type is not one the operation declares.</summary>
    public static Task UnsupportedMediaTypeAsync(HttpContext context, string accepted) =>
        WriteAsync(context, GatewayResponseType.UnsupportedMediaType, $"Unsupported Content-Type '{context.Request.ContentType ?? "(none; read as application/json)"}'; this operation accepts: {accepted}.");

    /// <summary>Records that a required parameter is absent.</summary>
    public static ValidationErrors MissingParameter(ValidationErrors? errors, string name, string location) =>
        ValidationErrors.Add(errors, location + "." + name, "required", $"Missing required request parameter '{name}' in {location}.");

    /// <summary>Records that a parameter's value does not parse to its schema type or breaks one of its constraints.</summary>
    public static ValidationErrors InvalidParameter(ValidationErrors? errors, string name, string location, string keyword, string? value, string expected) =>
        ValidationErrors.Add(errors, location + "." + name, keyword, $"Invalid value '{Shorten(value)}' for {location} parameter '{name}': expected {expected}.");

    /// <summary>404: no operation has this path.</summary>
    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, GatewayResponseType.ResourceNotFound, $"No operation matches {context.Request.Method} {context.Request.Path}.");

    /// <summary>405 with the Allow header: the path exists, the method does not.</summary>
    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, GatewayResponseType.Default4xx, $"Method {context.Request.Method} is not allowed here; allowed: {allow}.", StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>500 API_CONFIGURATION_ERROR: the operation exists but has no integration the gateway can run.</summary>
    public static Task NotImplementedAsync(HttpContext context, string reason) =>
        WriteAsync(context, GatewayResponseType.ApiConfigurationError, reason);

    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 100 ? value : value.Substring(0, 100) + "...";
}
