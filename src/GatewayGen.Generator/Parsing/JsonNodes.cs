using System.Globalization;
using System.Text.Json.Nodes;

namespace GatewayGen.Generator.Parsing;

/// <summary>Small, forgiving reads of extension values (which Microsoft.OpenApi leaves as raw JSON).</summary>
internal static class JsonNodes
{
    public static string? GetString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A scalar as text: strings as they are, numbers and booleans in invariant form.</summary>
    public static string? GetScalarText(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (value.TryGetValue<bool>(out var flag))
        {
            return flag ? "true" : "false";
        }

        return value.ToJsonString();
    }

    /// <summary>True only for the JSON boolean true.</summary>
    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static bool TryGetInt32(JsonNode? node, out int result)
    {
        result = 0;
        if (node is not JsonValue value)
        {
            return false;
        }

        if (value.TryGetValue<long>(out var integer) && integer is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)integer;
            return true;
        }

        if (value.TryGetValue<decimal>(out var exact) && exact == decimal.Truncate(exact) && exact is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)exact;
            return true;
        }

        return value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>The JSON text of a node, for examples and static bodies.</summary>
    public static string ToJson(JsonNode? node) => node?.ToJsonString() ?? "null";
}
