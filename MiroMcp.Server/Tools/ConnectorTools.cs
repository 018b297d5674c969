using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class ConnectorTools(MiroClient miro)
{
    [McpServerTool(Name = "list_connectors", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the connectors (lines between items) on a board. Cursor pages of 10–50, or all=true for every connector.")]
    [MiroOperations("get-connectors")]
    public Task<string> ListConnectorsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        CursorListAsync(miro, MiroOperations.GetConnectors, [boardId], [], limit, cursor, all, cancellationToken);

    [McpServerTool(Name = "get_connector", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one connector: its start and end items, shape, captions and style.")]
    [MiroOperations("get-connector")]
    public async Task<string> GetConnectorAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Connector id.")] string connectorId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetConnector, [boardId, connectorId], null, cancellationToken));

    [McpServerTool(Name = "create_connector", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Connect two items with a line or arrow, optionally with a caption. Connectors cannot attach to other connectors.")]
    [MiroOperations("create-connector"), Essential]
    public async Task<string> CreateConnectorAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Id of the item where the line starts.")] string startItemId,
        [Description("Id of the item where the line ends (must differ from the start).")] string endItemId,
        [Description("Line shape (default curved).")] ConnectorShape? shape = null,
        [Description("Caption text shown on the line.")] string? caption = null,
        [Description("Line " + Describe.HexColor)] string? strokeColor = null,
        [Description("Line width, 1–24.")] double? strokeWidth = null,
        [Description("Line style.")] LineStyle? strokeStyle = null,
        [Description("Decoration at the start (default none).")] StrokeCap? startCap = null,
        [Description("Decoration at the end (default stealth arrow).")] StrokeCap? endCap = null,
        [Description("Side of the start item to attach to (default auto).")] SnapTo? startSnapTo = null,
        [Description("Side of the end item to attach to (default auto).")] SnapTo? endSnapTo = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CreateConnector, [boardId], null,
            Body(startItemId, endItemId, shape, caption, strokeColor, strokeWidth, strokeStyle, startCap, endCap, startSnapTo, endSnapTo) ?? [],
            cancellationToken));

    [McpServerTool(Name = "update_connector", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a connector's ends, shape, caption or style. Only the given fields change.")]
    [MiroOperations("update-connector")]
    public async Task<string> UpdateConnectorAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Connector id.")] string connectorId,
        [Description("New start item id.")] string? startItemId = null,
        [Description("New end item id.")] string? endItemId = null,
        [Description("Line shape.")] ConnectorShape? shape = null,
        [Description("Caption text (replaces existing captions).")] string? caption = null,
        [Description("Line " + Describe.HexColor)] string? strokeColor = null,
        [Description("Line width, 1–24.")] double? strokeWidth = null,
        [Description("Line style.")] LineStyle? strokeStyle = null,
        [Description("Decoration at the start.")] StrokeCap? startCap = null,
        [Description("Decoration at the end.")] StrokeCap? endCap = null,
        [Description("Side of the start item to attach to.")] SnapTo? startSnapTo = null,
        [Description("Side of the end item to attach to.")] SnapTo? endSnapTo = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.UpdateConnector, [boardId, connectorId], null,
            Body(startItemId, endItemId, shape, caption, strokeColor, strokeWidth, strokeStyle, startCap, endCap, startSnapTo, endSnapTo)
                ?? throw new McpException("Nothing to change: give at least one field."),
            cancellationToken));

    [McpServerTool(Name = "delete_connector", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a connector (the connected items stay).")]
    [MiroOperations("delete-connector")]
    public async Task<string> DeleteConnectorAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Connector id.")] string connectorId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteConnector, [boardId, connectorId], null, null, cancellationToken);
        return Done($"connector {connectorId} deleted");
    }

    private static JsonObject? Body(string? startItemId, string? endItemId, ConnectorShape? shape, string? caption, string? strokeColor,
        double? strokeWidth, LineStyle? strokeStyle, StrokeCap? startCap, StrokeCap? endCap, SnapTo? startSnapTo, SnapTo? endSnapTo) =>
        Object(
            ("startItem", string.IsNullOrWhiteSpace(startItemId) ? null : Object(("id", startItemId), ("snapTo", Wire(startSnapTo)))),
            ("endItem", string.IsNullOrWhiteSpace(endItemId) ? null : Object(("id", endItemId), ("snapTo", Wire(endSnapTo)))),
            ("shape", Wire(shape)),
            ("captions", caption is null ? null : new JsonArray(new JsonObject { ["content"] = caption })),
            ("style", Object(("strokeColor", strokeColor), ("strokeWidth", WidgetTools.Number(strokeWidth)), ("strokeStyle", Wire(strokeStyle)),
                ("startStrokeCap", Wire(startCap)), ("endStrokeCap", Wire(endCap)))));
}
