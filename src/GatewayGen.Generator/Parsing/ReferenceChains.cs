using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Cuts long chains of components that are nothing but a $ref to the next one (A: {$ref: B}, B: {$ref: C}, ...)
/// before the OpenAPI reader sees them: the reader follows the whole chain for each of its links, so a chain of
/// 4,000 schemas took it 14 s and 20 GB. Real documents refer to a reference once or twice; a link that would make a
/// chain longer than <see cref="MaxChain"/> is reported (GG0033) and dropped.
/// </summary>
internal static class ReferenceChains
{
    public const int MaxChain = 64;

    public static void Cut(ParseContext context)
    {
        if (context.Root is not JsonObject root)
        {
            return;
        }

        // Every component that is a local $ref: its pointer -> (its object, the pointer it names).
        var links = new Dictionary<string, (JsonObject Owner, string Target)>(StringComparer.Ordinal);
        foreach (var (pointer, section) in Sections(root))
        {
            foreach (var member in section)
            {
                if (member.Value is JsonObject entry && JsonNodes.GetString(entry["$ref"]) is { } reference &&
                    reference.StartsWith("#/", StringComparison.Ordinal))
                {
                    links[JsonPointer.Append(pointer, member.Key)] = (entry, Normalize(reference));
                }
            }
        }

        if (links.Count <= MaxChain)
        {
            return; // no chain can be too long
        }

        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in links.Keys)
        {
            // Follow the chain to where its length is known (its end, a measured link or a cycle), then measure back.
            path.Clear();
            var at = start;
            var onPath = new HashSet<string>(StringComparer.Ordinal);
            while (!lengths.ContainsKey(at) && links.TryGetValue(at, out var link) && onPath.Add(at))
            {
                path.Add(at);
                at = link.Target;
            }

            var length = lengths.TryGetValue(at, out var known) ? known : 0; // the end, or a cycle (the reader reports those)
            for (var i = path.Count - 1; i >= 0; i--)
            {
                var link = links[path[i]];
                if (length >= MaxChain)
                {
                    context.Report(DiagnosticDescriptors.ReferenceExpansionLimit, JsonPointer.Append(path[i], "$ref"), JsonNodes.GetString(link.Owner["$ref"])!,
                        $"it would make a chain of more than {MaxChain} references to references; the reference is dropped");
                    link.Owner.Remove("$ref");
                    length = 0;
                }
                else
                {
                    length++;
                }

                lengths[path[i]] = length;
            }
        }
    }

    /// <summary>"#/components/schemas/A%20B" as the pointer the sections' keys make: "/components/schemas/A B".</summary>
    private static string Normalize(string reference)
    {
        var pointer = "";
        foreach (var segment in JsonPointer.Split(reference))
        {
            pointer = JsonPointer.Append(pointer, segment);
        }

        return pointer;
    }

    private static IEnumerable<(string Pointer, JsonObject Section)> Sections(JsonObject root)
    {
        if (root["components"] is JsonObject components)
        {
            foreach (var member in components)
            {
                if (member.Value is JsonObject section)
                {
                    yield return (JsonPointer.Append("/components", member.Key), section);
                }
            }
        }

        foreach (var key in new[] { "definitions", "parameters", "responses" })
        {
            if (root[key] is JsonObject section)
            {
                yield return ("/" + key, section);
            }
        }
    }
}
