using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

[McpServerResourceType]
internal sealed class MiroResources(MiroClient miro)
{
    [McpServerResource(UriTemplate = "miro://boards/{boardId}/summary", Name = "board_summary", MimeType = "application/json")]
    [Description("A board's name, item counts by type, frames, tags and connector count.")]
    public async Task<string> BoardSummaryAsync(string boardId, CancellationToken cancellationToken) =>
        ToolJson.Render(await BoardReader.SummaryAsync(miro, boardId, cancellationToken));

    [McpServerResource(UriTemplate = "miro://boards/{boardId}/items", Name = "board_items", MimeType = "application/json")]
    [Description("Every item on a board (up to 1,000): id, type, text, position and parent.")]
    public async Task<string> BoardItemsAsync(string boardId, CancellationToken cancellationToken)
    {
        var items = await BoardReader.AllItemsAsync(miro, boardId, null, null, cancellationToken);
        return new JsonArray(items.Select(item => (JsonNode?)new JsonObject
        {
            ["id"] = item["id"]?.DeepClone(),
            ["type"] = item["type"]?.DeepClone(),
            ["text"] = BoardReader.TextOf(item),
            ["x"] = item["position"]?["x"]?.DeepClone(),
            ["y"] = item["position"]?["y"]?.DeepClone(),
            ["parentId"] = item["parent"]?["id"]?.DeepClone(),
        }).ToArray()).ToJsonString();
    }

    [McpServerResource(UriTemplate = "miro://boards/{boardId}/frames", Name = "board_frames", MimeType = "application/json")]
    [Description("The frames of a board with their titles, positions and sizes.")]
    public async Task<string> BoardFramesAsync(string boardId, CancellationToken cancellationToken)
    {
        var frames = await BoardReader.AllItemsAsync(miro, boardId, "frame", null, cancellationToken);
        return ToolJson.Render(new JsonArray(frames.Select(frame => (JsonNode?)new JsonObject
        {
            ["id"] = frame["id"]?.DeepClone(),
            ["title"] = frame["data"]?["title"]?.DeepClone(),
            ["position"] = frame["position"]?.DeepClone(),
            ["geometry"] = frame["geometry"]?.DeepClone(),
        }).ToArray()));
    }
}
