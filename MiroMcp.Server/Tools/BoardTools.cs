using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class BoardTools(MiroClient miro)
{
    [McpServerTool(Name = "list_boards", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the boards the user can open, optionally filtered by text, team or owner. Returns one page (offset paging) or, with all=true, every board.")]
    [MiroOperations("get-boards"), Essential]
    public Task<string> ListBoardsAsync(
        [Description("Text to find in board names and descriptions.")] string? query = null,
        [Description("Only boards of this team id.")] string? teamId = null,
        [Description("Only boards owned by this user id.")] string? owner = null,
        [Description("Sort order (default: last modified first).")] BoardSort? sort = null,
        [Description("Page size, 1–50 (default 20).")] int? limit = null,
        [Description("Index of the first board, from the previous page's nextOffset.")] int? offset = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        OffsetListAsync(miro, MiroOperations.GetBoards, [],
            [new("query", query), new("team_id", teamId), new("owner", owner), new("sort", Wire(sort))],
            limit, offset, all, 50, cancellationToken);

    [McpServerTool(Name = "find_board", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Find a board by name: exact (case-insensitive) matches first, then names containing the text. Returns id, name and view link of up to 10 boards.")]
    [MiroOperations("get-boards")]
    public async Task<string> FindBoardAsync(
        [Description("The board's name or part of it.")] string name,
        CancellationToken cancellationToken = default)
    {
        var boards = new List<JsonObject>();
        for (var offset = 0; boards.Count < ToolJson.MaxItems;)
        {
            var page = await miro.GetAsync(MiroOperations.GetBoards, [], [new("query", name), new("limit", "50"), new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))], cancellationToken);
            var data = page?["data"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            boards.AddRange(data);
            offset += data.Count;
            if (data.Count == 0 || offset >= (page?["total"]?.GetValue<int>() ?? 0))
            {
                break;
            }
        }

        var matches = boards
            .Select(board => (Board: board, Name: board["name"]?.GetValue<string>() ?? string.Empty))
            .Where(pair => pair.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(pair => string.Equals(pair.Name, name, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(pair => pair.Name.Length)
            .Take(10)
            .Select(pair => (JsonNode?)new JsonObject { ["id"] = pair.Board["id"]?.DeepClone(), ["name"] = pair.Name, ["viewLink"] = pair.Board["viewLink"]?.DeepClone() })
            .ToArray();
        return Render(new JsonObject { ["data"] = new JsonArray(matches), ["size"] = matches.Length });
    }

    [McpServerTool(Name = "get_board", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get a board's name, description, owner, sharing policy and view link.")]
    [MiroOperations("get-specific-board"), Essential]
    public async Task<string> GetBoardAsync(
        [Description(Describe.BoardId)] string boardId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetSpecificBoard, [boardId], null, cancellationToken));

    [McpServerTool(Name = "create_board", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create a new board owned by the user.")]
    [MiroOperations("create-board"), Essential]
    public async Task<string> CreateBoardAsync(
        [Description("Board name (1–60 characters).")] string name,
        [Description("Board description (up to 300 characters).")] string? description = null,
        [Description("Who can open the board by link.")] BoardAccess? access = null,
        [Description("What members of the team can do.")] TeamAccess? teamAccess = null,
        [Description("Team id to create the board in (default: the user's current team).")] string? teamId = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CreateBoard, [], null,
            Object(("name", name), ("description", description), ("teamId", teamId), ("policy", Policy(access, teamAccess))) ?? [],
            cancellationToken));

    [McpServerTool(Name = "update_board", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Rename a board, change its description or its sharing policy. Only the given fields change.")]
    [MiroOperations("update-board")]
    public async Task<string> UpdateBoardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("New name.")] string? name = null,
        [Description("New description.")] string? description = null,
        [Description("Who can open the board by link.")] BoardAccess? access = null,
        [Description("What members of the team can do.")] TeamAccess? teamAccess = null,
        CancellationToken cancellationToken = default)
    {
        var body = Object(("name", name), ("description", description), ("policy", Policy(access, teamAccess)))
            ?? throw new McpException("Nothing to change: give name, description, access or teamAccess.");
        return Render(await miro.SendAsync(MiroOperations.UpdateBoard, [boardId], null, body, cancellationToken));
    }

    [McpServerTool(Name = "copy_board", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Copy a board with all its content into a new board.")]
    [MiroOperations("copy-board")]
    public async Task<string> CopyBoardAsync(
        [Description("Id of the board to copy.")] string boardId,
        [Description("Name of the copy (default: the original's name).")] string? name = null,
        [Description("Description of the copy.")] string? description = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.CopyBoard, [], [new("copy_from", boardId)],
            Object(("name", name), ("description", description)) ?? [], cancellationToken));

    [McpServerTool(Name = "delete_board", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete a board and everything on it (on paid plans Miro keeps it in Trash for 90 days).")]
    [MiroOperations("delete-board")]
    public async Task<string> DeleteBoardAsync(
        [Description(Describe.BoardId)] string boardId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.DeleteBoard, [boardId], null, null, cancellationToken);
        return Done($"board {boardId} deleted");
    }

    [McpServerTool(Name = "get_board_summary", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Summarise a board: name, item counts by type, frames with titles, tags and connector count. Reads every item page.")]
    [MiroOperations("get-specific-board", "get-items", "get-connectors", "get-tags-from-board"), Essential]
    public async Task<string> GetBoardSummaryAsync(
        [Description(Describe.BoardId)] string boardId,
        CancellationToken cancellationToken = default)
    {
        var summary = await BoardReader.SummaryAsync(miro, boardId, cancellationToken);
        return Render(summary);
    }

    [McpServerTool(Name = "search_board", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Find items whose text (content, title, description) contains the given text, case-insensitive. Reads every item page.")]
    [MiroOperations("get-items"), Essential]
    public async Task<string> SearchBoardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Text to find.")] string text,
        [Description("Only items of this type.")] ItemType? type = null,
        CancellationToken cancellationToken = default)
    {
        var items = await BoardReader.AllItemsAsync(miro, boardId, Wire(type), null, cancellationToken);
        var matches = new JsonArray(items.Where(item => BoardReader.TextOf(item).Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(item => (JsonNode?)new JsonObject
            {
                ["id"] = item["id"]?.DeepClone(),
                ["type"] = item["type"]?.DeepClone(),
                ["text"] = BoardReader.TextOf(item),
                ["parentId"] = item["parent"]?["id"]?.DeepClone(),
            }).ToArray());
        return Render(new JsonObject { ["data"] = matches, ["size"] = matches.Count, ["searched"] = items.Count });
    }

    private static JsonObject? Policy(BoardAccess? access, TeamAccess? teamAccess) =>
        Object(("sharingPolicy", Object(("access", Wire(access)), ("teamAccess", Wire(teamAccess)))));
}

/// <summary>Reads whole boards for the summary, search and resources.</summary>
internal static class BoardReader
{
    private static readonly string[] TextFields = ["content", "title", "description"];

    public static async Task<List<JsonObject>> AllItemsAsync(MiroClient miro, string boardId, string? type, string? parentId, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var operation = parentId is null ? MiroOperations.GetItems : MiroOperations.GetItemsWithinFrame;
            var page = await miro.GetAsync(operation, [boardId],
                [new("limit", "50"), new("type", type), new("parent_item_id", parentId), new("cursor", cursor)], cancellationToken);
            items.AddRange(page?["data"]?.AsArray().OfType<JsonObject>() ?? []);
            cursor = page?["cursor"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(cursor) && items.Count < ToolJson.MaxItems);

        return items;
    }

    public static async Task<JsonObject> SummaryAsync(MiroClient miro, string boardId, CancellationToken cancellationToken)
    {
        var board = await miro.GetAsync(MiroOperations.GetSpecificBoard, [boardId], null, cancellationToken);
        var items = await AllItemsAsync(miro, boardId, null, null, cancellationToken);
        var connectors = await miro.GetAsync(MiroOperations.GetConnectors, [boardId], [new("limit", "10")], cancellationToken);
        var tags = await miro.GetAsync(MiroOperations.GetTagsFromBoard, [boardId], [new("limit", "50")], cancellationToken);
        var counts = new JsonObject();
        foreach (var group in items.GroupBy(item => item["type"]?.GetValue<string>() ?? "unknown").OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            counts[group.Key] = group.Count();
        }

        return new JsonObject
        {
            ["id"] = boardId,
            ["name"] = board?["name"]?.DeepClone(),
            ["description"] = board?["description"]?.DeepClone(),
            ["viewLink"] = board?["viewLink"]?.DeepClone(),
            ["itemCount"] = items.Count,
            ["itemsByType"] = counts,
            ["frames"] = new JsonArray(items.Where(item => item["type"]?.GetValue<string>() == "frame")
                .Select(frame => (JsonNode?)new JsonObject { ["id"] = frame["id"]?.DeepClone(), ["title"] = frame["data"]?["title"]?.DeepClone() }).ToArray()),
            ["connectorCount"] = connectors?["total"]?.DeepClone() ?? connectors?["size"]?.DeepClone(),
            ["tags"] = new JsonArray((tags?["data"]?.AsArray() ?? []).Select(tag => (JsonNode?)new JsonObject { ["id"] = tag?["id"]?.DeepClone(), ["title"] = tag?["title"]?.DeepClone() }).ToArray()),
        };
    }

    public static string TextOf(JsonObject item)
    {
        var data = item["data"] as JsonObject;
        var parts = TextFields
            .Select(name => data?[name])
            .Where(value => value?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(value => value!.GetValue<string>());
        return string.Join(" ", parts);
    }
}
