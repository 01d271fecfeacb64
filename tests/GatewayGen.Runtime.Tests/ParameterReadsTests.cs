using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests;

/// <summary>The one-call parameter reads the generated handlers use: what a client gets back for each case.</summary>
public sealed class ParameterReadsTests
{
    [Fact]
    public void A_required_value_that_is_missing_or_unparsable_is_an_error_naming_the_parameter()
    {
        ValidationErrors? errors = null;

        Assert.False(ParameterReads.Required(null, ParameterParsers.TryParseInt32, "limit", "query", "an integer (int32)", ref errors, out int missing));
        Assert.False(ParameterReads.Required("ten", ParameterParsers.TryParseInt32, "limit", "query", "an integer (int32)", ref errors, out int _));
        Assert.True(ParameterReads.Required("10", ParameterParsers.TryParseInt32, "limit", "query", "an integer (int32)", ref errors, out int ten));

        Assert.Equal(0, missing);
        Assert.Equal(10, ten);
        Assert.Collection(
            errors!.Items,
            e => Assert.Equal(("query.limit", "required", "Missing required request parameter 'limit' in query."), (e.Location, e.Keyword, e.Message)),
            e => Assert.Equal(("query.limit", "type", "Invalid value 'ten' for query parameter 'limit': expected an integer (int32)."), (e.Location, e.Keyword, e.Message)));
    }

    [Fact]
    public void An_optional_value_is_null_when_absent_and_an_error_only_when_unparsable()
    {
        ValidationErrors? errors = null;

        Assert.False(ParameterReads.Optional(null, ParameterParsers.TryParseBoolean, "dry", "query", "true or false", ref errors, out bool? absent));
        Assert.Null(errors);
        Assert.Null(absent);

        Assert.False(ParameterReads.Optional("maybe", ParameterParsers.TryParseBoolean, "dry", "query", "true or false", ref errors, out bool? invalid));
        Assert.Null(invalid);
        Assert.Equal("type", Assert.Single(errors!.Items).Keyword);

        Assert.True(ParameterReads.Optional("true", ParameterParsers.TryParseBoolean, "dry", "query", "true or false", ref errors, out bool? present));
        Assert.True(present);
    }

    [Fact]
    public void A_required_text_is_missing_only_when_absent()
    {
        ValidationErrors? errors = null;

        Assert.True(ParameterReads.RequiredText("", "owner", "path", ref errors, out var empty));
        Assert.False(ParameterReads.RequiredText(null, "owner", "path", ref errors, out var missing));

        Assert.Equal("", empty);
        Assert.Equal("", missing);
        Assert.Equal("path.owner", Assert.Single(errors!.Items).Location);
    }
}
