using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

/// <summary>Which tools are served: <c>full</c> (every tool, the default) or <c>essentials</c> (about 15).</summary>
public enum MiroToolProfile
{
    Full,
    Essentials,
}

/// <summary>
/// One tool as declared in code: the source of the tool list, docs/tools.md and the coverage count.
/// <paramref name="CreateInstance"/> makes an instance of the tool's class from the request's services.
/// </summary>
internal sealed record MiroToolInfo(
    string Name, string Description, string Area, bool Essential, bool ReadOnly, bool Destructive, bool Idempotent,
    IReadOnlyList<string> OperationIds, MethodInfo Method, Func<IServiceProvider, object> CreateInstance);

/// <summary>Reflects over the <see cref="McpServerToolTypeAttribute"/> classes of this folder, which <c>Discover</c> names.</summary>
internal static class MiroToolCatalogue
{
    private static readonly Lazy<IReadOnlyList<MiroToolInfo>> Tools = new(Discover);

    public static IReadOnlyList<MiroToolInfo> All => Tools.Value;

    /// <summary>What the tools are created with: the SDK's default options, the tools' own contracts resolved first.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    public static IReadOnlyList<MiroToolInfo> For(MiroToolProfile profile) =>
        profile == MiroToolProfile.Full ? All : All.Where(tool => tool.Essential).ToList();

    /// <summary>The name of the embedded snapshot of every tool's protocol description (<see cref="LazyMiroTool"/>).</summary>
    public const string SnapshotResource = "MiroMcp.Server.Tools.tool-list.json";

    /// <summary>The SDK's tool for <paramref name="tool"/>: an instance of its class per call, from the request's services.</summary>
    public static McpServerTool CreateTool(MiroToolInfo tool) => McpServerTool.Create(
        tool.Method,
        context => tool.CreateInstance(context.Services ?? throw new InvalidOperationException("No request services.")),
        new McpServerToolCreateOptions { SerializerOptions = SerializerOptions });

    /// <summary>The snapshot file's text for <paramref name="tools"/>: a <c>tools/list</c> result, as the SDK writes it.</summary>
    public static string Snapshot(IEnumerable<MiroToolInfo> tools) =>
        JsonSerializer.Serialize(new ListToolsResult { Tools = [.. tools.Select(tool => CreateTool(tool).ProtocolTool)] },
            new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { WriteIndented = true }.GetTypeInfo(typeof(ListToolsResult))) + "\n";

    /// <summary>
    /// The protocol descriptions of the tools from the embedded snapshot, by name. Throws when a tool of the catalogue is
    /// missing from it (a stale snapshot; the test ToolListSnapshot_MatchesTheToolsTheSdkBuilds says how to renew it).
    /// </summary>
    public static IReadOnlyDictionary<string, Tool> LoadSnapshot()
    {
        using var stream = typeof(MiroToolCatalogue).Assembly.GetManifestResourceStream(SnapshotResource)
            ?? throw new InvalidOperationException($"The embedded resource {SnapshotResource} is missing.");
        var result = (ListToolsResult?)JsonSerializer.Deserialize(stream, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult)))
            ?? throw new InvalidOperationException($"{SnapshotResource} is empty.");
        var byName = result.Tools.ToDictionary(tool => tool.Name, StringComparer.Ordinal);
        var missing = All.Select(tool => tool.Name).Where(name => !byName.ContainsKey(name)).ToList();
        return missing.Count == 0
            ? byName
            : throw new InvalidOperationException($"{SnapshotResource} lacks {string.Join(", ", missing)}: the tool snapshot is stale.");
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Insert(0, ToolJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// The tool classes, named here rather than found with <c>Assembly.GetTypes()</c>, which trimming empties: each
    /// named class keeps its public methods (with their attributes) and constructors. A test checks that the list
    /// names every <see cref="McpServerToolTypeAttribute"/> class.
    /// </summary>
    private static List<MiroToolInfo> Discover() =>
        new[]
        {
            ToolsOf<BoardTools>(), ToolsOf<BulkTools>(), ToolsOf<ConnectorTools>(), ToolsOf<ExperimentalTools>(),
            ToolsOf<GroupTools>(), ToolsOf<ItemTools>(), ToolsOf<MemberTools>(), ToolsOf<TagTools>(),
            ToolsOf<ToolSearchTools>(), ToolsOf<UploadTools>(), ToolsOf<UserTools>(), ToolsOf<WidgetTools>(),
        }
            .SelectMany(tools => tools)
            .OrderBy(tool => tool.Name, StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<MiroToolInfo> ToolsOf<[DynamicallyAccessedMembers(
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors)] T>() where T : class =>
        typeof(T).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(method => (Method: method, Tool: method.GetCustomAttribute<McpServerToolAttribute>()))
            .Where(pair => pair.Tool is not null)
            .Select(pair => new MiroToolInfo(
                pair.Tool!.Name ?? pair.Method.Name,
                pair.Method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? string.Empty,
                typeof(T).Name.Replace("Tools", string.Empty, StringComparison.Ordinal),
                pair.Method.GetCustomAttribute<EssentialAttribute>() is not null,
                pair.Tool.ReadOnly,
                pair.Tool.Destructive,
                pair.Tool.Idempotent,
                pair.Method.GetCustomAttribute<MiroOperationsAttribute>()?.OperationIds ?? [],
                pair.Method,
                services => ActivatorUtilities.CreateInstance<T>(services)));
}

/// <summary>The tools this server instance serves (for search_tools).</summary>
internal sealed record MiroToolSelection(MiroToolProfile Profile, IReadOnlyList<MiroToolInfo> Tools);
