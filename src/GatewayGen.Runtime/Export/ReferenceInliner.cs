using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace GatewayGen.Runtime;

/// <summary>
/// Makes a document that refers to other files one document, as an export must be: every $ref to another embedded
/// file (or to a place in one) is replaced by a copy of its target, whose own references, "#/..." included, are read
/// against the file it came from. A chain that leads back into a copy being made (a recursive schema across files) is
/// where a copy goes into components/schemas (definitions in Swagger 2.0) instead, under a fresh name, and is referred
/// to there, as the generator bundles it. What cannot be inlined is refused with the reference named, never dropped:
/// a reference to a file the binary lacks or to nothing, and copies past a size budget.
/// </summary>
internal sealed class ReferenceInliner
{
    private readonly string _rootPath;
    private readonly IReadOnlyDictionary<string, string> _files;
    private readonly Dictionary<string, JsonNode?> _trees = new(StringComparer.Ordinal);
    private readonly List<string> _copying = new(); // "file#pointer" of the copies being resolved, outermost first
    private readonly Dictionary<string, string> _hoisted = new(StringComparer.Ordinal); // "file#pointer" -> local $ref
    private JsonNode? _root;
    private readonly long _budget;
    private long _copied;

    private ReferenceInliner(string rootPath, IReadOnlyDictionary<string, string> files)
    {
        _rootPath = rootPath;
        _files = files;
        _budget = Math.Max(250_000, files.Values.Sum(text => (long)text.Length));
    }

    /// <summary>How many references to other files were inlined.</summary>
    public int Inlined { get; private set; }

    /// <summary>Inlines every reference to another file in <paramref name="root"/> (the document at <paramref name="rootPath"/>).</summary>
    public static JsonNode? Inline(JsonNode? root, string rootPath, IReadOnlyDictionary<string, string> files, out int inlined)
    {
        var inliner = new ReferenceInliner(rootPath, files) { _root = root };
        var result = inliner.Resolve(root, rootPath, 0);
        inlined = inliner.Inlined;
        return result;
    }

    /// <summary>Any $ref in the text that is not "#..." (a cheap test before any walk).</summary>
    public static bool MayReferToOtherFiles(JsonNode? root) => root switch
    {
        JsonObject fields => fields.Any(field => field.Key == "$ref" && field.Value is JsonValue value && value.TryGetValue<string>(out var target) && !target.StartsWith('#')
                                                 || MayReferToOtherFiles(field.Value)),
        JsonArray items => items.Any(MayReferToOtherFiles),
        _ => false,
    };

    private JsonNode? Resolve(JsonNode? node, string file, int depth)
    {
        if (depth > 1000)
        {
            throw new ExportException(422, $"The references from {file} nest too deeply to be inlined into one document.");
        }

        switch (node)
        {
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Replace(items, i, Resolve(items[i], file, depth + 1));
                }

                return items;
            case JsonObject fields when fields["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference)
                                       && (!reference.StartsWith('#') || file != _rootPath):
                return Follow(fields, reference, file, depth);
            case JsonObject fields:
                foreach (var key in fields.Select(field => field.Key).ToList())
                {
                    // Extensions, examples and enums are values, whatever "$ref" keys they hold.
                    if (!key.StartsWith("x-", StringComparison.Ordinal) && key is not ("example" or "enum" or "default" or "const"))
                    {
                        var resolved = Resolve(fields[key], file, depth + 1);
                        if (!ReferenceEquals(resolved, fields[key]))
                        {
                            fields[key] = resolved;
                        }
                    }
                }

                return fields;
            default:
                return node;
        }
    }

    private JsonNode? Follow(JsonObject referring, string reference, string file, int depth)
    {
        var hash = reference.IndexOf('#');
        var targetPath = hash == 0 ? file : Combine(file, hash < 0 ? reference : reference.Substring(0, hash));
        var pointer = hash < 0 ? "" : Uri.UnescapeDataString(reference.Substring(hash + 1));
        if (targetPath == _rootPath)
        {
            // Back into the exported document itself: a local reference again.
            referring["$ref"] = "#" + reference.Substring(hash < 0 ? reference.Length : hash + 1);
            return referring;
        }

        var key = targetPath + "#" + pointer;
        if (reference.Contains("://", StringComparison.Ordinal) || !_files.ContainsKey(targetPath))
        {
            throw new ExportException(422, $"{file} refers to '{reference}', which is not among the documents in this binary, so it cannot be inlined.");
        }

        if (_hoisted.TryGetValue(key, out var local) || _copying.Contains(key) && (local = Hoist(key, targetPath, pointer, depth)) is not null)
        {
            referring["$ref"] = local;
            return referring;
        }

        var target = Locate(Tree(targetPath), pointer) ?? throw new ExportException(422, $"{file} refers to '{reference}', which does not exist.");
        var copy = target.DeepClone();
        _copied += Count(copy);
        if (_copied > _budget)
        {
            throw new ExportException(422, $"Inlining the references to other files would copy more than {_budget} nodes; this document cannot be exported as one file.");
        }

        // $ref's siblings (a description beside it) stay, over the target's own.
        if (copy is JsonObject copied)
        {
            foreach (var (name, sibling) in referring.Where(field => field.Key != "$ref").ToList())
            {
                copied[name] = sibling?.DeepClone();
            }
        }

        Inlined++;
        _copying.Add(key);
        var resolved = Resolve(copy, targetPath, depth + 1);
        _copying.RemoveAt(_copying.Count - 1);
        return resolved;
    }

    // A recursive schema: one copy in the document's schemas, under a fresh name, referred to from wherever it recurs.
    private string Hoist(string key, string targetPath, string pointer, int depth)
    {
        var root = _root as JsonObject ?? throw new ExportException(422, $"'{key}' recurs, and the document has no place for schemas.");
        var swagger = root["swagger"] is not null;
        var schemas = swagger ? Child(root, "definitions") : Child(Child(root, "components"), "schemas");
        var name = pointer.Length > 0 ? pointer.Substring(pointer.LastIndexOf('/') + 1) : System.IO.Path.GetFileNameWithoutExtension(targetPath);
        var unique = name;
        for (var n = 2; schemas.ContainsKey(unique); n++)
        {
            unique = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var local = (swagger ? "#/definitions/" : "#/components/schemas/") + unique.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
        _hoisted[key] = local;
        schemas[unique] = null; // the name is taken before resolving, which may hoist others
        _copying.Add(key);
        schemas[unique] = Resolve(Locate(Tree(targetPath), pointer)!.DeepClone(), targetPath, depth + 1);
        _copying.RemoveAt(_copying.Count - 1);
        return local;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            parent[name] = child = new JsonObject();
        }

        return child;
    }

    private JsonNode? Tree(string path)
    {
        if (!_trees.TryGetValue(path, out var tree))
        {
            try
            {
                _trees[path] = tree = DocumentText.Read(path, _files[path]);
            }
            catch (Exception exception) when (exception is YamlDotNet.Core.YamlException or System.Text.Json.JsonException)
            {
                throw new ExportException(500, $"{path} could not be read back: {exception.Message}");
            }
        }

        return tree;
    }

    private static void Replace(JsonArray items, int index, JsonNode? resolved)
    {
        if (!ReferenceEquals(resolved, items[index]))
        {
            items[index] = resolved;
        }
    }

    private static JsonNode? Locate(JsonNode? node, string pointer)
    {
        if (pointer.Length == 0)
        {
            return node;
        }

        foreach (var raw in pointer.TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject fields => fields[segment],
                JsonArray items when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < items.Count => items[index],
                _ => null,
            };
        }

        return node;
    }

    private static long Count(JsonNode? node) => node switch
    {
        JsonObject fields => 1 + fields.Sum(field => Count(field.Value)),
        JsonArray items => 1 + items.Sum(Count),
        _ => 1,
    };

    /// <summary>"paths/order.yaml" from "store.openapi.yaml" and "../shared/x.yaml" from "paths/order.yaml", as project-relative paths.</summary>
    internal static string Combine(string from, string relative)
    {
        var segments = from.Split('/').SkipLast(1).ToList();
        foreach (var segment in relative.Replace('\\', '/').Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0 && segments[^1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else
                {
                    segments.Add("..");
                }
            }
            else if (segment is not ("." or ""))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }
}
