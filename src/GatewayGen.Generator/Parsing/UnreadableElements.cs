using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Finds the element of a document that makes the OpenAPI reader throw instead of report (a "required: tru", a
/// null where an object belongs), so the error is located at it and the element can be left out while the rest
/// is read. It reads the document again with parts of it held back: sections first, then halves of the section
/// that has the culprit, then one operation of the path item found. Only documents the reader throws on pay.
/// </summary>
internal static class UnreadableElements
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    /// <summary>
    /// The pointer of one element without which <paramref name="reads"/> no longer fails, and what it is, or null
    /// when the culprit cannot be told apart. The tree is as it was when this returns.
    /// </summary>
    public static (string Pointer, string What)? Find(JsonObject root, Func<bool> reads)
    {
        var sections = Sections(root);
        var heldBack = new List<(JsonObject Owner, List<KeyValuePair<string, JsonNode?>> Members)>();
        try
        {
            foreach (var (pointer, section, what) in sections)
            {
                heldBack.Add((section, Detach(section)));
                if (!reads())
                {
                    continue; // a culprit is elsewhere too; keep this section back and look further
                }

                // Without this section (and those before it) the document reads: a culprit is in it.
                var members = heldBack[heldBack.Count - 1].Members;
                var culprit = Bisect(section, members, reads);
                if (culprit is null)
                {
                    return (pointer, what);
                }

                var memberPointer = JsonPointer.Append(pointer, culprit.Value.Key);
                Restore(section, new List<KeyValuePair<string, JsonNode?>> { culprit.Value });
                if (what == "path" && culprit.Value.Value is JsonObject item && Operation(item, reads) is { } method)
                {
                    return (JsonPointer.Append(memberPointer, method), "operation");
                }

                return (memberPointer, what);
            }

            return null;
        }
        finally
        {
            foreach (var (owner, members) in heldBack)
            {
                Restore(owner, members);
            }
        }
    }

    /// <summary>Where the reader's objects are: paths, then every component section (Swagger 2.0's at the top).</summary>
    private static List<(string Pointer, JsonObject Section, string What)> Sections(JsonObject root)
    {
        var sections = new List<(string, JsonObject, string)>();
        if (root["paths"] is JsonObject paths)
        {
            sections.Add(("/paths", paths, "path"));
        }

        if (root["webhooks"] is JsonObject webhooks)
        {
            sections.Add(("/webhooks", webhooks, "path"));
        }

        if (root["components"] is JsonObject components)
        {
            foreach (var member in components)
            {
                if (member.Value is JsonObject section)
                {
                    sections.Add((JsonPointer.Append("/components", member.Key), section, "component"));
                }
            }
        }

        foreach (var key in new[] { "definitions", "parameters", "responses", "securityDefinitions" })
        {
            if (root[key] is JsonObject section)
            {
                sections.Add(("/" + key, section, "component"));
            }
        }

        return sections;
    }

    /// <summary>One member of <paramref name="owner"/> that fails on its own, or null. The owner ends up empty.</summary>
    private static KeyValuePair<string, JsonNode?>? Bisect(JsonObject owner, List<KeyValuePair<string, JsonNode?>> members, Func<bool> reads)
    {
        var candidates = members;
        while (candidates.Count > 1)
        {
            var first = candidates.GetRange(0, candidates.Count / 2);
            candidates = FailsWith(owner, first, reads) ? first : candidates.GetRange(first.Count, candidates.Count - first.Count);
        }

        return candidates.Count == 1 && FailsWith(owner, candidates, reads) ? candidates[0] : null;
    }

    /// <summary>The method of the one operation of a path item that fails on its own, or null.</summary>
    private static string? Operation(JsonObject item, Func<bool> reads)
    {
        var members = Detach(item);
        try
        {
            var shared = members.FindAll(member => Array.IndexOf(Methods, member.Key) < 0);
            foreach (var member in members)
            {
                if (Array.IndexOf(Methods, member.Key) >= 0 && FailsWith(item, new List<KeyValuePair<string, JsonNode?>>(shared) { member }, reads))
                {
                    return member.Key;
                }
            }

            return null;
        }
        finally
        {
            Restore(item, members);
        }
    }

    private static bool FailsWith(JsonObject owner, List<KeyValuePair<string, JsonNode?>> members, Func<bool> reads)
    {
        Restore(owner, members);
        try
        {
            return !reads();
        }
        finally
        {
            Detach(owner);
        }
    }

    // Members move between an object and a list, never into another object: the source map knows nodes by identity.
    private static List<KeyValuePair<string, JsonNode?>> Detach(JsonObject owner)
    {
        var members = new List<KeyValuePair<string, JsonNode?>>(owner);
        owner.Clear();
        return members;
    }

    private static void Restore(JsonObject owner, List<KeyValuePair<string, JsonNode?>> members)
    {
        owner.Clear();
        foreach (var member in members)
        {
            owner.Add(member.Key, member.Value);
        }
    }
}
