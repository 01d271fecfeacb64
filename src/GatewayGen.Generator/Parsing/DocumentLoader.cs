using System;
using System.Text;
using System.Text.Json;
using GatewayGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Turns a document's text into a JSON tree with the position of every key (the map's Root), or into one
/// GG0001 at the position where reading stopped.
/// </summary>
internal static class DocumentLoader
{
    public static SourceMap Load(SpecDocument document, out DiagnosticInfo? syntaxError)
    {
        syntaxError = null;
        var map = new SourceMap(document.Path);
        try
        {
            map.Root = document.IsJson ? JsonTreeReader.Read(document.Text, map) : YamlJsonConverter.Convert(document.Text, map);
            return map;
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

    private static DiagnosticInfo SyntaxError(SpecDocument document, string format, string message, int line, int column)
    {
        var position = new LinePosition(Math.Max(0, line), Math.Max(0, column));
        var offset = OffsetOf(document.Text, position);
        var location = new LocationInfo(document.Path, new TextSpan(offset, 0), new LinePositionSpan(position, position));
        return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDocumentSyntax, location, format, message);
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
