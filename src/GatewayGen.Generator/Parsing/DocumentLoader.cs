using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using GatewayGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Turns a document's text into a JSON tree with the position of every key (the map's Root), or into one
/// error at the position where reading stopped: GG0001 for syntax (and nesting deeper than the readers go),
/// GG0030 for aliases that expand past their budget.
/// </summary>
internal static class DocumentLoader
{
    /// <param name="problems">Receives located diagnostics that do not stop reading (duplicate keys).</param>
    /// <param name="syntaxError">The error that stopped reading, if any; the map then has no tree.</param>
    public static SourceMap Load(SpecDocument document, List<DiagnosticInfo> problems, out DiagnosticInfo? syntaxError)
    {
        syntaxError = null;
        var map = new SourceMap(document.Path);
        try
        {
            map.Root = document.IsJson ? JsonTreeReader.Read(document.Text, map, problems) : YamlJsonConverter.Convert(document.Text, map, problems);
            return map;
        }
        catch (ReadLimitException exception)
        {
            syntaxError = Located(document, exception.Descriptor, exception.Line, exception.Column, exception.MessageArgs);
        }
        catch (YamlException exception)
        {
            var start = exception.Start;
            syntaxError = SyntaxError(document, "YAML", Message(exception), (int)start.Line - 1, (int)start.Column - 1);
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0);
            syntaxError = SyntaxError(document, "JSON", FirstSentence(exception.Message), line, CharColumn(document.Text, line, (int)(exception.BytePositionInLine ?? 0)));
        }

        return map;
    }

    private static DiagnosticInfo SyntaxError(SpecDocument document, string format, string message, int line, int column) =>
        Located(document, DiagnosticDescriptors.InvalidDocumentSyntax, line, column, format, message);

    private static DiagnosticInfo Located(SpecDocument document, DiagnosticDescriptor descriptor, int line, int column, params string[] messageArgs)
    {
        var position = new LinePosition(Math.Max(0, line), Math.Max(0, column));
        var offset = OffsetOf(document.Text, position);
        var location = new LocationInfo(document.Path, new TextSpan(offset, 0), new LinePositionSpan(position, position));
        return DiagnosticInfo.Create(descriptor, location, messageArgs);
    }

    private static string Message(YamlException exception)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the diagnostic already has the position.
        var message = exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
    }

    private static string FirstSentence(string message)
    {
        var marker = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return marker >= 0 ? message.Substring(0, marker) : message;
    }

    private static int OffsetOf(string text, LinePosition position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line && offset < text.Length; line++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0)
            {
                return text.Length;
            }

            offset = next + 1;
        }

        return Math.Min(text.Length, offset + position.Character);
    }

    private static int CharColumn(string text, int line, int bytePositionInLine)
    {
        var start = OffsetOf(text, new LinePosition(line, 0));
        var end = text.IndexOf('\n', start);
        var lineText = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        var bytes = Encoding.UTF8.GetBytes(lineText);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePositionInLine, bytes.Length));
    }
}
