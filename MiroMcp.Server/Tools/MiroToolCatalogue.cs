using System.ComponentModel;
using System.Reflection;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

/// <summary>Which tools are served: <c>full</c> (every tool, the default) or <c>essentials</c> (about 15).</summary>
public enum MiroToolProfile
{
    Full,
    Essentials,
}

/// <summary>One tool as declared in code: the source of the tool list, docs/tools.md and the coverage count.</summary>
internal sealed record MiroToolInfo(
    string Name, string Description, string Area, bool Essential, bool ReadOnly, bool Destructive, bool Idempotent,
    IReadOnlyList<string> OperationIds, MethodInfo Method);

/// <summary>Reflects over the <see cref="McpServerToolTypeAttribute"/> classes of this folder.</summary>
internal static class MiroToolCatalogue
{
    private static readonly Lazy<IReadOnlyList<MiroToolInfo>> Tools = new(Discover);

    public static IReadOnlyList<MiroToolInfo> All => Tools.Value;

    public static IReadOnlyList<MiroToolInfo> For(MiroToolProfile profile) =>
        profile == MiroToolProfile.Full ? All : All.Where(tool => tool.Essential).ToList();

    private static List<MiroToolInfo> Discover() =>
        typeof(MiroToolCatalogue).Assembly.GetTypes()
            .Where(type => type.GetCustomAttribute<McpServerToolTypeAttribute>() is not null)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Tool: method.GetCustomAttribute<McpServerToolAttribute>()))
            .Where(pair => pair.Tool is not null)
            .Select(pair => new MiroToolInfo(
                pair.Tool!.Name ?? pair.Method.Name,
                pair.Method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? string.Empty,
                pair.Method.DeclaringType!.Name.Replace("Tools", string.Empty, StringComparison.Ordinal),
                pair.Method.GetCustomAttribute<EssentialAttribute>() is not null,
                pair.Tool.ReadOnly,
                pair.Tool.Destructive,
                pair.Tool.Idempotent,
                pair.Method.GetCustomAttribute<MiroOperationsAttribute>()?.OperationIds ?? [],
                pair.Method))
            .OrderBy(tool => tool.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>The tools this server instance serves (for search_tools).</summary>
internal sealed record MiroToolSelection(MiroToolProfile Profile, IReadOnlyList<MiroToolInfo> Tools);
