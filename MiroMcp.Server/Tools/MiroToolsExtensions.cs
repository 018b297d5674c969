using Microsoft.Extensions.DependencyInjection.Extensions;
using MiroMcp.Server.Configuration;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

public static class MiroToolsExtensions
{
    /// <summary>Registers the Miro tools of the profile named by MIRO_TOOL_PROFILE (default full), the resources and the prompts.</summary>
    public static IMcpServerBuilder AddMiroTools(this IMcpServerBuilder builder, IConfiguration configuration) =>
        builder.AddMiroTools(ServerConfigurationExtensions.ReadToolProfile(configuration));

    /// <summary>Registers the Miro tools of <paramref name="profile"/>, search_tools, the resources and the prompts.
    /// Needs <see cref="Miro.MiroClientExtensions.AddMiroClient"/>.</summary>
    public static IMcpServerBuilder AddMiroTools(this IMcpServerBuilder builder, MiroToolProfile profile)
    {
        var tools = MiroToolCatalogue.For(profile);
        builder.Services.TryAddSingleton(new MiroToolSelection(profile, tools));
        // Each tool's AIFunction is built on its first call; tools/list answers from the committed snapshot.
        var snapshot = MiroToolCatalogue.LoadSnapshot();
        builder.WithTools(tools.Select(tool => (McpServerTool)new LazyMiroTool(tool, snapshot[tool.Name])));
        builder.WithResources<MiroResources>();
        builder.WithPrompts<MiroPrompts>();
        return builder;
    }
}
