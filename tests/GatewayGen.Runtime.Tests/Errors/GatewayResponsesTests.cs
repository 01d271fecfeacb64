using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using GatewayGen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayGen.Runtime.Tests.Errors;

/// <summary>Which customisation answers which type, and how templates are chosen and filled.</summary>
public sealed class GatewayResponsesTests
{
    [Fact]
    public void The_types_are_exactly_API_Gateways_21_with_its_default_statuses_except_INTEGRATION_FAILURE()
    {
        var types = GatewayResponseType.All.ToDictionary(t => t.Name, t => t.DefaultStatusCode);

        Assert.Equal(new[]
        {
            "ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE", "BAD_REQUEST_BODY",
            "BAD_REQUEST_PARAMETERS", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT",
            "INVALID_API_KEY", "INVALID_SIGNATURE", "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE",
            "RESOURCE_NOT_FOUND", "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED",
        }, types.Keys.Order());
        Assert.Equal(500, types["API_CONFIGURATION_ERROR"]);
        Assert.Equal(502, types["INTEGRATION_FAILURE"]); // the product's dead-backend rule; API Gateway says 504
        Assert.Equal(504, types["INTEGRATION_TIMEOUT"]);
        Assert.Equal(403, types["EXPIRED_TOKEN"]);
        Assert.Equal(403, types["WAF_FILTERED"]);
    }

    [Fact]
    public void DEFAULT_4XX_and_DEFAULT_5XX_answer_for_the_types_of_their_class_that_have_none_of_their_own()
    {
        var default4xx = new GatewayResponse(GatewayResponseType.Default4xx, 400);
        var default5xx = new GatewayResponse(GatewayResponseType.Default5xx, 503);
        var throttled = new GatewayResponse(GatewayResponseType.Throttled, 503);
        var responses = new GatewayResponses(throttled, default5xx, default4xx);

        Assert.Same(throttled, responses.For(GatewayResponseType.Throttled));
        Assert.Same(default4xx, responses.For(GatewayResponseType.QuotaExceeded));
        Assert.Same(default4xx, responses.For(GatewayResponseType.WafFiltered));
        Assert.Same(default5xx, responses.For(GatewayResponseType.IntegrationFailure));
        Assert.Same(default5xx, responses.For(GatewayResponseType.ApiConfigurationError));
        Assert.Same(default5xx, responses.For(GatewayResponseType.Default5xx));
        Assert.Null(new GatewayResponses(throttled).For(GatewayResponseType.ResourceNotFound));
    }

    [Theory]
    [InlineData(null, "json")]
    [InlineData("*/*", "json")]
    [InlineData("text/html", "html")]
    [InlineData("text/html;q=0.4, text/plain;q=0.9", "text")]
    [InlineData("text/plain;q=0, text/html", "html")]
    [InlineData("image/png", "text")] // none matches: the first template
    public void The_template_follows_Accept_as_API_Gateway_chooses(string? accept, string expected)
    {
        var response = new GatewayResponse(GatewayResponseType.Default4xx, templates: new[]
        {
            new ResponseTemplate("text/plain", TemplatePart.Literal("text")),
            new ResponseTemplate("application/json", TemplatePart.Literal("json")),
            new ResponseTemplate("text/html", TemplatePart.Literal("html")),
        });
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var error = new GatewayError(GatewayResponseType.Default4xx, "m", null);
        var template = response.Apply(context, error)!;

        Assert.Equal(expected, Encoding.UTF8.GetString(template.Render(context, error)));
    }

    [Theory]
    [InlineData("application/json", "{\"m\": \"say \\\"hi\\\" <b>\\\\</b>\", \"q\": \"say \\\"hi\\\" <b>\\\\</b>\"}")]
    [InlineData("application/problem+json", "{\"m\": \"say \\\"hi\\\" <b>\\\\</b>\", \"q\": \"say \\\"hi\\\" <b>\\\\</b>\"}")]
    [InlineData("text/html", "{\"m\": \"say &quot;hi&quot; &lt;b&gt;\\&lt;/b&gt;\", \"q\": \"say &quot;hi&quot; &lt;b&gt;\\&lt;/b&gt;\"}")]
    [InlineData("text/plain", "{\"m\": \"say \"hi\" <b>\\</b>\", \"q\": \"say \"hi\" <b>\\</b>\"}")]
    public void Values_are_escaped_for_the_media_type(string mediaType, string expected)
    {
        var template = new ResponseTemplate(mediaType,
            TemplatePart.Literal("{\"m\": "), TemplatePart.Of(ResponseValue.Context(ContextVariable.ErrorMessageString)),
            TemplatePart.Literal(", \"q\": \""), TemplatePart.Of(ResponseValue.QueryString("q")), TemplatePart.Literal("\"}"));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?q=say%20%22hi%22%20%3Cb%3E%5C%3C/b%3E");

        var body = template.Render(context, new GatewayError(GatewayResponseType.Default4xx, "say \"hi\" <b>\\</b>", null));

        Assert.Equal(expected, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void A_header_value_a_client_could_use_to_add_a_header_is_not_sent()
    {
        var response = new GatewayResponse(GatewayResponseType.Default4xx, headers: new[]
        {
            new ResponseHeader("X-Query", ResponseValue.QueryString("q")),
            new ResponseHeader("X-Agent", ResponseValue.RequestHeader("User-Agent")),
            new ResponseHeader("X-Fixed", ResponseValue.Constant("fixed")),
        });
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?q=a%0D%0ASet-Cookie:%20x=1");
        context.Request.Headers.UserAgent = "agent\u00e9";

        response.Apply(context, new GatewayError(GatewayResponseType.Default4xx, "m", null));

        Assert.False(context.Response.Headers.ContainsKey("X-Query"));
        Assert.False(context.Response.Headers.ContainsKey("X-Agent"));
        Assert.Equal("fixed", context.Response.Headers["X-Fixed"].ToString());
    }
}
