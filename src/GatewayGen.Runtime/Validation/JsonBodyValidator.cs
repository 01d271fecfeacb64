using System;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>A generated validator for one schema: checks the value the reader stands on and leaves the reader on its last token.</summary>
public delegate bool SchemaValidator(ref Utf8JsonReader reader, ref JsonValidation validation);

/// <summary>Runs a generated schema validator over a whole body in one pass of a <see cref="Utf8JsonReader"/>.</summary>
public static class JsonBodyValidator
{
    /// <summary>
    /// Validates <paramref name="json"/> against <paramref name="schema"/>; null when valid. Malformed JSON is
    /// one error naming the byte where it went wrong.
    /// </summary>
    public static ValidationErrors? Validate(ReadOnlySpan<byte> json, SchemaValidator schema)
    {
        var reader = new Utf8JsonReader(json, JsonValidation.ReaderOptions);
        var validation = new JsonValidation(json);
        try
        {
            if (!reader.Read())
            {
                return ValidationErrors.Add(null, "", "json", "The body is not JSON: it is empty.");
            }

            schema(ref reader, ref validation);
            if (validation.IsValid)
            {
                // The schema may not have looked at everything; the rest must still be one well-formed value.
                reader.Skip();
                while (reader.Read())
                {
                }
            }
        }
        catch (JsonException exception)
        {
            var at = Offset(json, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            return ValidationErrors.Add(null, "", "json", $"The body is not valid JSON: {Reason(exception)} (at byte {at}).");
        }

        return validation.ToErrors();
    }

    private static long Offset(ReadOnlySpan<byte> json, long line, long byteInLine)
    {
        var start = 0;
        for (var i = 0; i < line && start < json.Length; i++)
        {
            var newline = json.Slice(start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            start += newline + 1;
        }

        return start + byteInLine;
    }

    // The reader's messages end with "LineNumber: 0 | BytePositionInLine: 7."; the offset says that better.
    private static string Reason(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd(' ', '.');
    }
}
