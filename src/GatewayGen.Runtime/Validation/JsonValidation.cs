using System;
using System.Collections.Generic;
using System.Text.Json;

namespace GatewayGen.Runtime;

/// <summary>
/// The state of validating one JSON body: the bytes, the errors so far (recorded by byte offset; pointers are
/// worked out only when a response is written) and whether errors are being recorded at all. Generated
/// validators pass it by reference through one method per schema.
/// </summary>
public ref struct JsonValidation
{
    private readonly ReadOnlySpan<byte> _json;
    private List<(long Offset, string Keyword, string Message)>? _errors;
    private int _silent;

    /// <summary>Starts validating <paramref name="json"/>.</summary>
    public JsonValidation(ReadOnlySpan<byte> json)
    {
        _json = json;
        _errors = null;
        _silent = 0;
    }

    /// <summary>The whole body, for checks that look at a value twice (uniqueItems).</summary>
    public readonly ReadOnlySpan<byte> Json => _json;

    /// <summary>True when a failing check should return at once: inside anyOf/oneOf/not/if (only the verdict matters), or when the cap is reached.</summary>
    public readonly bool ShouldStop => _silent > 0 || (_errors is not null && _errors.Count >= ValidationErrors.Cap);

    /// <summary>True when no error has been recorded.</summary>
    public readonly bool IsValid => _errors is null;

    /// <summary>Stops recording errors: the next checks only decide whether a subschema matches.</summary>
    public void EnterSilent() => _silent++;

    /// <summary>Resumes recording after <see cref="EnterSilent"/>.</summary>
    public void ExitSilent() => _silent--;

    /// <summary>Records that the value starting at <paramref name="offset"/> fails <paramref name="keyword"/>; always returns false.</summary>
    public bool Fail(long offset, string keyword, string message)
    {
        if (_silent == 0 && (_errors is null || _errors.Count < ValidationErrors.Cap))
        {
            (_errors ??= new()).Add((offset, keyword, message));
        }

        return false;
    }

    /// <summary>The recorded errors with their JSON pointers, or null when the body is valid.</summary>
    public readonly ValidationErrors? ToErrors()
    {
        if (_errors is null)
        {
            return null;
        }

        var offsets = new long[_errors.Count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = _errors[i].Offset;
        }

        var pointers = JsonPointers.Locate(_json, offsets);
        var errors = new ValidationErrors();
        for (var i = 0; i < _errors.Count; i++)
        {
            errors.Add(new ValidationError(pointers[i], _errors[i].Keyword, _errors[i].Message));
        }

        return errors;
    }

    /// <summary>Reader options for bodies: comments and trailing commas are errors, as in RFC 8259; nesting is bounded.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
}
