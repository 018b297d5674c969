using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

/// <summary>Miro's /v2-experimental surface: mind maps, flowchart shapes, code widgets. Miro may change these.</summary>
[McpServerToolType]
internal sealed class ExperimentalTools(MiroClient miro)
{
    [McpServerTool(Name = "create_mindmap_node", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a mind-map node (experimental API). Without parentNodeId it starts a new mind map (a root); with it, a child of that node.")]
    [MiroOperations("create-mindmap-nodes-experimental")]
    public async Task<string> CreateMindmapNodeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Node text.")] string content,
        [Description("Id of the parent node; omit to create a root node.")] string? parentNodeId = null,
        [Description("Root only: centre x on the board.")] double? x = null,
        [Description("Root only: centre y on the board.")] double? y = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CreateMindmapNodesExperimental, [boardId], null,
            Object(
                ("data", new JsonObject { ["nodeView"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "text", ["content"] = content } } }),
                ("position", parentNodeId is null ? Position(x, y) : null),
                ("parent", Parent(parentNodeId))) ?? [],
            cancellationToken));

    [McpServerTool(Name = "list_mindmap_nodes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the mind-map nodes on a board (experimental API), with each node's parent.")]
    [MiroOperations("get-mindmap-nodes-experimental")]
    public Task<string> ListMindmapNodesAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        CursorListAsync(miro, MiroOperations.GetMindmapNodesExperimental, [boardId], [], limit, cursor, all, cancellationToken);

    [McpServerTool(Name = "get_mindmap_node", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one mind-map node (experimental API).")]
    [MiroOperations("get-mindmap-node-experimental")]
    public async Task<string> GetMindmapNodeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Node id.")] string nodeId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetMindmapNodeExperimental, [boardId, nodeId], null, cancellationToken));

    [McpServerTool(Name = "delete_mindmap_node", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a mind-map node and its child nodes (experimental API).")]
    [MiroOperations("delete-mindmap-node-experimental")]
    public async Task<string> DeleteMindmapNodeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Node id.")] string nodeId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteMindmapNodeExperimental, [boardId, nodeId], null, null, cancellationToken);
        return Done($"mind-map node {nodeId} deleted");
    }

    [McpServerTool(Name = "create_flowchart_shape", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a flowchart shape (process, decision, terminator, …; experimental API). Connect shapes with create_connector.")]
    [MiroOperations("create-shape-item-flowchart")]
    public Task<string> CreateFlowchartShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Flowchart or basic shape, e.g. flow_chart_process, flow_chart_decision.")] FlowchartShapeType shape,
        [Description("Text inside the shape.")] string? content = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateShapeItemFlowchart, [boardId],
            WidgetTools.Shape(Wire<FlowchartShapeType>(shape), content, fillColor, null, null, null, null, null, null, null, null, x, y, width, height, null, parentId),
            cancellationToken);

    [McpServerTool(Name = "get_flowchart_shape", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one flowchart shape (experimental API).")]
    [MiroOperations("get-shape-item-flowchart")]
    public async Task<string> GetFlowchartShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetShapeItemFlowchart, [boardId, itemId], null, cancellationToken));

    [McpServerTool(Name = "update_flowchart_shape", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a flowchart shape's type, text, colour, size, position or frame (experimental API).")]
    [MiroOperations("update-shape-item-flowchart")]
    public Task<string> UpdateFlowchartShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New shape.")] FlowchartShapeType? shape = null,
        [Description("Text inside the shape.")] string? content = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateShapeItemFlowchart, [boardId, itemId],
            WidgetTools.Shape(Wire(shape), content, fillColor, null, null, null, null, null, null, null, null, x, y, width, height, null, parentId),
            cancellationToken);

    [McpServerTool(Name = "delete_flowchart_shape", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a flowchart shape (experimental API).")]
    [MiroOperations("delete-shape-item-flowchart")]
    public async Task<string> DeleteFlowchartShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteShapeItemFlowchart, [boardId, itemId], null, null, cancellationToken);
        return Done($"flowchart shape {itemId} deleted");
    }

    [McpServerTool(Name = "create_code_widget", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a code block with syntax highlighting (experimental API).")]
    [MiroOperations("create-code-widget-item")]
    public Task<string> CreateCodeWidgetAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("The code.")] string code,
        [Description("Language, e.g. csharp, python, typescript.")] string? language = null,
        [Description("Title shown above the code.")] string? title = null,
        [Description("Show line numbers.")] bool? lineNumbersVisible = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateCodeWidgetItem, [boardId], Code(code, language, title, lineNumbersVisible, x, y, width, parentId), cancellationToken);

    [McpServerTool(Name = "list_code_widgets", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the code blocks on a board (experimental API).")]
    [MiroOperations("get-code-widget-items")]
    public Task<string> ListCodeWidgetsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        CursorListAsync(miro, MiroOperations.GetCodeWidgetItems, [boardId], [], limit, cursor, all, cancellationToken);

    [McpServerTool(Name = "get_code_widget", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one code block (experimental API).")]
    [MiroOperations("get-code-widget-item")]
    public async Task<string> GetCodeWidgetAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetCodeWidgetItem, [boardId, itemId], null, cancellationToken));

    [McpServerTool(Name = "update_code_widget", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a code block's code, language, title or line numbers (experimental API).")]
    [MiroOperations("update-code-widget-item")]
    public Task<string> UpdateCodeWidgetAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New code.")] string? code = null,
        [Description("Language.")] string? language = null,
        [Description("Title.")] string? title = null,
        [Description("Show line numbers.")] bool? lineNumbersVisible = null,
        [Description(Describe.Width)] double? width = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateCodeWidgetItem, [boardId, itemId], Code(code, language, title, lineNumbersVisible, null, null, width, null), cancellationToken);

    [McpServerTool(Name = "move_code_widget", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Move a code block (experimental API).")]
    [MiroOperations("move-code-widget-item")]
    public Task<string> MoveCodeWidgetAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description(Describe.X)] double x,
        [Description(Describe.Y)] double y,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.MoveCodeWidgetItem, [boardId, itemId], Position(x, y), cancellationToken);

    [McpServerTool(Name = "delete_code_widget", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a code block (experimental API).")]
    [MiroOperations("delete-code-widget-item")]
    public async Task<string> DeleteCodeWidgetAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteCodeWidgetItem, [boardId, itemId], null, null, cancellationToken);
        return Done($"code block {itemId} deleted");
    }

    private async Task<string> SendAsync(MiroOperation operation, string[] path, JsonObject? body, CancellationToken cancellationToken) =>
        Render(await miro.SendAsync(operation, path, null,
            body ?? (operation.Method == "POST" ? new JsonObject() : throw new McpException("Nothing to change: give at least one field.")),
            cancellationToken));

    private static JsonObject? Code(string? code, string? language, string? title, bool? lineNumbersVisible, double? x, double? y, double? width, string? parentId) =>
        Object(
            ("data", Object(("code", code), ("language", language), ("title", title), ("lineNumbersVisible", lineNumbersVisible))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, null)),
            ("parent", Parent(parentId)));
}
