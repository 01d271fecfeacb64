using System.Text.Json;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>StyledParameters.ValidateScalar: a scalar's text read as each JSON value its schema's types allow, valid when one reading is.</summary>
public sealed class ComposedScalarTests
{
    // Stands in for a generated anyOf [number, true, "auto"] validator.
    private static bool NumberTrueOrAuto(ref Utf8JsonReader reader, ref JsonValidation validation) =>
        reader.TokenType is JsonTokenType.Number or JsonTokenType.True || (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("auto"u8)) ||
        validation.Fail(reader.TokenStartIndex, "anyOf", "The value matches none of the anyOf schemas.");

    private static StyledParameter Level(JsonTypes types) => new("level", "query") { ScalarTypes = types, Validator = NumberTrueOrAuto };

    [Theory]
    [InlineData("5", JsonTypes.Integer | JsonTypes.String)]
    [InlineData("-1.5e3", JsonTypes.Number)]
    [InlineData("auto", JsonTypes.Integer | JsonTypes.String)]
    [InlineData("TRUE", JsonTypes.Boolean | JsonTypes.String)]
    public void A_value_one_reading_satisfies_passes(string text, JsonTypes types)
    {
        ValidationErrors? errors = null;

        StyledParameters.ValidateScalar(text, Level(types), ref errors);

        Assert.Null(errors);
    }

    [Theory]
    [InlineData("abc", JsonTypes.Integer | JsonTypes.String)]
    [InlineData("5", JsonTypes.String)] // a string schema reads "5" as text, never as a number
    [InlineData("5", JsonTypes.None)] // no type named: text
    [InlineData("true", JsonTypes.String)]
    [InlineData("01", JsonTypes.Integer)] // not a JSON number: read as the string it is, which fails
    public void A_value_no_reading_satisfies_is_one_error_naming_the_parameter(string text, JsonTypes types)
    {
        ValidationErrors? errors = null;

        StyledParameters.ValidateScalar(text, Level(types), ref errors);

        var error = Assert.Single(Assert.IsType<ValidationErrors>(errors).Items);
        Assert.Equal("query.level", error.Location);
        Assert.Equal("anyOf", error.Keyword);
        Assert.StartsWith("query parameter 'level': ", error.Message);
    }

    [Fact]
    public void An_absent_value_is_not_checked()
    {
        ValidationErrors? errors = null;

        StyledParameters.ValidateScalar(null, Level(JsonTypes.String), ref errors);

        Assert.Null(errors);
    }
}
