using System;
using System.Buffers;
using System.Linq;
using System.Text;
using GatewayGen.Runtime;
using Xunit;

namespace GatewayGen.Runtime.Tests.Forms;

/// <summary>Forms read into the JSON their schema is checked against: coercion, encodings, and broken multipart bodies.</summary>
public sealed class FormBodyTests
{
    private static readonly SchemaValidator AcceptsAll = (ref System.Text.Json.Utf8JsonReader reader, ref JsonValidation v) =>
    {
        reader.Skip();
        return true;
    };

    private static readonly FormShape Text = FormShape.Of(JsonTypes.String);
    private static readonly FormShape Integer = FormShape.Of(JsonTypes.Integer);

    // A Stripe-like schema: amount integer, capture boolean, currency string, expand string[], metadata {string}, items [{price, quantity}].
    private static FormSchema Charge()
    {
        var shapes = FormShape.Create(4);
        var (metadata, item, items, root) = (shapes[0], shapes[1], shapes[2], shapes[3]);
        metadata.Define(JsonTypes.Object | JsonTypes.String, false, null, Text);
        item.Define(JsonTypes.Object, false, null, null, ("price", Text), ("quantity", Integer));
        items.Define(JsonTypes.Array, false, item, null);
        root.Define(JsonTypes.Object, false, null, null,
            ("amount", Integer), ("capture", FormShape.Of(JsonTypes.Boolean)), ("currency", Text), ("ratio", FormShape.Of(JsonTypes.Number | JsonTypes.Null)),
            ("expand", FormShape.Of(JsonTypes.Array, Text)), ("metadata", metadata), ("items", items),
            ("tags", FormShape.Of(JsonTypes.Array, Integer)), ("pipes", FormShape.Of(JsonTypes.Array, Text)), ("cells", FormShape.Of(JsonTypes.Array, Integer)),
            ("point", FormShape.Of(JsonTypes.Object, null, ("x", Integer), ("y", Integer))),
            ("meta", FormShape.Of(JsonTypes.Object, null, ("a", Integer))),
            ("file", new FormShape().Define(JsonTypes.String, true, null, null)));
        return new FormSchema(AcceptsAll, root,
            new FormField("expand", FormStyle.DeepObject, true),
            new FormField("metadata", FormStyle.DeepObject, true),
            new FormField("items", FormStyle.DeepObject, true),
            new FormField("tags", FormStyle.Form, false),
            new FormField("pipes", FormStyle.PipeDelimited, false),
            new FormField("cells", FormStyle.TabDelimited, false),
            new FormField("point", FormStyle.Form, false),
            new FormField("file", FormStyle.Content, false, new[] { "image/png", "image/jpeg" }));
    }

    private static (string? Json, ValidationErrors? Errors) Read(string body, string contentType = "application/x-www-form-urlencoded")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var pooled = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(pooled, 0);
        using var request = RequestBody.Own(pooled, bytes.Length);
        var json = new ArrayBufferWriter<byte>();
        var errors = FormBodyValidator.ToJson(request, contentType, Charge(), json);
        return (errors is null ? Encoding.UTF8.GetString(json.WrittenSpan) : null, errors);
    }

    [Fact]
    public void Field_text_becomes_the_type_the_schema_allows_and_stays_text_otherwise()
    {
        var (json, errors) = Read("amount=2000&capture=true&currency=usd&ratio=0.5");
        Assert.Null(errors);
        Assert.Equal("""{"amount":2000,"capture":true,"currency":"usd","ratio":0.5}""", json);

        // Text that is not what the schema wants stays a string, so the schema's own check names it.
        (json, _) = Read("amount=twenty&capture=yes&currency=100&ratio=1e400x");
        Assert.Equal("""{"amount":"twenty","capture":"yes","currency":"100","ratio":"1e400x"}""", json);

        // JSON's number grammar only: no leading zeros, no '+', no hex.
        Assert.Equal(["1", "-0", "0.5", "1e10", "-2.5E-3"], new[] { "1", "-0", "0.5", "1e10", "-2.5E-3" }.Where(NumberLiteral.IsJsonNumber));
        Assert.All(new[] { "01", "+1", "0x10", "1.", ".5", "1e", "", "-", "NaN", "Infinity" }, text => Assert.False(NumberLiteral.IsJsonNumber(text), text));
    }

    [Fact]
    public void Percent_and_plus_encoding_are_decoded_before_the_value_is_read()
    {
        var (json, _) = Read("currency=u%73d+x&metadata%5Border%5D=caf%C3%A9");
        Assert.Equal("""{"currency":"usd x","metadata":{"order":"café"}}""", System.Text.RegularExpressions.Regex.Unescape(json!));
    }

    [Fact]
    public void DeepObject_keys_nest_and_index_arrays_as_Stripe_sends_them()
    {
        var (json, errors) = Read("metadata[order_id]=6735&metadata[note]=x&items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2&expand[]=customer&expand[]=invoice");
        Assert.Null(errors);
        Assert.Equal("""{"metadata":{"order_id":"6735","note":"x"},"items":[{"price":"p_1","quantity":2},{"price":"p_2"}],"expand":["customer","invoice"]}""", json);

        // Stripe unsets with an empty value (anyOf [object, enum ['']]): the bare key is the string.
        (json, _) = Read("metadata=");
        Assert.Equal("""{"metadata":""}""", json);

        // Indices keep their order however they arrive.
        (json, _) = Read("expand[1]=b&expand[0]=a");
        Assert.Equal("""{"expand":["a","b"]}""", json);
    }

    [Fact]
    public void Repeated_fields_are_arrays_and_delimited_styles_split()
    {
        var (json, _) = Read("expand=a&expand=b&tags=1,2,3&pipes=x|y&point=x,1,y,2");
        Assert.Equal("""{"expand":["a","b"],"tags":[1,2,3],"pipes":["x","y"],"point":{"x":1,"y":2}}""", json);

        // Tabs (Swagger 2.0's collectionFormat tsv) and nothing else split a tab-delimited field.
        (json, _) = Read("cells=1%092%093&pipes=a%09b");
        Assert.Equal("""{"cells":[1,2,3],"pipes":["a\tb"]}""", json);
        (json, _) = Read("cells=1,2");
        Assert.Equal("""{"cells":["1,2"]}""", json);

        // One value of an array property is an array of one; a scalar given twice is an array, which its schema refuses.
        (json, _) = Read("expand=a&currency=usd&currency=eur");
        Assert.Equal("""{"expand":["a"],"currency":["usd","eur"]}""", json);
    }

    [Fact]
    public void An_object_field_without_a_style_is_JSON_text_as_its_default_contentType_says()
    {
        var (json, errors) = Read("meta=%7B%22a%22%3A1%7D");
        Assert.Null(errors);
        Assert.Equal("""{"meta":{"a":1}}""", json);

        (_, errors) = Read("meta=not-json");
        var error = Assert.Single(errors!.Items);
        Assert.Equal(("/meta", "json"), (error.Location, error.Keyword));
    }

    [Fact]
    public void Keys_that_break_the_deepObject_form_or_its_limits_are_400s_naming_the_field()
    {
        var (_, errors) = Read("metadata[a=1");
        Assert.Equal(("/metadata", "style"), (errors!.Items[0].Location, errors.Items[0].Keyword));

        (_, errors) = Read("metadata=x&metadata[a]=1");
        Assert.Equal(("/metadata", "style"), (errors!.Items[0].Location, errors.Items[0].Keyword));

        (_, errors) = Read("items[5000][price]=x");
        Assert.Equal(("/items", "limit"), (errors!.Items[0].Location, errors.Items[0].Keyword));

        (_, errors) = Read("metadata" + string.Concat(Enumerable.Repeat("[a]", 40)) + "=1");
        Assert.Equal("limit", errors!.Items[0].Keyword);

        (_, errors) = Read(new string('k', 3000) + "=1");
        Assert.Contains("2048", errors!.Items[0].Message);
    }

    [Fact]
    public void More_fields_than_the_limit_is_a_413()
    {
        var body = string.Join("&", Enumerable.Range(0, FormBodyValidator.MaxFields + 1).Select(i => "expand=" + i));

        var refusal = Assert.Throws<GatewayRequestException>(() => Read(body));

        Assert.Same(GatewayResponseType.RequestTooLarge, refusal.Type);
        Assert.Contains("1024", refusal.Message);
    }

    private const string Multipart = "multipart/form-data; boundary=XyZ";

    private static string Part(string name, string content, string? contentType = null, string? filename = null) =>
        $"--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"{(filename is null ? "" : $"; filename=\"{filename}\"")}\r\n{(contentType is null ? "" : $"Content-Type: {contentType}\r\n")}\r\n{content}\r\n";

    [Fact]
    public void Multipart_parts_are_read_like_fields_with_JSON_parts_as_JSON_and_files_as_files()
    {
        var body = Part("amount", "12") + Part("metadata[k]", "v") + Part("meta", """{"a":2}""") + Part("point", """{"x":1}""", "application/json") +
            Part("file", "\u0089PNG binary", "image/png", "a.png") + "--XyZ--\r\n";

        var (json, errors) = Read(body, Multipart);

        Assert.Null(errors);
        Assert.Equal("""{"amount":12,"metadata":{"k":"v"},"meta":{"a":2},"point":{"x":1},"file":""}""", json);
    }

    [Fact]
    public void A_string_part_sent_as_a_non_text_type_is_still_text_and_text_that_is_not_UTF8_is_refused()
    {
        // ASP.NET Core, multer and busboy read a part without filename as a text field whatever its type: so is it here.
        var (json, errors) = Read(Part("currency", "\u00ff\u00fe", "application/octet-stream") + "--XyZ--\r\n", Multipart);
        Assert.Null(errors);
        Assert.Equal("\u00ff\u00fe", System.Text.Json.JsonDocument.Parse(json!).RootElement.GetProperty("currency").GetString());

        var bytes = Encoding.Latin1.GetBytes(Part("currency", "\u00ff\u00fe") + "--XyZ--\r\n");
        var pooled = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(pooled, 0);
        using var request = RequestBody.Own(pooled, bytes.Length);
        errors = FormBodyValidator.ToJson(request, Multipart, Charge(), new ArrayBufferWriter<byte>());
        Assert.Equal(("/currency", "type"), (errors!.Items[0].Location, errors.Items[0].Keyword));
    }

    [Fact]
    public void A_text_part_of_an_unknown_type_is_validated_as_text_not_skipped_as_a_file()
    {
        var schema = new FormSchema(MaxLength5, FormShape.Of(JsonTypes.Object, null, ("note", Text)));

        var errors = FormBodyValidator.Validate(Own(Part("note", new string('A', 100_000), "application/x-evil") + "--XyZ--\r\n"), Multipart, schema);

        Assert.Equal(("/note", "maxLength"), (errors!.Items[0].Location, errors.Items[0].Keyword));
    }

    [Fact]
    public void A_part_is_a_file_only_where_the_document_says_so()
    {
        // An encoding contentType that is not text covers the part: a file (its bytes are not read).
        var shape = FormShape.Of(JsonTypes.Object, null, ("note", Text));
        var schema = new FormSchema(MaxLength5, shape, new FormField("note", FormStyle.Content, false, new[] { "image/*" }));
        Assert.Null(FormBodyValidator.Validate(Own(Part("note", new string('A', 100), "image/png") + "--XyZ--\r\n"), Multipart, schema));

        // application/* covers JSON too: a JSON part is not a file, and is checked as text.
        schema = new FormSchema(MaxLength5, shape, new FormField("note", FormStyle.Content, false, new[] { "application/*" }));
        Assert.Equal("maxLength", FormBodyValidator.Validate(Own(Part("note", "\"" + new string('A', 100) + "\"", "application/json") + "--XyZ--\r\n"), Multipart, schema)!.Items[0].Keyword);
    }

    [Fact]
    public void A_JSON_typed_part_of_a_scalar_field_is_read_as_the_text_the_backend_gets()
    {
        // The backend receives "\u0061b" with its quotes and backslash: that is what is checked, not the decoded ab.
        var (json, errors) = Read(Part("currency", "\"\\u0061b\"", "application/json") + "--XyZ--\r\n", Multipart);

        Assert.Null(errors);
        Assert.Equal("\"\\u0061b\"", System.Text.Json.JsonDocument.Parse(json!).RootElement.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("\"UTF-16LE\"")]
    [InlineData("iso-8859-1")]
    public void A_form_in_a_charset_other_than_utf8_is_refused_naming_it(string charset)
    {
        var body = Encoding.Unicode.GetBytes("currency=usd&amount=99999");
        var pooled = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(pooled, 0);
        using var request = RequestBody.Own(pooled, body.Length);

        var errors = FormBodyValidator.ToJson(request, "application/x-www-form-urlencoded; charset=" + charset, Charge(), new ArrayBufferWriter<byte>());

        var error = Assert.Single(errors!.Items);
        Assert.Equal(("", "charset"), (error.Location, error.Keyword));
        Assert.Contains(charset.Trim('"'), error.Message);

        // utf-8 and us-ascii read as they always did; so does a multipart part's charset.
        Assert.Null(Read("amount=1", "application/x-www-form-urlencoded; charset=UTF-8").Errors);
        Assert.Null(Read("amount=1", "application/x-www-form-urlencoded; charset=us-ascii").Errors);
        Assert.Null(Read(Part("currency", "usd", "text/plain; charset=utf-8") + "--XyZ--\r\n", Multipart).Errors);
        error = Assert.Single(Read(Part("currency", "usd", "text/plain; charset=" + charset) + "--XyZ--\r\n", Multipart).Errors!.Items);
        Assert.Equal(("/currency", "charset"), (error.Location, error.Keyword));
    }

    [Theory]
    [InlineData("amount[]=99999")]
    [InlineData("currency[0]=usd")]
    [InlineData("amount[x]=1")]
    public void Bracket_keys_on_a_property_without_deepObject_encoding_are_refused(string body)
    {
        // Express (qs), Rack and PHP read amount[]=99999 as amount: ["99999"]; the gateway would see a property "amount[]".
        var error = Assert.Single(Read(body).Errors!.Items);

        Assert.Equal("style", error.Keyword);
        Assert.Contains(body.Substring(0, body.IndexOf('=')), error.Message);
        Assert.Null(Read("metadata[k]=v&unknown[]=1").Errors); // deepObject, and a name the schema does not declare
    }

    [Theory]
    [InlineData("AMOUNT=99999", "/amount")]
    [InlineData("Metadata[k]=v", "/metadata")]
    public void A_field_name_that_differs_from_a_property_only_in_case_is_refused(string body, string pointer)
    {
        // ASP.NET Core binds AMOUNT to amount: as an unknown property it would pass the schema unchecked.
        var error = Assert.Single(Read(body).Errors!.Items);

        Assert.Equal((pointer, "name"), (error.Location, error.Keyword));
        Assert.Null(Read("amount=1").Errors);
    }

    [Fact]
    public void A_literal_bracketed_property_the_schema_declares_is_that_property()
    {
        var schema = new FormSchema(AcceptsAll, FormShape.Of(JsonTypes.Object, null, ("ids", Text), ("ids[]", Integer)));
        var json = new ArrayBufferWriter<byte>();

        Assert.Null(FormBodyValidator.ToJson(Own("ids[]=1"), "application/x-www-form-urlencoded", schema, json));
        Assert.Equal("""{"ids[]":1}""", Encoding.UTF8.GetString(json.WrittenSpan));
    }

    [Fact]
    public void Parts_without_a_name_stop_the_reading_at_the_first()
    {
        var body = string.Concat(Enumerable.Repeat("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n", 3)) + "--XyZ--\r\n";

        var error = Assert.Single(Read(body, Multipart).Errors!.Items);

        Assert.Contains("Part 1 ", error.Message);
    }

    [Theory]
    [InlineData("--XyZ\r\nContent-Disposition: form-data; name=\"amo\\\"unt\"\r\n\r\n1\r\n--XyZ--\r\n")]
    [InlineData("--XyZ\r\nContent-Disposition: form-data; name=\"x\"; name*=UTF-8''amount\r\n\r\n1\r\n--XyZ--\r\n")]
    public void Part_names_with_escapes_or_name_star_are_refused(string body)
    {
        var error = Assert.Single(Read(body, Multipart).Errors!.Items);

        Assert.Equal(("", "multipart"), (error.Location, error.Keyword));
        Assert.Contains("name*", error.Message);
    }

    // maxLength 5 on /note: a small hand-written validator standing for the generated one.
    private static readonly SchemaValidator MaxLength5 = (ref System.Text.Json.Utf8JsonReader reader, ref JsonValidation v) =>
    {
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "note" && reader.TokenType == System.Text.Json.JsonTokenType.String && reader.GetString()!.Length > 5)
            {
                v.Fail(reader.TokenStartIndex, "maxLength", "longer than 5");
                return false;
            }

            reader.Skip();
        }

        return true;
    };

    private static RequestBody Own(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var pooled = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(pooled, 0);
        return RequestBody.Own(pooled, bytes.Length);
    }

    [Fact]
    public void A_JSON_part_of_an_array_property_is_the_array_itself_and_repeated_JSON_parts_are_its_items()
    {
        var (json, _) = Read(Part("tags", "[1,2]", "application/json") + "--XyZ--\r\n", Multipart);
        Assert.Equal("""{"tags":[1,2]}""", json);

        (json, _) = Read(Part("items", """{"price":"a"}""", "application/json") + Part("items", """{"price":"b"}""", "application/json") + "--XyZ--\r\n", Multipart);
        Assert.Equal("""{"items":[{"price":"a"},{"price":"b"}]}""", json);
    }

    [Fact]
    public void A_part_whose_type_its_encoding_does_not_allow_is_refused_naming_it()
    {
        var (_, errors) = Read(Part("file", "GIF89a", "image/gif", "a.gif") + "--XyZ--\r\n", Multipart);

        var error = Assert.Single(errors!.Items);
        Assert.Equal(("/file", "contentType"), (error.Location, error.Keyword));
        Assert.Contains("image/gif", error.Message);
    }

    [Fact]
    public void A_JSON_part_that_is_not_JSON_is_refused()
    {
        var (_, errors) = Read(Part("point", "{x:1}", "application/json") + "--XyZ--\r\n", Multipart);

        Assert.Equal(("/point", "json"), (errors!.Items[0].Location, errors.Items[0].Keyword));
    }

    [Theory]
    [InlineData("multipart/form-data", "boundary")]                                           // no boundary at all
    [InlineData("multipart/form-data; boundary=", "boundary")]                                // an empty one
    [InlineData("multipart/form-data; boundary=Other", "broken")]                             // not the body's boundary
    public void A_multipart_body_without_its_boundary_is_a_400(string contentType, string named)
    {
        var (_, errors) = Read(Part("amount", "1") + "--XyZ--\r\n", contentType);

        var error = Assert.Single(errors!.Items);
        Assert.Equal(("", "multipart"), (error.Location, error.Keyword));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_truncated_multipart_body_is_a_400()
    {
        var (_, errors) = Read(Part("amount", "1") + "--XyZ\r\nContent-Disposition: form-data; name=\"currency\"\r\n\r\nus", Multipart);

        Assert.Equal(("", "multipart"), (errors!.Items[0].Location, errors.Items[0].Keyword));
        Assert.Contains("broken", errors.Items[0].Message);
    }

    [Fact]
    public void Parts_with_bad_headers_are_400s()
    {
        // No Content-Disposition, a disposition that is not form-data, and a header section over the limit.
        var (_, errors) = Read("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--\r\n", Multipart);
        Assert.Contains("Content-Disposition", errors!.Items[0].Message);

        (_, errors) = Read("--XyZ\r\nContent-Disposition: attachment; name=\"amount\"\r\n\r\n1\r\n--XyZ--\r\n", Multipart);
        Assert.Contains("form-data", errors!.Items[0].Message);

        var headers = string.Concat(Enumerable.Range(0, 20).Select(i => $"X-H{i}: v\r\n"));
        (_, errors) = Read($"--XyZ\r\nContent-Disposition: form-data; name=\"amount\"\r\n{headers}\r\n1\r\n--XyZ--\r\n", Multipart);
        Assert.Equal("multipart", errors!.Items[0].Keyword);

        (_, errors) = Read($"--XyZ\r\nContent-Disposition: form-data; name=\"amount\"\r\nX-Big: {new string('v', 20_000)}\r\n\r\n1\r\n--XyZ--\r\n", Multipart);
        Assert.Equal("multipart", errors!.Items[0].Keyword);
    }

    [Fact]
    public void Media_ranges_match_the_most_specific_declared_range()
    {
        string[] declared = ["*/*", "text/*", "text/plain", "application/json"];

        Assert.Equal(2, MediaRanges.BestMatch("text/plain; charset=utf-8", declared));
        Assert.Equal(1, MediaRanges.BestMatch("text/csv", declared));
        Assert.Equal(0, MediaRanges.BestMatch("image/png", declared));
        Assert.Equal(-1, MediaRanges.BestMatch("image/png", ["text/*", "application/json"]));
        Assert.Equal(0, MediaRanges.BestMatch("application/merge-patch+json", ["application/*"]));
        Assert.True(MediaRanges.IsJson("application/problem+json"));
        Assert.True(MediaRanges.IsJson("application/merge-patch+json; charset=utf-8"));
        Assert.False(MediaRanges.IsJson("application/x-www-form-urlencoded"));
    }
}
