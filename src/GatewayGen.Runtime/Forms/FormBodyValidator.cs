using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GatewayGen.Runtime;

/// <summary>
/// Validates application/x-www-form-urlencoded and multipart/form-data bodies against their schema. The form is
/// parsed from the buffered body (ASP.NET Core's FormReader and MultipartReader, over a copy-free reader of the
/// buffer, so the integration still receives the bytes as sent), read into a small JSON document as OpenAPI's
/// encoding rules say (<see cref="FormDocument"/>), and that document is checked by the schema's generated
/// validator, so errors carry JSON pointers ("/amount", "/metadata/order") like a JSON body's.
/// Limits: at most <see cref="MaxFields"/> fields or parts (more is a 413), keys of at most
/// <see cref="MaxKeyLength"/> characters, at most <see cref="MaxDepth"/> [key] levels, per part at most
/// <see cref="MaxPartHeaders"/> headers in <see cref="MaxPartHeaderBytes"/> bytes, and a boundary of at most
/// <see cref="MaxBoundaryLength"/> characters (RFC 2046); past those it is a 400 naming the limit.
/// </summary>
public static class FormBodyValidator
{
    /// <summary>Fields (urlencoded pairs or multipart parts) one body may have: ASP.NET Core's FormOptions.ValueCountLimit.</summary>
    public const int MaxFields = 1024;

    /// <summary>The longest field name: ASP.NET Core's FormOptions.KeyLengthLimit.</summary>
    public const int MaxKeyLength = 2048;

    /// <summary>How many [key] levels a deepObject field may nest.</summary>
    public const int MaxDepth = 32;

    /// <summary>Headers one multipart part may have: MultipartReader's default.</summary>
    public const int MaxPartHeaders = 16;

    /// <summary>Bytes of one multipart part's headers: MultipartReader's default.</summary>
    public const int MaxPartHeaderBytes = 16 * 1024;

    /// <summary>The longest multipart boundary RFC 2046 allows.</summary>
    public const int MaxBoundaryLength = 70;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Validates <paramref name="body"/>, sent with <paramref name="contentType"/>, against <paramref name="schema"/>;
    /// null when valid. A multipart Content-Type decides multipart; anything else is read as urlencoded.
    /// </summary>
    /// <exception cref="GatewayRequestException">413 when the form has more than <see cref="MaxFields"/> fields.</exception>
    public static ValidationErrors? Validate(RequestBody body, string? contentType, FormSchema schema)
    {
        var json = new ArrayBufferWriter<byte>(256);
        return ToJson(body, contentType, schema, json) ?? JsonBodyValidator.Validate(json.WrittenSpan, schema.Validator);
    }

    /// <summary>
    /// Validates a body sent under a wildcard range (*/*, application/*) whose schema may be an object: a form as a
    /// form, JSON as JSON, and any other type as JSON when its bytes are one JSON value (Express's json({type: '*/*'})
    /// parses them so); other bytes no JSON or form reader can take pass as they are.
    /// </summary>
    /// <exception cref="GatewayRequestException">413 when a form has more than <see cref="MaxFields"/> fields.</exception>
    public static ValidationErrors? ValidateUnderWildcard(RequestBody body, string? contentType, FormSchema schema)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var type) &&
            (type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
             type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            return Validate(body, contentType, schema);
        }

        return contentType is null || MediaRanges.IsJson(contentType.AsSpan()) || FormDocument.IsJson(body.Span)
            ? JsonBodyValidator.Validate(body.Span, schema.Validator)
            : null;
    }

    /// <summary>Writes the JSON document the form is read into; the form's own errors (a broken part, a refused key) when it cannot be.</summary>
    internal static ValidationErrors? ToJson(RequestBody body, string? contentType, FormSchema schema, IBufferWriter<byte> json)
    {
        MediaTypeHeaderValue.TryParse(contentType, out var type);
        var document = new FormDocument(schema);
        if (type is not null && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            ReadMultipart(body, type, document);
        }
        else if (IsUtf8(type?.Charset.Value))
        {
            ReadUrlEncoded(body.Span, document);
        }
        else
        {
            // ASP.NET Core's ReadFormAsync decodes with the charset given: refuse what the gateway would read differently.
            document.Fail("", "charset", $"The form's charset '{type!.Charset.Value}' is not utf-8 or us-ascii, the only ones the gateway reads.");
        }

        if (document.Errors is null)
        {
            document.WriteTo(json);
        }

        return document.Errors;
    }

    /// <summary>Whether a charset parameter reads as UTF-8 (none, utf-8 or its subset us-ascii).</summary>
    internal static bool IsUtf8(string? charset) =>
        string.IsNullOrEmpty(charset) || HeaderUtilities.RemoveQuotes(charset).Value is { } name &&
        (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase));

    private static void ReadUrlEncoded(ReadOnlySpan<byte> body, FormDocument document)
    {
        // FormReader splits on & and =, turns + into a space and percent-decodes as UTF-8, as browsers encode.
        using var reader = new FormReader(Encoding.UTF8.GetString(body))
        {
            ValueCountLimit = int.MaxValue, // counted by the document, which answers 413
            KeyLengthLimit = MaxKeyLength,
            ValueLengthLimit = int.MaxValue, // the payload limit bounds values
        };
        try
        {
            while (reader.ReadNextPair() is { } pair)
            {
                if (document.Add(pair.Key) is { } field)
                {
                    document.AddText(field, pair.Value);
                }
            }
        }
        catch (InvalidDataException exception)
        {
            document.Fail("", "limit", $"The form is not readable: {exception.Message}");
        }
    }

    private static void ReadMultipart(RequestBody body, MediaTypeHeaderValue type, FormDocument document)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            document.Fail("", "multipart", "The multipart/form-data body has no boundary parameter in its Content-Type.");
            return;
        }

        if (boundary.Length > MaxBoundaryLength)
        {
            document.Fail("", "multipart", $"The multipart boundary is longer than {MaxBoundaryLength} characters.");
            return;
        }

        var reader = new MultipartReader(boundary, body.OpenReader())
        {
            HeadersCountLimit = MaxPartHeaders,
            HeadersLengthLimit = MaxPartHeaderBytes,
        };
        var index = 0;
        try
        {
            // The buffer is in memory: every read completes synchronously, so waiting here never blocks.
            while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
            {
                index++;
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) ||
                    HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    // Stop here: a body of nameless parts would otherwise be read whole, uncounted.
                    document.Fail("", "multipart", $"Part {index} has no Content-Disposition: form-data with a name.");
                    return;
                }

                // Node's parsers unescape \" and honour name*; ASP.NET Core does neither: refuse what they would read differently.
                if (name.Contains('\\') || HasParameter(disposition, "name*"))
                {
                    document.Fail("", "multipart", $"Part {index}'s name has a backslash or a name* parameter, which parsers read differently.");
                    return;
                }

                if (document.Add(name) is not { } field)
                {
                    continue;
                }

                var partType = section.ContentType;
                if (!document.AcceptsPartType(field, partType))
                {
                    continue;
                }

                using var content = new MemoryStream();
                section.Body.CopyTo(content);
                document.AddPart(field, partType, content.GetBuffer().AsSpan(0, (int)content.Length), StrictUtf8);
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            // A truncated body, a missing closing boundary, or headers over the limits.
            document.Fail("", "multipart", $"The multipart/form-data body is broken after part {index}: {exception.Message}");
        }
    }

    private static bool HasParameter(ContentDispositionHeaderValue disposition, string name)
    {
        foreach (var parameter in disposition.Parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
