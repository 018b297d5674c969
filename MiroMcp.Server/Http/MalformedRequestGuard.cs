using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using MiroMcp.Server.Auth;

namespace MiroMcp.Server.Http;

/// <summary>
/// First in the pipeline, so that malformed input answers a clear 4xx instead of an unhandled exception (500). Found
/// by the fuzzer (issue #9, <c>MiroMcp.Benchmarks fuzz</c>):
/// <list type="bullet">
/// <item>a Host header that cannot be parsed (invalid punycode such as <c>xn--</c>): 400, before anything reads
/// <c>Request.Host</c>;</item>
/// <item>a form body that cannot be decoded (a NUL character, a key over the form limits, a broken multipart body),
/// whatever the method and path: 400, before the token-redemption lock or OpenIddict's body-token extraction reads it
/// (the parsed form is cached on the request, so later readers reuse it);</item>
/// <item>a POST to /mcp whose Content-Type is empty, unparseable or names an unknown charset: 415, before the MCP
/// transport tries to read it as JSON;</item>
/// <item>a JSON-RPC message on /mcp that the MCP SDK fails to deserialise (e.g. <c>initialize</c> without its
/// required params, or a string that is not valid UTF-8): 400 with a JSON-RPC "invalid params" error.</item>
/// </list>
/// </summary>
internal sealed class MalformedRequestGuard(RequestDelegate next)
{
    private const string McpPath = "/mcp";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            _ = context.Request.Host.Host;
        }
        catch (ArgumentException)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "The Host header is malformed.");
            return;
        }

        if (context.Request.HasFormContentType)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException)
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "The form body is malformed.");
                return;
            }
        }

        if (!context.Request.Path.StartsWithSegments(McpPath))
        {
            await next(context);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !ReadableContentType(context.Request.ContentType))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the JSON-RPC message as application/json.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception) when ((exception is JsonException || exception.InnerException is DecoderFallbackException) && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                """{"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"Invalid params: the message could not be read."}}""",
                context.RequestAborted);
        }
    }

    private static bool ReadableContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.Charset.HasValue)
        {
            return mediaType is not null;
        }

        try
        {
            _ = Encoding.GetEncoding(mediaType.Charset.Value!);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task RejectAsync(HttpContext context, int status, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteOAuthErrorAsync(new OAuthError("invalid_request", description));
    }
}

internal static class MalformedRequestGuardExtensions
{
    public static WebApplication UseMalformedRequestGuard(this WebApplication app)
    {
        app.UseMiddleware<MalformedRequestGuard>();
        return app;
    }
}
