using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class GroupTools(MiroClient miro)
{
    [McpServerTool(Name = "list_groups", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the item groups on a board (each with its item ids).")]
    [MiroOperations("get-all-groups")]
    public Task<string> ListGroupsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        CursorListAsync(miro, MiroOperations.GetAllGroups, [boardId], [], limit, cursor, all, cancellationToken);

    [McpServerTool(Name = "get_group", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one group's item ids.")]
    [MiroOperations("getGroupById")]
    public async Task<string> GetGroupAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Group id.")] string groupId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetGroupById, [boardId, groupId], null, cancellationToken));

    [McpServerTool(Name = "list_group_items", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the items of one group with their content.")]
    [MiroOperations("getItemsByGroupId")]
    public Task<string> ListGroupItemsAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Group id.")] string groupId,
        [Description("Page size, 10–50.")] int? limit = null,
        [Description(Describe.Cursor)] string? cursor = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        CursorListAsync(miro, MiroOperations.GetItemsByGroupId, [boardId], [new("group_item_id", groupId)], limit, cursor, all, cancellationToken);

    [McpServerTool(Name = "create_group", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Group two or more items so they move together.")]
    [MiroOperations("createGroup")]
    public async Task<string> CreateGroupAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Ids of the items to group (at least two).")] string[] itemIds,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CreateGroup, [boardId], null, Items(itemIds), cancellationToken));

    [McpServerTool(Name = "update_group", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Replace the items of a group.")]
    [MiroOperations("updateGroup")]
    public async Task<string> UpdateGroupAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Group id.")] string groupId,
        [Description("The group's new item ids (at least two).")] string[] itemIds,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.UpdateGroup, [boardId, groupId], null, Items(itemIds), cancellationToken));

    [McpServerTool(Name = "ungroup", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Dissolve a group; its items stay on the board.")]
    [MiroOperations("unGroup")]
    public async Task<string> UngroupAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Group id.")] string groupId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.UnGroup, [boardId, groupId], [new("delete_items", "false")], null, cancellationToken);
        return Done($"group {groupId} dissolved; items kept");
    }

    [McpServerTool(Name = "delete_group", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a group AND all of its items.")]
    [MiroOperations("deleteGroup")]
    public async Task<string> DeleteGroupAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Group id.")] string groupId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteGroup, [boardId, groupId], [new("delete_items", "true")], null, cancellationToken);
        return Done($"group {groupId} and its items deleted");
    }

    private static JsonObject Items(string[] itemIds) =>
        itemIds is { Length: >= 2 }
            ? new JsonObject { ["data"] = new JsonObject { ["items"] = new JsonArray(itemIds.Select(id => (JsonNode?)id).ToArray()) } }
            : throw new McpException("A group needs at least two item ids.");
}
