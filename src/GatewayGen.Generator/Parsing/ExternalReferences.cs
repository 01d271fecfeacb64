using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// Brings a multi-file document into one tree before anything reads it, the way `redocly bundle` does: a $ref
/// to another file ("models/droplet.yml", "../shared/responses.yml#/not_found", or "#/x" inside such a file) is
/// resolved against the project's other AdditionalFiles by path relative to the referring file. Schemas are
/// copied once into components/schemas (definitions in Swagger 2.0) under a fresh name and referenced there, so
/// recursive schemas stay references; everything else (path items, operations, parameters, responses) is
/// copied in place of its $ref, which also covers operations written as $refs, which the OpenAPI reader refuses.
/// Copies keep their positions in their own file, so a diagnostic about them points into that file. Copying is
/// bounded (GG0033): all copies together hold at most <see cref="CopyBudget"/> nodes, and a reference is followed
/// only above <see cref="YamlJsonConverter.MaxDepth"/> levels of walking.
/// </summary>
internal sealed class ExternalReferences
{
    private readonly ParseContext _context;
    private readonly LoadedFile _root;
    private readonly Dictionary<string, ReferencedFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoadedFile?> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schemaNames = new(StringComparer.Ordinal); // "path#fragment" -> name
    private readonly HashSet<JsonNode> _walked = new(SourceMap.ReferenceComparer.Instance);
    private readonly HashSet<JsonNode> _inlining = new(SourceMap.ReferenceComparer.Instance);
    private readonly Dictionary<JsonNode, JsonNode> _replacements = new(SourceMap.ReferenceComparer.Instance);
    private JsonObject? _schemaHome;
    private string _schemaHomePointer = "";
    private readonly long _copyBudget;
    private long _copied;
    private int _depth; // nested Walk calls: the tree's levels plus the references followed on the way

    private ExternalReferences(ParseContext context, EquatableArray<ReferencedFile> files)
    {
        _context = context;
        _root = new LoadedFile(FullPath(context.Document.Path), context.Map);
        var length = (long)context.Document.Text.Length;
        foreach (var file in files)
        {
            _files[FullPath(file.Path)] = file;
            length += file.Text.Length;
        }

        _copyBudget = CopyBudget(length);
    }

    /// <summary>
    /// How many nodes the copies of other files' content may hold: one per character of all the files, at least
    /// 250,000. DigitalOcean's 2.7 million characters copy 281,000 nodes (a shared header copied into every
    /// response); references that multiply (a -> b, b; b -> c, c) reach any budget within a few dozen levels.
    /// </summary>
    public static long CopyBudget(long length) => Math.Max(250_000, length);

    private enum Kind
    {
        /// <summary>Values to leave alone: extensions, enums, defaults.</summary>
        Data,

        /// <summary>An example value: only a $ref to another file is followed (DigitalOcean keeps examples apart).</summary>
        Example,

        /// <summary>An OpenAPI object (or a list of them), whose x- members are extensions.</summary>
        Document,

        /// <summary>A map of OpenAPI objects by user-chosen names (headers, responses, content), "x-..." included.</summary>
        DocumentMap,
        Schema,
        SchemaMap,
        SchemaList,
        Items,
    }

    /// <summary>Rewrites the document's tree (and its source map) so no $ref leaves the document.</summary>
    public static void Resolve(ParseContext context, EquatableArray<ReferencedFile> files)
    {
        if (context.Root is JsonObject && HasExternalReference(context.Document.Text))
        {
            var references = new ExternalReferences(context, files);
            references.Walk(context.Root, references._root, Kind.Document);
        }
    }

    /// <summary>
    /// Whether any $ref in the text might leave the document (its value does not start with '#'). Most documents
    /// have none, and this scan is far cheaper than walking a 4 MB tree; anything unusual counts as a yes.
    /// </summary>
    internal static bool HasExternalReference(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("$ref", at, StringComparison.Ordinal)) >= 0)
        {
            at += 4;
            var next = at;
            if (next < text.Length && text[next] is '"' or '\'')
            {
                next++;
            }

            while (next < text.Length && text[next] is ' ' or '\t' or ':')
            {
                next++;
            }

            if (next < text.Length && text[next] is '"' or '\'')
            {
                next++;
            }

            if (next >= text.Length || text[next] != '#')
            {
                return true;
            }
        }

        return false;
    }

    private JsonNode? Walk(JsonNode? node, LoadedFile file, Kind kind)
    {
        if (node is null or JsonValue || kind == Kind.Data)
        {
            return node;
        }

        if (!_walked.Add(node))
        {
            return _replacements.TryGetValue(node, out var replacement) ? replacement : node;
        }

        _depth++;
        try
        {
            return WalkNew(node, file, kind);
        }
        finally
        {
            _depth--;
        }
    }

    private JsonNode WalkNew(JsonNode node, LoadedFile file, Kind kind)
    {

        switch (kind)
        {
            // A $ref in place of an OpenAPI object or of a whole map (DigitalOcean writes "properties: {$ref: ...}").
            case Kind.Example or Kind.Document or Kind.DocumentMap or Kind.SchemaMap when node is JsonObject obj && ReferenceOf(obj) is { } reference:
                return Inline(obj, reference, file, kind);
            case Kind.Document when node is JsonObject obj:
                WalkMembers(obj, file, DocumentMember);
                break;
            case Kind.DocumentMap or Kind.SchemaMap when node is JsonObject map:
                WalkMembers(map, file, kind == Kind.DocumentMap ? DocumentValues : SchemaValues);
                break;
            case Kind.Document or Kind.DocumentMap when node is JsonArray array:
                WalkItems(array, file, Kind.Document);
                break;
            case Kind.Schema or Kind.Items when node is JsonObject schema:
                if (ChangesBase(schema))
                {
                    break; // below an $id, relative references are URIs against it: the schema compiler's to resolve
                }

                if (ReferenceOf(schema) is { } schemaReference && SchemaReference(schemaReference, file, schema, "$ref") is { } rewritten)
                {
                    if (rewritten.Length == 0)
                    {
                        schema.Remove("$ref"); // reported as GG0029; an open schema keeps the rest from failing on it again
                    }
                    else
                    {
                        schema["$ref"] = rewritten;
                    }
                }

                WalkMembers(schema, file, SchemaMember);
                if (schema["discriminator"] is JsonObject { } discriminator && discriminator["mapping"] is JsonObject mapping)
                {
                    RewriteMapping(mapping, file);
                }

                break;
            case Kind.SchemaList or Kind.Items when node is JsonArray list:
                WalkItems(list, file, Kind.Schema);
                break;
        }

        return node;
    }

    private void WalkMembers(JsonObject obj, LoadedFile file, Func<string, Kind> kindOf)
    {
        List<KeyValuePair<string, JsonNode?>>? replaced = null;
        foreach (var member in new List<KeyValuePair<string, JsonNode?>>(obj)) // a walk may add schemas to this very map
        {
            var result = Walk(member.Value, file, kindOf(member.Key));
            if (!ReferenceEquals(result, member.Value))
            {
                (replaced ??= new()).Add(new(member.Key, result));
            }
        }

        foreach (var member in replaced ?? new())
        {
            obj[member.Key] = member.Value;
        }
    }

    private void WalkItems(JsonArray array, LoadedFile file, Kind kind)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var result = Walk(item, file, kind);
            if (!ReferenceEquals(result, item))
            {
                array[i] = result;
            }
        }
    }

    private static readonly Func<string, Kind> DocumentValues = static _ => Kind.Document;

    private static readonly Func<string, Kind> SchemaValues = static _ => Kind.Schema;

    /// <summary>What an OpenAPI object's member holds: more OpenAPI objects, schemas, or data to leave alone.</summary>
    private static Kind DocumentMember(string key) => key switch
    {
        "schema" => Kind.Schema,
        "schemas" or "definitions" => Kind.SchemaMap,
        "example" or "value" => Kind.Example,
        "paths" or "webhooks" or "responses" or "parameters" or "headers" or "content" or "encoding" or "examples" or "links" or
            "callbacks" or "requestBodies" or "securitySchemes" or "pathItems" or "variables" => Kind.DocumentMap,
        _ when key.StartsWith("x-", StringComparison.Ordinal) => Kind.Data,
        _ => Kind.Document,
    };

    /// <summary>What a schema's member holds: subschemas by JSON Schema's keywords, otherwise data.</summary>
    private static Kind SchemaMember(string key) => key switch
    {
        "properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas" or "dependencies" => Kind.SchemaMap,
        "allOf" or "anyOf" or "oneOf" or "prefixItems" => Kind.SchemaList,
        "items" => Kind.Items,
        "example" => Kind.Example,
        "additionalProperties" or "additionalItems" or "not" or "if" or "then" or "else" or "contains" or "propertyNames" or
            "unevaluatedItems" or "unevaluatedProperties" or "contentSchema" => Kind.Schema,
        _ => Kind.Data,
    };

    /// <summary>An OpenAPI object given as a $ref to another file: a copy of its target takes its place.</summary>
    private JsonNode Inline(JsonObject reference, string text, LoadedFile file, Kind kind)
    {
        if (!TryTarget(text, file, out var path, out var fragment) || kind == Kind.Example && (path == file.Path || !_files.ContainsKey(path)))
        {
            return reference; // in an example, "$ref" is data unless it names one of the project's files
        }

        if (path == _root.Path)
        {
            if (!ReferenceEquals(file, _root))
            {
                reference["$ref"] = "#" + fragment; // back into the document: the reader resolves it there
            }

            return reference;
        }

        if (TooDeep(reference, "$ref", text, file) || Find(path, fragment, reference, "$ref", text, file) is not { } target)
        {
            return reference;
        }

        if (!_inlining.Add(target.Node))
        {
            Report(reference, "$ref", text, file, "it leads back to itself without passing through a schema");
            return reference;
        }

        var resolved = Walk(target.Node, target.File, kind == Kind.Example ? Kind.Data : kind);
        _inlining.Remove(target.Node);
        if (!MayCopy(resolved, reference, "$ref", text, file))
        {
            return reference;
        }

        var copy = file.Map!.Copy(resolved, target.File.Map!)!;
        MarkWalked(copy);
        _replacements[reference] = copy;
        return copy;
    }

    /// <summary>
    /// The local form of a schema reference: "#/..." when it leads back into the document, or the name under which
    /// its target is copied into the document's schemas. Null leaves the reference as it is (already local or
    /// remote); empty means it does not resolve (reported).
    /// </summary>
    private string? SchemaReference(string text, LoadedFile file, JsonObject owner, string key)
    {
        if (!TryTarget(text, file, out var path, out var fragment))
        {
            return null;
        }

        if (path == _root.Path)
        {
            return ReferenceEquals(file, _root) ? null : "#" + fragment;
        }

        var address = path + "#" + fragment;
        if (!_schemaNames.TryGetValue(address, out var name))
        {
            if (TooDeep(owner, key, text, file) || Find(path, fragment, owner, key, text, file) is not { } target)
            {
                return "";
            }

            if (SchemaHome() is not { } home)
            {
                return null;
            }

            // The name is taken before walking the target, so a schema that refers to itself finds it.
            name = FreshName(home, path, fragment);
            _schemaNames.Add(address, name);
            home.Add(name, null);
            var resolved = Walk(target.Node, target.File, Kind.Schema);
            var copy = MayCopy(resolved, owner, key, text, file) ? _root.Map!.Copy(resolved, target.File.Map!) : new JsonObject();
            MarkWalked(copy);
            home[name] = copy;
            if (target.File.Map!.SpanOf("#" + fragment) is { } span)
            {
                _root.Map!.AddMember(home, name, span);
            }
        }

        return "#" + JsonPointer.Append(_schemaHomePointer, name);
    }

    /// <summary>A discriminator's mapping values are references too ("models/dog.yml"); bare names are left alone.</summary>
    private void RewriteMapping(JsonObject mapping, LoadedFile file)
    {
        List<KeyValuePair<string, string>>? rewritten = null;
        foreach (var member in mapping)
        {
            if (JsonNodes.GetString(member.Value) is { } text && (text.IndexOf('/') >= 0 || text.IndexOf('#') >= 0) &&
                SchemaReference(text, file, mapping, member.Key) is { Length: > 0 } local)
            {
                (rewritten ??= new()).Add(new(member.Key, local));
            }
        }

        foreach (var member in rewritten ?? new())
        {
            mapping[member.Key] = member.Value;
        }
    }

    /// <summary>Where the schemas copied in from other files go: the document's own schema section.</summary>
    private JsonObject? SchemaHome()
    {
        if (_schemaHome is not null)
        {
            return _schemaHome;
        }

        var root = (JsonObject)_root.Map!.Root!;
        var (owner, key) = root.ContainsKey("swagger") ? (root, "definitions") : (Section(root, "components"), "schemas");
        _schemaHomePointer = root.ContainsKey("swagger") ? "/definitions" : "/components/schemas";
        return _schemaHome = owner is null ? null : Section(owner, key);
    }

    private static JsonObject? Section(JsonObject owner, string key)
    {
        if (!owner.TryGetPropertyValue(key, out var section) || section is null)
        {
            section = new JsonObject();
            owner[key] = section;
        }

        return section as JsonObject; // a section that is not an object is the reader's error to report
    }

    /// <summary>"models/droplet.yml" -> droplet; "shared.yml#/Error" -> Error; taken names get a number.</summary>
    private static string FreshName(JsonObject home, string path, string fragment)
    {
        var segments = JsonPointer.Split("#" + fragment);
        var source = segments.Count > 0 ? segments[segments.Count - 1] : System.IO.Path.GetFileNameWithoutExtension(path);
        var name = new StringBuilder(source.Length);
        foreach (var c in source)
        {
            name.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '_' ? c : '_');
        }

        var stem = name.Length > 0 ? name.ToString() : "schema";
        var candidate = stem;
        for (var i = 2; home.ContainsKey(candidate); i++)
        {
            candidate = stem + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private (LoadedFile File, JsonNode Node)? Find(string path, string fragment, JsonObject owner, string key, string text, LoadedFile from)
    {
        var file = Load(path, out var unreadable);
        if (file is null)
        {
            if (!unreadable)
            {
                Report(owner, key, text, from, $"no AdditionalFiles item is at {path}; add the file to the project's AdditionalFiles");
            }

            return null;
        }

        if (JsonPointer.Resolve(file.Map!.Root, "#" + fragment) is not { } node)
        {
            Report(owner, key, text, from, $"{System.IO.Path.GetFileName(path)} has nothing at #{fragment}");
            return null;
        }

        return (file, node);
    }

    private LoadedFile? Load(string path, out bool unreadable)
    {
        unreadable = false;
        if (!_loaded.TryGetValue(path, out var loaded))
        {
            if (_files.TryGetValue(path, out var file))
            {
                var problems = new List<DiagnosticInfo>();
                var map = DocumentLoader.Load(new SpecDocument(file.Path, "", file.Text), problems, out var syntaxError);
                foreach (var problem in problems)
                {
                    _context.Add(problem);
                }

                if (syntaxError is not null)
                {
                    _context.Add(syntaxError);
                }

                loaded = syntaxError is null ? new LoadedFile(path, map) : new LoadedFile(path, null);
            }

            _loaded.Add(path, loaded);
        }

        unreadable = loaded is { Map: null };
        return loaded is { Map: not null } ? loaded : null;
    }

    /// <summary>
    /// The file and JSON pointer a reference leads to, relative to the file it is written in. False for remote
    /// references (http:, urn:), which are left for the reader and the schema compiler to report.
    /// </summary>
    private static bool TryTarget(string reference, LoadedFile file, out string path, out string fragment)
    {
        SchemaUris.Split(reference, out var relative, out var pointer);
        fragment = pointer ?? "";
        if (relative.Length == 0)
        {
            path = file.Path;
            return true;
        }

        path = "";
        if (relative.IndexOf(':') > 1)
        {
            return false;
        }

        var directory = System.IO.Path.GetDirectoryName(file.Path) ?? "";
        path = FullPath(System.IO.Path.Combine(directory, Uri.UnescapeDataString(relative)));
        return true;
    }

    /// <summary>Normalizes "a/b/../c.yml" (no file is touched; relative paths, as in tests, stay relative).</summary>
    private static string FullPath(string path) =>
        System.IO.Path.IsPathRooted(path) ? System.IO.Path.GetFullPath(path) : path.Replace('\\', '/');

    private void Report(JsonObject owner, string key, string text, LoadedFile file, string reason)
    {
        var location = file.Map!.Locate(owner, key);
        _context.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnresolvedExternalReference, location, text, reason));
    }

    /// <summary>Whether following a reference here would walk deeper than a document may nest (reported).</summary>
    private bool TooDeep(JsonObject owner, string key, string text, LoadedFile file)
    {
        if (_depth < YamlJsonConverter.MaxDepth)
        {
            return false;
        }

        Limit(owner, key, text, file, $"following it would take the bundled document more than {YamlJsonConverter.MaxDepth} levels deep");
        return true;
    }

    /// <summary>Whether a copy of <paramref name="node"/> fits in what is left of the copy budget (reported when not).</summary>
    private bool MayCopy(JsonNode? node, JsonObject owner, string key, string text, LoadedFile file)
    {
        var left = _copyBudget - _copied;
        var size = left < 0 ? 1 : CountNodes(node, left + 1);
        if (size <= left)
        {
            _copied += size;
            return true;
        }

        if (_copied <= _copyBudget)
        {
            Limit(owner, key, text, file, $"the copies made of other files' content would hold more than {_copyBudget.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} nodes");
        }

        _copied = _copyBudget + 1; // reported once: every later copy is refused without counting again
        return false;
    }

    /// <summary>The nodes of a tree, counted up to <paramref name="limit"/> at most (so counting is bounded too).</summary>
    private static long CountNodes(JsonNode? root, long limit)
    {
        var count = 0L;
        var pending = new Stack<JsonNode?>();
        pending.Push(root);
        while (pending.Count > 0 && count < limit)
        {
            var node = pending.Pop();
            count++;
            if (node is JsonObject obj)
            {
                foreach (var member in obj)
                {
                    pending.Push(member.Value);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    pending.Push(item);
                }
            }
        }

        return count;
    }

    private void Limit(JsonObject owner, string key, string text, LoadedFile file, string reason)
    {
        var location = file.Map!.Locate(owner, key);
        _context.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReferenceExpansionLimit, location, text, reason));
    }

    private static bool ChangesBase(JsonObject schema) =>
        JsonNodes.GetString(schema["$id"]) is not null || JsonNodes.GetString(schema["id"]) is not null;

    private static string? ReferenceOf(JsonObject obj) =>
        obj.TryGetPropertyValue("$ref", out var value) ? JsonNodes.GetString(value) : null;

    /// <summary>Copies are made of walked nodes, so they are never walked (and rewritten) again.</summary>
    private void MarkWalked(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                _walked.Add(obj);
                foreach (var member in obj)
                {
                    MarkWalked(member.Value);
                }

                break;
            case JsonArray array:
                _walked.Add(array);
                foreach (var item in array)
                {
                    MarkWalked(item);
                }

                break;
        }
    }

    /// <summary>A file's tree and positions; Map is null when the file could not be read (already reported).</summary>
    private sealed record LoadedFile(string Path, SourceMap? Map);
}
