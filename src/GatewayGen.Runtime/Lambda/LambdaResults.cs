using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GatewayGen.Runtime.Lambda;

/// <summary>
/// Turns a ported Lambda handler's proxy response into the HTTP answer, as API Gateway does: a status outside
/// 200-599, a header a response cannot carry or a body that is not the base64 it claims is a malformed Lambda
/// answer, the integration failing (502), never a torn or injected response.
/// </summary>
public static class LambdaResults
{
    /// <summary>The answer a payload format 1.0 response describes.</summary>
    public static IResult From(APIGatewayProxyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new List<KeyValuePair<string, string[]>>();
        if (response.Headers is not null)
        {
            foreach (var header in response.Headers)
            {
                headers.Add(new(header.Key, new[] { header.Value }));
            }
        }

        if (response.MultiValueHeaders is not null)
        {
            foreach (var header in response.MultiValueHeaders)
            {
                headers.Add(new(header.Key, header.Value is null ? Array.Empty<string>() : new List<string>(header.Value).ToArray()));
            }
        }

        return new LambdaProxyResult(response.StatusCode, headers, null, response.Body, response.IsBase64Encoded);
    }

    /// <summary>The answer a payload format 2.0 response describes; its cookies become Set-Cookie headers.</summary>
    public static IResult From(APIGatewayHttpApiV2ProxyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new List<KeyValuePair<string, string[]>>();
        if (response.Headers is not null)
        {
            foreach (var header in response.Headers)
            {
                headers.Add(new(header.Key, new[] { header.Value }));
            }
        }

        return new LambdaProxyResult(response.StatusCode, headers, response.Cookies, response.Body, response.IsBase64Encoded);
    }

    private sealed class LambdaProxyResult(int statusCode, List<KeyValuePair<string, string[]>> headers, string[]? cookies, string? body, bool isBase64Encoded) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            if (Malformed() is { } problem)
            {
                await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, "The function returned a malformed Lambda proxy response: " + problem + ".");
                return;
            }

            byte[] bytes;
            try
            {
                bytes = body is null ? Array.Empty<byte>() : isBase64Encoded ? Convert.FromBase64String(body) : System.Text.Encoding.UTF8.GetBytes(body);
            }
            catch (FormatException)
            {
                await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, "The function returned a malformed Lambda proxy response: isBase64Encoded is true but the body is not base64.");
                return;
            }

            var response = context.Response;
            response.StatusCode = statusCode;
            foreach (var header in headers)
            {
                response.Headers[header.Key] = header.Value;
            }

            if (cookies is not null)
            {
                response.Headers.Append("Set-Cookie", cookies);
            }

            if (statusCode is 204 or 205 or 304)
            {
                return; // these carry no body (HTTP), whatever the function put in it
            }

            if (bytes.Length > 0 && !response.Headers.ContainsKey("Content-Type"))
            {
                response.ContentType = "application/json"; // API Gateway's default for a proxy response without one
            }

            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        // What API Gateway would refuse as a Lambda proxy response, and what HTTP cannot carry.
        private string? Malformed()
        {
            // 1xx are interim answers a function cannot end a request with (Kestrel would throw: an empty 500).
            if (statusCode is < 200 or > 599)
            {
                return $"statusCode {statusCode} is not a final HTTP status";
            }

            foreach (var header in headers)
            {
                if (!IsToken(header.Key))
                {
                    return $"'{header.Key}' is not a header name";
                }

                if (IsFraming(header.Key))
                {
                    return $"header '{header.Key}' is the gateway's to set";
                }

                foreach (var value in header.Value)
                {
                    if (!IsFieldValue(value))
                    {
                        return $"the value of header '{header.Key}' holds a character a header cannot carry";
                    }
                }
            }

            if (cookies is not null)
            {
                foreach (var cookie in cookies)
                {
                    if (!IsFieldValue(cookie))
                    {
                        return "a cookie holds a character a header cannot carry";
                    }
                }
            }

            return null;
        }

        // Framing and hop-by-hop headers describe the gateway's connection and its body's length, not the function's answer.
        private static bool IsFraming(string name) =>
            HopByHopHeaders.IsHopByHop(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

        private static bool IsToken(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            foreach (var c in name)
            {
                if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".IndexOf(c) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFieldValue(string? value) => value is not null && OutgoingHeaders.CanCarry(value); // Kestrel sends ASCII header values only
    }
}
