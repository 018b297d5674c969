using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

/// <summary>
/// A Miro tool whose invocation machinery (the SDK's <c>AIFunction</c>: JSON schema, parameter binding, result
/// marshalling, all built by reflection) is created on its first call instead of at start-up. Its protocol
/// description — what <c>tools/list</c> sends — comes from the committed snapshot <c>Tools/tool-list.json</c>,
/// which a test keeps identical to what the SDK builds (decision 008: creating all 82 tools took 120–260 ms of every
/// cold start, while a conversation calls a handful).
/// </summary>
internal sealed class LazyMiroTool : McpServerTool
{
    private readonly Lazy<McpServerTool> _tool;
    private readonly Lazy<IReadOnlyList<object>> _metadata;

    public LazyMiroTool(MiroToolInfo info, Tool protocolTool)
    {
        ProtocolTool = protocolTool;
        _tool = new Lazy<McpServerTool>(() => MiroToolCatalogue.CreateTool(info));
        // What the SDK gives a tool created from a method (ToolListSnapshotTests compares them): the method itself, its
        // type's attributes, then its own; built only if asked.
        _metadata = new Lazy<IReadOnlyList<object>>(() =>
            [info.Method, .. info.Method.DeclaringType!.GetCustomAttributes(inherit: true), .. info.Method.GetCustomAttributes(inherit: true)]);
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => _metadata.Value;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        _tool.Value.InvokeAsync(request, cancellationToken);
}
