using System.ComponentModel;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class TagTools(MiroClient miro)
{
    [McpServerTool(Name = "list_tags", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the tags defined on a board.")]
    [MiroOperations("get-tags-from-board")]
    public Task<string> ListTagsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 1–50 (default 20).")] int? limit = null,
        [Description("Index of the first tag, from nextOffset.")] int? offset = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        OffsetListAsync(miro, MiroOperations.GetTagsFromBoard, [boardId], [], limit, offset, all, 50, cancellationToken);

    [McpServerTool(Name = "get_tag", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one tag's title and colour.")]
    [MiroOperations("get-tag")]
    public async Task<string> GetTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Tag id (from list_tags).")] string tagId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetTag, [boardId, tagId], null, cancellationToken));

    [McpServerTool(Name = "create_tag", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create a tag on a board (titles are unique per board, case-sensitive). Attach it with attach_tag.")]
    [MiroOperations("create-tag")]
    public async Task<string> CreateTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Tag text, up to 120 characters.")] string title,
        [Description("Tag colour (default red).")] TagColor? color = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CreateTag, [boardId], null, Object(("title", title), ("fillColor", Wire(color))) ?? [], cancellationToken));

    [McpServerTool(Name = "update_tag", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Rename or recolour a tag; every item carrying it shows the change.")]
    [MiroOperations("update-tag")]
    public async Task<string> UpdateTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Tag id.")] string tagId,
        [Description("New title.")] string? title = null,
        [Description("New colour.")] TagColor? color = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.UpdateTag, [boardId, tagId], null,
            Object(("title", title), ("fillColor", Wire(color))) ?? throw new McpException("Nothing to change: give title or color."), cancellationToken));

    [McpServerTool(Name = "delete_tag", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a tag from the board and from every item that carries it.")]
    [MiroOperations("delete-tag")]
    public async Task<string> DeleteTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Tag id.")] string tagId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteTag, [boardId, tagId], null, null, cancellationToken);
        return Done($"tag {tagId} deleted");
    }

    [McpServerTool(Name = "attach_tag", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Attach a tag to a sticky note or card (at most 8 tags per item).")]
    [MiroOperations("attach-tag-to-item")]
    public async Task<string> AttachTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Id of the sticky note or card.")] string itemId,
        [Description("Tag id.")] string tagId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.AttachTagToItem, [boardId, itemId], [new("tag_id", tagId)], null, cancellationToken);
        return Done($"tag {tagId} attached to item {itemId}");
    }

    [McpServerTool(Name = "detach_tag", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Remove a tag from an item (the tag stays on the board).")]
    [MiroOperations("remove-tag-from-item")]
    public async Task<string> DetachTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Tag id.")] string tagId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.RemoveTagFromItem, [boardId, itemId], [new("tag_id", tagId)], null, cancellationToken);
        return Done($"tag {tagId} removed from item {itemId}");
    }

    [McpServerTool(Name = "get_item_tags", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the tags attached to one item.")]
    [MiroOperations("get-tags-from-item")]
    public async Task<string> GetItemTagsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetTagsFromItem, [boardId, itemId], null, cancellationToken));

    [McpServerTool(Name = "list_items_by_tag", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the items that carry a tag.")]
    [MiroOperations("get-items-by-tag")]
    public Task<string> ListItemsByTagAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Tag id.")] string tagId,
        [Description("Page size, 1–50 (default 20).")] int? limit = null,
        [Description("Index of the first item, from nextOffset.")] int? offset = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        OffsetListAsync(miro, MiroOperations.GetItemsByTag, [boardId], [new("tag_id", tagId)], limit, offset, all, 50, cancellationToken);
}
