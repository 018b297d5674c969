using System.ComponentModel;
using MiroMcp.Server.Miro;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class UserTools(MiroClient miro)
{
    [McpServerTool(Name = "who_am_i", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Show the signed-in Miro user, team, organisation and granted scopes.")]
    [MiroOperations("token-info")]
    public async Task<string> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.TokenInfo, [], null, cancellationToken));
}
