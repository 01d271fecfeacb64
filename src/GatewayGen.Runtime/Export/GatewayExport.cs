using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayGen.Runtime;

/// <summary>
/// Export, API Gateway's get-export: the deployed OpenAPI document of one API, vendor extensions kept, as the
/// `export` command (to standard output or --output FILE) and as GET /export on the admin listener. Parameters:
/// api (needed when the gateway has several), format (oas30, oas31, swagger; default the document's own), type
/// (json, yaml; default the document's own) and extensions (apigateway, the default, or none). The defaults give
/// the document exactly as it was built. See docs/export.md.
/// </summary>
public static class GatewayExport
{
    private const string Usage = "Usage: export [--api NAME] [--format oas30|oas31|swagger] [--type json|yaml] [--extensions apigateway|none] [--output FILE]";

    /// <summary>
    /// GET /export?api=NAME&amp;format=oas30|oas31|swagger&amp;type=json|yaml&amp;extensions=apigateway|none on the admin
    /// listener (which has checked the token): the document, or a JSON error naming the problem and the allowed values.
    /// </summary>
    public static async Task WriteAsync(HttpContext context)
    {
        var query = context.Request.Query;
        ExportedDocument document;
        try
        {
            var options = ExportOptions.Parse(name => query.TryGetValue(name, out var values) ? values.ToString() : null);
            document = Export(context.RequestServices.GetRequiredService<GatewayInfo>(), EmbeddedDocuments.Current, options);
        }
        catch (ExportException exception)
        {
            context.Response.StatusCode = exception.Status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ErrorBody(exception), context.RequestAborted);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = document.MediaType;
        await context.Response.WriteAsync(document.Text, context.RequestAborted);
    }

    /// <summary>Runs an `export ...` command (the arguments after "export"); returns the exit code.</summary>
    public static int Run(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var option, var inline] ? (option, inline) : (args[i], i + 1 < args.Length ? args[++i] : null);
            if (value is null || name is not ("--api" or "--format" or "--type" or "--extensions" or "--output"))
            {
                error.WriteLine(Usage);
                return 2;
            }

            values[name.Substring(2)] = value;
        }

        try
        {
            var options = ExportOptions.Parse(name => values.GetValueOrDefault(name));
            var document = Export(services.GetRequiredService<GatewayInfo>(), EmbeddedDocuments.Current, options);
            if (values.TryGetValue("output", out var file))
            {
                File.WriteAllText(file, document.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                output.WriteLine($"Exported {document.Format} {document.Type} to {file}.");
            }
            else
            {
                output.Write(document.Text);
            }

            return 0;
        }
        catch (ExportException exception)
        {
            error.WriteLine(exception.Message);
            if (exception.Allowed.Count > 0)
            {
                error.WriteLine("Allowed: " + string.Join(", ", exception.Allowed));
            }

            return exception.Status == 400 ? 2 : 1;
        }
    }

    /// <summary>The export of the API <paramref name="options"/> names (or the only one) from <paramref name="documents"/>.</summary>
    internal static ExportedDocument Export(GatewayInfo info, EmbeddedDocuments documents, ExportOptions options)
    {
        var names = info.Apis.Select(api => api.Name).ToList();
        var api = options.Api is { } asked
            ? info.Apis.FirstOrDefault(a => string.Equals(a.Name, asked, StringComparison.OrdinalIgnoreCase))
              ?? throw new ExportException(400, $"This gateway has no API '{asked}'.", names)
            : info.Apis.Count == 1
                ? info.Apis[0]
                : throw new ExportException(info.Apis.Count == 0 ? 404 : 400, info.Apis.Count == 0 ? "This gateway has no APIs." : $"This gateway has {info.Apis.Count} APIs: name one with api=NAME (the command: --api NAME).", names);
        return OpenApiExporter.Export(documents.PathOf(api), documents.Files, options);
    }

    private static ReadOnlyMemory<byte> ErrorBody(ExportException exception)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", exception.Message);
            if (exception.Allowed.Count > 0)
            {
                writer.WriteStartArray("allowed");
                foreach (var value in exception.Allowed)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
