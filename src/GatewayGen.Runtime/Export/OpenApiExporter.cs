using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GatewayGen.Runtime;

/// <summary>One exported document: its text, its syntax (json, yaml) and its OpenAPI version (oas30, oas31, swagger, ...).</summary>
internal sealed record ExportedDocument(string Text, string Type, string Format)
{
    public string MediaType => Type == "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8";
}

/// <summary>
/// Turns a deployed document into what export asked for. The document as built (its own version and syntax, extensions
/// kept, no other files) is its text unchanged. Otherwise references to other files are inlined, extensions stripped if
/// asked, and: in its own version the tree is written as JSON or YAML, nothing else changed; in another version
/// Microsoft.OpenApi converts it, and what its reader could not read (a JSON Schema keyword it does not know, say) or
/// the converted document lacks (<see cref="ConversionCheck"/>) refuses the conversion (422) rather than lose it.
/// </summary>
internal static class OpenApiExporter
{
    // The generator's reading rules: AWS's greedy {proxy+} is a path parameter the default rules do not recognise.
    private static readonly ValidationRuleSet ReaderRules = CreateReaderRules();

    /// <param name="path">The document's project-relative path among <paramref name="files"/>.</param>
    /// <param name="files">Every embedded file by project-relative path (the targets of references to other files).</param>
    /// <param name="options">What was asked for.</param>
    public static ExportedDocument Export(string path, IReadOnlyDictionary<string, string> files, ExportOptions options)
    {
        var text = files[path];
        var ownType = DocumentText.IsJson(path) ? "json" : "yaml";
        JsonNode? tree;
        try
        {
            tree = DocumentText.Read(path, text);
        }
        catch (Exception exception) when (exception is YamlDotNet.Core.YamlException or System.Text.Json.JsonException)
        {
            throw new ExportException(500, $"{path} could not be read back: {exception.Message}");
        }

        var ownFormat = FormatOf(tree, path);
        var format = options.Format ?? ownFormat;
        var type = options.Type ?? ownType;
        if (options.KeepExtensions && format == ownFormat && type == ownType && !ReferenceInliner.MayReferToOtherFiles(tree))
        {
            return new ExportedDocument(text, type, format);
        }

        tree = ReferenceInliner.Inline(tree, path, files, out _);
        if (!options.KeepExtensions)
        {
            ExtensionStripper.Strip(tree);
        }

        if (format == ownFormat)
        {
            return new ExportedDocument(type == "json" ? DocumentText.WriteJson(tree) : DocumentText.WriteYaml(tree), type, format);
        }

        return new ExportedDocument(Convert(tree!, path, ownFormat, format, type), type, format);
    }

    /// <summary>"swagger" for Swagger 2.0, "oas30" for 3.0.x, "oas31" for 3.1.x, "oas32" for 3.2.x.</summary>
    internal static string FormatOf(JsonNode? tree, string path)
    {
        var version = tree is JsonObject root
            ? (root["openapi"] ?? root["swagger"]) is JsonValue value ? value.ToString() : null
            : null;
        return version switch
        {
            "2.0" => "swagger",
            not null when version.StartsWith("3.", StringComparison.Ordinal) && version.Length >= 3 && char.IsAsciiDigit(version[2]) =>
                "oas3" + version.Substring(2).Split('.')[0],
            _ => throw new ExportException(500, $"{path} names no OpenAPI version this export knows ('{version}')."),
        };
    }

    private static string Convert(JsonNode tree, string path, string ownFormat, string format, string type)
    {
        ReadResult result;
        try
        {
            result = Read(tree, path);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ExportException(422, $"Microsoft.OpenApi cannot read {path} to convert it to {format}: {exception.Message} (format={ownFormat} exports it as built).");
        }

        var errors = result.Diagnostic?.Errors ?? Array.Empty<OpenApiError>();
        if (errors.Count > 0 || result.Document is not { } document)
        {
            // What the reader could not read would be missing from the conversion: say so instead.
            var listed = string.Join("; ", errors.Take(5).Select(Describe));
            throw new ExportException(422, string.Create(CultureInfo.InvariantCulture,
                $"Converting {path} to {format} would lose what Microsoft.OpenApi cannot read ({errors.Count} place(s): {listed}); format={ownFormat} exports it as built."));
        }

        var text = new StringWriter(CultureInfo.InvariantCulture);
        IOpenApiWriter writer = type == "json" ? new OpenApiJsonWriter(text) : new OpenApiYamlWriter(text);
        document.SerializeAs(format switch
        {
            "swagger" => OpenApiSpecVersion.OpenApi2_0,
            "oas30" => OpenApiSpecVersion.OpenApi3_0,
            _ => OpenApiSpecVersion.OpenApi3_1,
        }, writer);
        var converted = text.ToString().TrimEnd('\n') + "\n";
        var convertedTree = DocumentText.Read(type == "json" ? "converted.json" : "converted.yaml", converted);
        if (Read(convertedTree!, path).Diagnostic?.Errors is { Count: > 0 } unreadable)
        {
            // Microsoft.OpenApi can write what it (and so the generator) cannot read back: a cookie parameter in Swagger 2.0, say.
            throw new ExportException(422, string.Create(CultureInfo.InvariantCulture,
                $"Converted to {format}, {path} would not build again ({string.Join("; ", unreadable.Take(5).Select(Describe))}); format={ownFormat} exports it as built."));
        }

        if (ConversionCheck.Lost(tree, convertedTree) is { Count: > 0 } lost)
        {
            throw new ExportException(422, string.Create(CultureInfo.InvariantCulture,
                $"{format} cannot carry everything {path} says: {lost.Count} part(s) would be lost ({string.Join(", ", lost.Take(5))}); format={ownFormat} exports it as built."));
        }

        return converted;
    }

    private static string Describe(OpenApiError error) => string.IsNullOrEmpty(error.Pointer) ? error.Message : error.Pointer + ": " + error.Message;

    private static ReadResult Read(JsonNode tree, string path) =>
        new OpenApiJsonReader().Read(tree, new Uri("file:///" + Uri.EscapeDataString(Path.GetFileName(path))), new OpenApiReaderSettings { RuleSet = ReaderRules });

    private static ValidationRuleSet CreateReaderRules()
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove("PathParameterShouldBeInThePath");
        return rules;
    }
}
