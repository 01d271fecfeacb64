using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.BinaryMedia;

/// <summary>AWS's "Content type conversions in API Gateway" tables, row by row.</summary>
public sealed class PayloadConversionsTests
{
    private static readonly BinaryMediaTypes Types = new(new[] { "image/*" });

    [Theory]
    // binaryMediaTypes undefined: every payload is text
    [InlineData(false, false, false, ContentHandling.Passthrough, PayloadConversion.None)]
    [InlineData(false, false, false, ContentHandling.ConvertToBinary, PayloadConversion.FromBase64)]
    [InlineData(false, false, false, ContentHandling.ConvertToText, PayloadConversion.None)]
    // set with matching media types
    [InlineData(true, false, false, ContentHandling.Passthrough, PayloadConversion.None)]
    [InlineData(true, false, false, ContentHandling.ConvertToBinary, PayloadConversion.FromBase64)]
    [InlineData(true, false, false, ContentHandling.ConvertToText, PayloadConversion.None)]
    [InlineData(true, false, true, ContentHandling.Passthrough, PayloadConversion.FromBase64)]
    [InlineData(true, false, true, ContentHandling.ConvertToBinary, PayloadConversion.FromBase64)]
    [InlineData(true, false, true, ContentHandling.ConvertToText, PayloadConversion.None)]
    [InlineData(true, true, false, ContentHandling.Passthrough, PayloadConversion.ToBase64)]
    [InlineData(true, true, false, ContentHandling.ConvertToBinary, PayloadConversion.None)]
    [InlineData(true, true, false, ContentHandling.ConvertToText, PayloadConversion.ToBase64)]
    [InlineData(true, true, true, ContentHandling.Passthrough, PayloadConversion.None)]
    [InlineData(true, true, true, ContentHandling.ConvertToBinary, PayloadConversion.None)]
    [InlineData(true, true, true, ContentHandling.ConvertToText, PayloadConversion.ToBase64)]
    public void A_method_response_is_converted_as_the_response_table_says(bool typesSet, bool binaryPayload, bool binaryAccept, ContentHandling handling, PayloadConversion expected) =>
        Assert.Equal(expected, PayloadConversions.ForResponse(handling, typesSet ? Types : null, binaryPayload, binaryAccept));

    [Theory]
    [InlineData(false, ContentHandling.Passthrough, PayloadConversion.None)]
    [InlineData(false, ContentHandling.ConvertToBinary, PayloadConversion.FromBase64)]
    [InlineData(false, ContentHandling.ConvertToText, PayloadConversion.None)]
    [InlineData(true, ContentHandling.Passthrough, PayloadConversion.None)]
    [InlineData(true, ContentHandling.ConvertToBinary, PayloadConversion.None)]
    [InlineData(true, ContentHandling.ConvertToText, PayloadConversion.ToBase64)]
    public void An_integration_request_is_converted_as_the_request_table_says(bool binaryPayload, ContentHandling handling, PayloadConversion expected) =>
        Assert.Equal(expected, PayloadConversions.ForRequest(handling, binaryPayload));

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("IMAGE/PNG; q=1", true)]
    [InlineData("text/plain", false)]
    [InlineData("image", false)]
    public void Media_types_match_the_list_with_its_wildcards_and_without_parameters(string mediaType, bool binary) =>
        Assert.Equal(binary, Types.Matches(mediaType));

    [Fact]
    public void Base64_converts_both_ways_and_text_that_is_not_base64_is_null()
    {
        var bytes = new byte[] { 0, 1, 2, 250, 251, 252, 253 };
        var text = PayloadConversions.Apply(PayloadConversion.ToBase64, bytes)!;

        Assert.Equal(System.Convert.ToBase64String(bytes), System.Text.Encoding.ASCII.GetString(text));
        Assert.Equal(bytes, PayloadConversions.Apply(PayloadConversion.FromBase64, text));
        Assert.Equal(bytes, PayloadConversions.Apply(PayloadConversion.FromBase64, System.Text.Encoding.ASCII.GetBytes("AAEC\r\n+vv8/Q==")));
        Assert.Null(PayloadConversions.Apply(PayloadConversion.FromBase64, "not base64"u8));
    }
}
