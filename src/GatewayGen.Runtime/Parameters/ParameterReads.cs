namespace GatewayGen.Runtime;

/// <summary>
/// The usual parameter reads in one call each, so a handler spends a line per parameter rather than a dozen (on
/// GitHub's 814 operations that is a quarter of the generated code and of its compile time). Each returns true when
/// the value is there and parses, which is when the generated constraint checks run; otherwise it records the
/// 400 error in the handler's error list.
/// </summary>
public static class ParameterReads
{
    /// <summary>A required parameter of type string: missing is an error.</summary>
    public static bool RequiredText(string? raw, string name, string location, ref ValidationErrors? errors, out string value)
    {
        value = raw ?? "";
        if (raw is null)
        {
            errors = GatewayErrors.MissingParameter(errors, name, location);
            return false;
        }

        return true;
    }

    /// <summary>A required parameter of a value type: missing, or text that does not parse, is an error.</summary>
    public static bool Required<T>(string? raw, ParameterParsers.Parser<T> parse, string name, string location, string expected, ref ValidationErrors? errors, out T value)
        where T : struct
    {
        if (raw is null)
        {
            value = default;
            errors = GatewayErrors.MissingParameter(errors, name, location);
            return false;
        }

        if (!parse(raw, out value))
        {
            errors = GatewayErrors.InvalidParameter(errors, name, location, "type", raw, expected);
            return false;
        }

        return true;
    }

    /// <summary>An optional parameter of a value type: null when absent; text that does not parse is an error.</summary>
    public static bool Optional<T>(string? raw, ParameterParsers.Parser<T> parse, string name, string location, string expected, ref ValidationErrors? errors, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : struct
    {
        value = null;
        if (raw is null)
        {
            return false;
        }

        if (!parse(raw, out var parsed))
        {
            errors = GatewayErrors.InvalidParameter(errors, name, location, "type", raw, expected);
            return false;
        }

        value = parsed;
        return true;
    }
}
