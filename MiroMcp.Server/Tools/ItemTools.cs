using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class ItemTools(MiroClient miro)
{
    private static readonly Dictionary<string, (MiroOperation Get, MiroOperation Delete)> ByType = new(StringComparer.Ordinal)
    {
        ["sticky_note"] = (MiroOperations.GetStickyNoteItem, MiroOperations.DeleteStickyNoteItem),
        ["shape"] = (MiroOperations.GetShapeItem, MiroOperations.DeleteShapeItem),
        ["text"] = (MiroOperations.GetTextItem, MiroOperations.DeleteTextItem),
        ["card"] = (MiroOperations.GetCardItem, MiroOperations.DeleteCardItem),
        ["app_card"] = (MiroOperations.GetAppCardItem, MiroOperations.DeleteAppCardItem),
        ["frame"] = (MiroOperations.GetFrameItem, MiroOperations.DeleteFrameItem),
        ["image"] = (MiroOperations.GetImageItem, MiroOperations.DeleteImageItem),
        ["document"] = (MiroOperations.GetDocumentItem, MiroOperations.DeleteDocumentItem),
        ["embed"] = (MiroOperations.GetEmbedItem, MiroOperations.DeleteEmbedItem),
        ["doc_format"] = (MiroOperations.GetDocFormatItem, MiroOperations.DeleteDocFormatItem),
    };

    [McpServerTool(Name = "list_items", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List items on a board, optionally only one type or only the items inside one frame. Cursor pages of 10–50, or all=true to follow every cursor to the end.")]
    [MiroOperations("get-items", "get-items-within-frame", "get-items-experimental"), Essential]
    public async Task<string> ListItemsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Only items of this type.")] ItemType? type = null,
        [Description("Only items inside this frame (their x/y are relative to the frame's top-left corner).")] string? parentId = null,
        [Description("Use Miro's experimental endpoint, which also lists flowchart shapes (type shape only).")] bool experimental = false,
        [Description("Page size, 10–50 (default 10; 50 with all=true).")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        [Description("true: only id, type, text, x, y and parentId per item (much smaller output).")] bool summary = false,
        CancellationToken cancellationToken = default)
    {
        var operation = experimental ? MiroOperations.GetItemsExperimental
            : string.IsNullOrWhiteSpace(parentId) ? MiroOperations.GetItems
            : MiroOperations.GetItemsWithinFrame;
        var result = await CursorListAsync(miro, operation, [boardId], [new("type", Wire(type)), new("parent_item_id", string.IsNullOrWhiteSpace(parentId) ? null : parentId)],
            limit, cursor, all, cancellationToken);
        if (!summary)
        {
            return result;
        }

        var page = JsonNode.Parse(result)!;
        page["data"] = new JsonArray((page["data"]?.AsArray().OfType<JsonObject>() ?? []).Select(item => (JsonNode?)new JsonObject
        {
            ["id"] = item["id"]?.DeepClone(),
            ["type"] = item["type"]?.DeepClone(),
            ["text"] = BoardReader.TextOf(item),
            ["x"] = item["position"]?["x"]?.DeepClone(),
            ["y"] = item["position"]?["y"]?.DeepClone(),
            ["parentId"] = item["parent"]?["id"]?.DeepClone(),
        }).ToArray());
        return page.ToJsonString();
    }

    [McpServerTool(Name = "list_frame_items", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the items inside one frame. Their position x/y are relative to the frame's top-left corner; boardPosition gives the same point in board coordinates. Cursor pages, or all=true for every item.")]
    [MiroOperations("get-frame-item", "get-items-within-frame")]
    public async Task<string> ListFrameItemsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Frame id (list_items with type=frame lists the frames).")] string frameId,
        [Description("Only items of this type.")] ItemType? type = null,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default)
    {
        var frame = await miro.GetAsync(MiroOperations.GetFrameItem, [boardId, frameId], null, cancellationToken);
        var left = (frame?["position"]?["x"]?.GetValue<double>() ?? 0) - ((frame?["geometry"]?["width"]?.GetValue<double>() ?? 0) / 2);
        var top = (frame?["position"]?["y"]?.GetValue<double>() ?? 0) - ((frame?["geometry"]?["height"]?.GetValue<double>() ?? 0) / 2);
        var page = JsonNode.Parse(await CursorListAsync(miro, MiroOperations.GetItemsWithinFrame, [boardId],
            [new("type", Wire(type)), new("parent_item_id", frameId)], limit, cursor, all, cancellationToken))!;
        foreach (var item in page["data"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (item["position"] is JsonObject position && position["x"] is not null && position["y"] is not null)
            {
                item["boardPosition"] = new JsonObject
                {
                    ["x"] = left + position["x"]!.GetValue<double>(),
                    ["y"] = top + position["y"]!.GetValue<double>(),
                };
            }
        }

        return page.ToJsonString();
    }

    [McpServerTool(Name = "get_item", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one item with its data, style, position, size and parent. Give its type to read type-specific fields.")]
    [MiroOperations("get-specific-item", "get-specific-item-experimental", "get-sticky-note-item", "get-shape-item", "get-text-item", "get-card-item",
        "get-app-card-item", "get-frame-item", "get-image-item", "get-document-item", "get-embed-item", "get-doc-format-item"), Essential]
    public async Task<string> GetItemAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("The item's type, if known.")] ItemType? type = null,
        [Description("Use Miro's experimental endpoint (flowchart shapes, mind-map nodes).")] bool experimental = false,
        CancellationToken cancellationToken = default)
    {
        var operation = experimental ? MiroOperations.GetSpecificItemExperimental
            : Wire(type) is { } wire && ByType.TryGetValue(wire, out var typed) ? typed.Get
            : MiroOperations.GetSpecificItem;
        return Render(await miro.GetAsync(operation, [boardId, itemId], null, cancellationToken));
    }

    [McpServerTool(Name = "move_item", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Move an item: change its position and/or put it into a frame. With parentId, x/y are relative to that frame's top-left corner.")]
    [MiroOperations("update-item-position-or-parent"), Essential]
    public async Task<string> MoveItemAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default)
    {
        var body = Object(("position", Position(x, y)), ("parent", Parent(parentId)))
            ?? throw new McpException("Nothing to change: give x, y or parentId.");
        return Render(await miro.SendAsync(MiroOperations.UpdateItemPositionOrParent, [boardId, itemId], null, body, cancellationToken));
    }

    [McpServerTool(Name = "delete_item", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete one item (any type). Connectors use delete_connector.")]
    [MiroOperations("delete-item", "delete-item-experimental", "delete-sticky-note-item", "delete-shape-item", "delete-text-item", "delete-card-item",
        "delete-app-card-item", "delete-frame-item", "delete-image-item", "delete-document-item", "delete-embed-item", "delete-doc-format-item"), Essential]
    public async Task<string> DeleteItemAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("The item's type, if known (checked by Miro).")] ItemType? type = null,
        [Description("Use Miro's experimental endpoint (flowchart shapes, mind-map nodes).")] bool experimental = false,
        CancellationToken cancellationToken = default)
    {
        var operation = experimental ? MiroOperations.DeleteItemExperimental
            : Wire(type) is { } wire && ByType.TryGetValue(wire, out var typed) ? typed.Delete
            : MiroOperations.DeleteItem;
        await miro.SendAsync(operation, [boardId, itemId], null, null, cancellationToken);
        return Done($"item {itemId} deleted");
    }
}
