using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>One thing wrong with a request.</summary>
/// <param name="Location">Where: a JSON pointer into the body ("/pets/0/name"), or "query.limit" for a parameter.</param>
/// <param name="Keyword">The schema keyword that failed ("type", "minimum", "required", ...).</param>
/// <param name="Message">A plain sentence for the caller.</param>
public sealed record ValidationError(string Location, string Keyword, string Message);

/// <summary>
/// The errors found in one request, up to <see cref="Cap"/>. Created on the first error only, so a valid
/// request allocates nothing for it.
/// </summary>
public sealed class ValidationErrors
{
    /// <summary>How many errors one response lists at most.</summary>
    public const int Cap = 50;

    private readonly List<ValidationError> _errors = new();

    /// <summary>The errors, in the order they were found.</summary>
    public IReadOnlyList<ValidationError> Items => _errors;

    /// <summary>True once <see cref="Cap"/> errors are recorded; validation stops there.</summary>
    public bool IsFull => _errors.Count >= Cap;

    /// <summary>Records an error unless the cap is reached.</summary>
    public void Add(ValidationError error)
    {
        if (!IsFull)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Adds to <paramref name="errors"/>, creating it on first use; returns it.</summary>
    public static ValidationErrors Add(ValidationErrors? errors, string location, string keyword, string message)
    {
        errors ??= new ValidationErrors();
        errors.Add(new ValidationError(location, keyword, message));
        return errors;
    }
}
