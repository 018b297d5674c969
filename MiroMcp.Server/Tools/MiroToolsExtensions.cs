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
        builder.WithTools(tools.Select(tool => McpServerTool.Create(
            tool.Method,
            context => ActivatorUtilities.CreateInstance(context.Services ?? throw new InvalidOperationException("No request services."), tool.Method.DeclaringType!),
            new McpServerToolCreateOptions())));
        builder.WithResources<MiroResources>();
        builder.WithPrompts<MiroPrompts>();
        return builder;
    }
}
