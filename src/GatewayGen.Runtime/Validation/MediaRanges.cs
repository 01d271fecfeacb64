using System;

namespace GatewayGen.Runtime;

/// <summary>
/// Matches a media type against the media ranges a document declares ("text/plain", "text/*", "*/*"), as
/// OpenAPI says: the most specific range wins, so text/plain beats text/* beats */*.
/// </summary>
public static class MediaRanges
{
    /// <summary>The index of the most specific range in <paramref name="ranges"/> that <paramref name="mediaType"/> (type/subtype, parameters ignored) falls in; the first of equals; -1 for none.</summary>
    public static int BestMatch(ReadOnlySpan<char> mediaType, string[] ranges)
    {
        var semicolon = mediaType.IndexOf(';');
        var actual = (semicolon >= 0 ? mediaType.Slice(0, semicolon) : mediaType).Trim();
        var best = -1;
        var bestRank = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            var rank = Rank(actual, ranges[i].AsSpan());
            if (rank > bestRank)
            {
                best = i;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>application/json, text/json and any "+json" structured syntax (application/merge-patch+json, application/problem+json).</summary>
    public static bool IsJson(ReadOnlySpan<char> mediaType)
    {
        var semicolon = mediaType.IndexOf(';');
        var type = (semicolon >= 0 ? mediaType.Slice(0, semicolon) : mediaType).Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            type.Equals("text/json", StringComparison.OrdinalIgnoreCase) ||
            (type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && type.IndexOf('/') > 0);
    }

    // 3 for type/subtype, 2 for type/*, 1 for */*, 0 for no match.
    private static int Rank(ReadOnlySpan<char> actual, ReadOnlySpan<char> range)
    {
        var semicolon = range.IndexOf(';');
        range = (semicolon >= 0 ? range.Slice(0, semicolon) : range).Trim();
        if (range.SequenceEqual("*/*"))
        {
            return 1;
        }

        if (range.EndsWith("/*"))
        {
            var prefix = range.Slice(0, range.Length - 1); // "text/"
            return actual.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && actual.Length > prefix.Length ? 2 : 0;
        }

        return actual.Equals(range, StringComparison.OrdinalIgnoreCase) ? 3 : 0;
    }
}
