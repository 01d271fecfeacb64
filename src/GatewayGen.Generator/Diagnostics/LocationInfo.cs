using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GatewayGen.Generator.Diagnostics;

/// <summary>A place inside an OpenAPI file, kept as plain values so models stay equatable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    /// <summary>The start of a file: for problems that belong to the document as a whole.</summary>
    public static LocationInfo FileStart(string filePath) =>
        new(filePath, new TextSpan(0, 0), new LinePositionSpan(default, default));
}
