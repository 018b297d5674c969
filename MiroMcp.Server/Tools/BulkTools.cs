using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

/// <summary>One item of a bulk create.</summary>
internal sealed record BulkItem(
    [property: Description("Item type.")] BulkItemType Type,
    [property: Description("Text of a sticky_note, text or shape.")] string? Content = null,
    [property: Description("Title of an app_card, image or document.")] string? Title = null,
    [property: Description("URL of an image or document.")] string? Url = null,
    [property: Description("sticky_note: square|rectangle; shape: a shape name such as rectangle, circle, triangle.")] string? Shape = null,
    [property: Description("sticky_note: a colour name such as yellow, light_blue; shape/text: a hex colour.")] string? Color = null,
    [property: Description(Describe.X)] double? X = null,
    [property: Description(Describe.Y)] double? Y = null,
    [property: Description(Describe.Width)] double? Width = null,
    [property: Description("Height (not for sticky notes given a width).")] double? Height = null,
    [property: Description(Describe.ParentId)] string? ParentId = null);

[McpServerToolType]
internal sealed class BulkTools(MiroClient miro)
{
    /// <summary>Miro's limit per bulk request.</summary>
    public const int ChunkSize = 20;

    [McpServerTool(Name = "bulk_create", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create many items in one go (sticky notes, text, shapes, app cards, images, documents). Sent in chunks of 20; each chunk succeeds or fails as a whole and the result lists every chunk.")]
    [MiroOperations("create-items"), Essential]
    public async Task<string> BulkCreateAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Items to create, in order (up to 500).")] BulkItem[] items,
        CancellationToken cancellationToken = default)
    {
        if (items is not { Length: > 0 and <= 500 })
        {
            throw new McpException("Give 1 to 500 items.");
        }

        var chunks = new JsonArray();
        var created = 0;
        var failed = 0;
        for (var start = 0; start < items.Length; start += ChunkSize)
        {
            var chunk = items.Skip(start).Take(ChunkSize).ToArray();
            var result = new JsonObject { ["first"] = start, ["count"] = chunk.Length };
            try
            {
                var response = await miro.SendAsync(MiroOperations.CreateItems, [boardId], null,
                    new JsonArray(chunk.Select(item => (JsonNode?)ItemBody(item)).ToArray()), cancellationToken);
                var ids = new JsonArray((response?["data"]?.AsArray() ?? []).Select(item => (JsonNode?)item?["id"]?.DeepClone()).ToArray());
                result["ids"] = ids;
                created += ids.Count;
            }
            catch (McpException exception)
            {
                result["error"] = exception.Message;
                failed += chunk.Length;
            }

            chunks.Add((JsonNode)result);
        }

        return Render(new JsonObject { ["created"] = created, ["failed"] = failed, ["chunks"] = chunks });
    }

    [McpServerTool(Name = "create_sticky_grid", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Lay out sticky notes in a grid, row by row, from a list of texts (bulk requests of 20).")]
    [MiroOperations("create-items")]
    public Task<string> CreateStickyGridAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Text of each note, in reading order (up to 500).")] string[] contents,
        [Description("Notes per row (default 5).")] int? columns = null,
        [Description("Fill colour of every note (default light_yellow).")] StickyNoteColor? color = null,
        [Description("Centre x of the first note.")] double? x = null,
        [Description("Centre y of the first note.")] double? y = null,
        [Description("Distance between note centres (default 250).")] double? spacing = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default)
    {
        var perRow = Math.Clamp(columns ?? 5, 1, 50);
        var step = spacing ?? 250;
        var items = (contents ?? []).Select((content, index) => new BulkItem(
            BulkItemType.StickyNote, Content: content, Color: Wire(color),
            X: (x ?? 0) + (index % perRow) * step, Y: (y ?? 0) + (index / perRow) * step, ParentId: parentId)).ToArray();
        return BulkCreateAsync(boardId, items, cancellationToken);
    }

    private static JsonObject ItemBody(BulkItem item)
    {
        var type = Wire<BulkItemType>(item.Type)!;
        var sticky = type == "sticky_note";
        var data = type switch
        {
            "sticky_note" => Object(("content", item.Content), ("shape", item.Shape)),
            "shape" => Object(("content", item.Content), ("shape", item.Shape ?? "rectangle")),
            "text" => Object(("content", item.Content ?? string.Empty)),
            "app_card" => Object(("title", item.Title ?? item.Content)),
            _ => Object(("url", item.Url ?? throw new McpException($"A bulk {type} needs a url.")), ("title", item.Title)),
        };
        var style = type switch
        {
            "sticky_note" => Object(("fillColor", item.Color)),
            "shape" => Object(("fillColor", item.Color)),
            "text" => Object(("color", item.Color)),
            _ => null,
        };
        var geometry = sticky && item.Width is not null ? Geometry(item.Width, null) : type == "text" ? Geometry(item.Width, null) : Geometry(item.Width, item.Height);
        return Object(("type", type), ("data", data), ("style", style), ("position", Position(item.X ?? 0, item.Y ?? 0)), ("geometry", geometry), ("parent", Parent(item.ParentId)))!;
    }
}
