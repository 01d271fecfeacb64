using System.Collections.Generic;

namespace GatewayGen.Generator.Model;

/// <summary>
/// Finds schemas that validate alike, so each shape gets one validator method: GitHub's request bodies compile
/// to 1,338 schemas of fewer than 576 shapes. Partition refinement: schemas with equal keywords whose subschemas are
/// (so far) alike are alike, and a bare $ref is its target; repeated until nothing new merges. After the first round
/// ids only fall, so it ends. Recursive schemas merge only with themselves, which is safe.
/// </summary>
internal static class SchemaSharing
{
    /// <summary>For each schema, the id of a schema that validates exactly like it (the lowest, or a $ref's target).</summary>
    public static int[] Find(IReadOnlyList<SchemaNode> nodes)
    {
        var shared = new int[nodes.Count];
        for (var id = 0; id < shared.Length; id++)
        {
            shared[id] = id;
        }

        while (true)
        {
            var byShape = new Dictionary<SchemaNode, int>();
            var next = new int[shared.Length];
            var changed = false;
            for (var id = 0; id < shared.Length; id++)
            {
                int first;
                if (nodes[id] is { IsRefOnly: true, Ref: { } target })
                {
                    first = shared[target]; // {"$ref": x} validates as x does (in-place cycles are already broken)
                }
                else
                {
                    var shape = nodes[id].MapSubschemas(child => shared[child]) with { Id = 0, Pointer = "" };
                    if (!byShape.TryGetValue(shape, out first))
                    {
                        first = id;
                        byShape.Add(shape, id);
                    }
                }

                next[id] = first;
                changed |= first != shared[id];
            }

            shared = next;
            if (!changed)
            {
                return shared;
            }
        }
    }
}
