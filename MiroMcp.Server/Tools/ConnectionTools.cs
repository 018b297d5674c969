using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Miro;

namespace MiroMcp.Server.Tools;

/// <summary>Which Miro account this MCP connection acts as.</summary>
[McpServerToolType]
internal sealed class ConnectionTools(IMiroAccessTokenSource tokens, MiroOAuthClient miro)
{
    [McpServerTool(Name = "get_connection_info", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Shows the Miro user and team this connection acts as. Use it to confirm which account boards will be read from or written to.")]
    public async Task<ConnectionInfo> GetConnectionInfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            var identity = await miro.GetIdentityAsync(await tokens.GetAccessTokenAsync(cancellationToken), cancellationToken);
            return new ConnectionInfo(identity.UserId, identity.UserName, identity.TeamId, identity.TeamName);
        }
        catch (MiroAuthorizationException ex)
        {
            throw new McpException(ex.Message);
        }
    }

    public sealed record ConnectionInfo(string UserId, string? UserName, string TeamId, string? TeamName);
}
