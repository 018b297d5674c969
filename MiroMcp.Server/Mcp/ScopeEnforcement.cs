using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Configuration;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Mcp;

/// <summary>
/// Step-up (MCP authorization, "insufficient_scope"): a token without <c>boards:write</c> may call only tools
/// marked read-only. Any other <c>tools/call</c> answers 403 with
/// <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="…"</c>, so the client can ask the user for more.
/// </summary>
internal sealed class ScopeEnforcement(RequestDelegate next, IOptions<McpServerOptions> mcp, IOptions<ServerOptions> server)
{
    private HashSet<string>? _writeTools;

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.User.Identity?.IsAuthenticated == true
            && !context.User.HasScope(OAuthScopes.BoardsWrite)
            && await CalledToolAsync(context) is { } tool
            && WriteTools().Contains(tool))
        {
            var metadata = new Uri(server.Value.PublicBaseUri, ".well-known/oauth-protected-resource/mcp").AbsoluteUri;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer error=\"insufficient_scope\", scope=\"{OAuthScopes.BoardsRead} {OAuthScopes.BoardsWrite}\", " +
                $"error_description=\"The tool {tool} changes boards and needs the {OAuthScopes.BoardsWrite} scope\", resource_metadata=\"{metadata}\"";
            await McpRequestGuard.Reject(context, StatusCodes.Status403Forbidden, "insufficient_scope",
                $"The tool {tool} changes boards and needs the {OAuthScopes.BoardsWrite} scope; authorise again with it.");
            return;
        }

        await next(context);
    }

    /// <summary>Tools that are not marked read-only: computed once from the registered tool collection.</summary>
    private HashSet<string> WriteTools() => _writeTools ??= mcp.Value.ToolCollection is { } tools
        ? [.. tools.Where(tool => tool.ProtocolTool.Annotations?.ReadOnlyHint != true).Select(tool => tool.ProtocolTool.Name)]
        : [];

    /// <summary>The tool a JSON-RPC <c>tools/call</c> body names, or null. The body stays readable for the handler.</summary>
    private static async Task<string?> CalledToolAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return null;
        }

        context.Request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
                && method.GetString() == "tools/call"
                && root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null; // Malformed: the MCP handler answers it.
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
