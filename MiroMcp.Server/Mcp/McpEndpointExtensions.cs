using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tokens;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Mcp;

/// <summary>
/// <c>/mcp</c>: Streamable HTTP (2025-11-25 clients with initialize, and 2026-07-28 stateless requests), guarded by
/// Host and Origin checks (DNS rebinding), our own bearer tokens (audience = this MCP URL), and the grant
/// behind each token (its Miro pair refreshed before the tools run).
/// </summary>
internal static class McpEndpointExtensions
{
    public const string Path = "/mcp";
    public const string Policy = "mcp";

    public static IMcpServerBuilder AddMcpEndpoint(this IHostApplicationBuilder builder)
    {
        var server = new ServerOptions();
        ServerConfigurationExtensions.Bind(server, builder.Configuration);
        var valid = !new ServerOptionsValidator().Validate(null, server).Failed;

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<GrantRefresher>();
        builder.Services.AddScoped<IMiroAccessTokenSource, GrantAccessTokenSource>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CachedBearerHandler.SchemeName;
                options.DefaultChallengeScheme = McpAuthenticationDefaults.AuthenticationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, options =>
            {
                options.ForwardChallenge = McpAuthenticationDefaults.AuthenticationScheme;
                options.ForwardForbid = McpAuthenticationDefaults.AuthenticationScheme;
            })
            .AddMcp(options =>
            {
                options.ForwardAuthenticate = CachedBearerHandler.SchemeName;
                if (valid)
                {
                    options.ResourceMetadata = new ProtectedResourceMetadata
                    {
                        Resource = AuthorizeEndpoints.McpResource(server),
                        AuthorizationServers = [server.PublicBaseUri.AbsoluteUri],
                        ScopesSupported = [.. OAuthScopes.All],
                        BearerMethodsSupported = ["header"],
                        ResourceName = "MiroMcp — Miro boards over MCP",
                    };
                }
            });

        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(McpAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser());

        return builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "MiroMcp", Version = typeof(McpEndpointExtensions).Assembly.GetName().Version?.ToString() ?? "0" };
            })
            .WithHttpTransport();
    }

    /// <summary>Before authentication: a foreign Host or Origin, or a token in the URL, is refused first.</summary>
    public static WebApplication UseMcpRequestGuard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.UseMiddleware<McpRequestGuard>());
        return app;
    }

    /// <summary>
    /// After authentication, before authorization: the grant behind the token (its Miro pair fresh), and the
    /// scope a tools/call needs.
    /// </summary>
    public static WebApplication UseMcpGrantResolution(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch
            .UseMiddleware<GrantResolution>()
            .UseMiddleware<ScopeEnforcement>());
        return app;
    }

    public static WebApplication MapMcpEndpoint(this WebApplication app)
    {
        app.MapMcp(Path).RequireAuthorization(Policy);
        return app;
    }
}

/// <summary>
/// Before the MCP handler: the Host must be ours and a present Origin must be ours (403 otherwise); a token in the
/// query string is refused.
/// </summary>
internal sealed class McpRequestGuard(RequestDelegate next, IOptions<ServerOptions> options, ILogger<McpRequestGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var publicUri = options.Value.PublicBaseUri;
        if (!HostAllowed(context.Request.Host, publicUri))
        {
            Log.McpRequestRejected(logger, "Host header is not this server's");
            await Reject(context, StatusCodes.Status403Forbidden, "forbidden_host", "The Host header does not name this server.");
            return;
        }

        if (context.Request.Headers.Origin is { Count: > 0 } origin
            && !string.Equals(origin.ToString(), publicUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            Log.McpRequestRejected(logger, "Origin is not allowed");
            await Reject(context, StatusCodes.Status403Forbidden, "forbidden_origin", "This Origin may not call the MCP endpoint.");
            return;
        }

        if (context.Request.Query.ContainsKey("access_token"))
        {
            Log.McpRequestRejected(logger, "access token in the query string");
            await Reject(context, StatusCodes.Status400BadRequest, "invalid_request", "Send the access token in the Authorization header, never in the URL.");
            return;
        }

        await next(context);
    }

    private static bool HostAllowed(HostString host, Uri publicUri)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var expectedPort = publicUri.IsDefaultPort ? null : (int?)publicUri.Port;
        if (string.Equals(host.Host, publicUri.Host, StringComparison.OrdinalIgnoreCase) && host.Port == expectedPort)
        {
            return true;
        }

        // Local runs: the same loopback server under another loopback name.
        return publicUri.IsLoopback && host.Port == expectedPort
            && (host.Host is "localhost" or "127.0.0.1" or "[::1]");
    }

    internal static Task Reject(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteOAuthErrorAsync(new OAuthError(error, description));
    }
}

/// <summary>
/// After authentication: resolves the grant behind our token and refreshes its Miro pair, so that a dead grant
/// answers 401 with WWW-Authenticate (the client re-authorises) instead of failing inside a tool.
/// </summary>
internal sealed class GrantResolution(RequestDelegate next, IOptions<ServerOptions> options)
{
    public async Task InvokeAsync(HttpContext context, GrantRefresher refresher)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.GetAuthorizationId() is { } grantId)
        {
            try
            {
                context.Items[GrantAccessTokenSource.GrantItemKey] = await refresher.GetFreshAsync(grantId, null, context.RequestAborted);
            }
            catch (MiroAuthorizationException)
            {
                var metadata = new Uri(options.Value.PublicBaseUri, ".well-known/oauth-protected-resource/mcp").AbsoluteUri;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer error=\"invalid_token\", error_description=\"The Miro connection has ended; authorise again\", resource_metadata=\"{metadata}\"";
                await McpRequestGuard.Reject(context, StatusCodes.Status401Unauthorized, "invalid_token", "The Miro connection has ended; authorise again.");
                return;
            }
        }

        await next(context);
    }
}
