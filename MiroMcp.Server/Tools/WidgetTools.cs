using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

/// <summary>Create and update tools for each item type (get and delete: get_item, delete_item).</summary>
[McpServerToolType]
internal sealed class WidgetTools(MiroClient miro)
{
    [McpServerTool(Name = "create_sticky_note", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a sticky note. Give width or height, not both (Miro keeps the note's proportions).")]
    [MiroOperations("create-sticky-note-item"), Essential]
    public Task<string> CreateStickyNoteAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Text; simple HTML such as <p>, <b>, <i>, <a> is allowed.")] string content,
        [Description("Fill colour (default light_yellow).")] StickyNoteColor? color = null,
        [Description("square (default) or rectangle.")] StickyNoteShape? shape = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description("Vertical text alignment.")] TextAlignVertical? textAlignVertical = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateStickyNoteItem, [boardId], Sticky(content, color, shape, x, y, width, height, parentId, textAlign, textAlignVertical), cancellationToken);

    [McpServerTool(Name = "update_sticky_note", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a sticky note's text, colour, shape, alignment, size, position or frame. Only the given fields change.")]
    [MiroOperations("update-sticky-note-item")]
    public Task<string> UpdateStickyNoteAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New text.")] string? content = null,
        [Description("New fill colour.")] StickyNoteColor? color = null,
        [Description("square or rectangle.")] StickyNoteShape? shape = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description("Vertical text alignment.")] TextAlignVertical? textAlignVertical = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateStickyNoteItem, [boardId, itemId], Sticky(content, color, shape, x, y, width, height, parentId, textAlign, textAlignVertical), cancellationToken);

    [McpServerTool(Name = "create_shape", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a shape (rectangle, circle, arrow, …) with optional text inside.")]
    [MiroOperations("create-shape-item"), Essential]
    public Task<string> CreateShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Geometric shape (default rectangle).")] ShapeType? shape = null,
        [Description("Text inside the shape; simple HTML allowed.")] string? content = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description("Text " + Describe.HexColor)] string? textColor = null,
        [Description("Border " + Describe.HexColor)] string? borderColor = null,
        [Description("Border line style.")] LineStyle? borderStyle = null,
        [Description("Border width, 1–24.")] double? borderWidth = null,
        [Description("Font.")] FontFamily? fontFamily = null,
        [Description("Font size, 10–288.")] double? fontSize = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description("Vertical text alignment.")] TextAlignVertical? textAlignVertical = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateShapeItem, [boardId],
            Shape(Wire(shape), content, fillColor, textColor, borderColor, borderStyle, borderWidth, fontFamily, fontSize, textAlign, textAlignVertical, x, y, width, height, rotation, parentId),
            cancellationToken);

    [McpServerTool(Name = "update_shape", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a shape's type, text, colours, font, size, position or frame. Only the given fields change.")]
    [MiroOperations("update-shape-item")]
    public Task<string> UpdateShapeAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Geometric shape.")] ShapeType? shape = null,
        [Description("Text inside the shape.")] string? content = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description("Text " + Describe.HexColor)] string? textColor = null,
        [Description("Border " + Describe.HexColor)] string? borderColor = null,
        [Description("Border line style.")] LineStyle? borderStyle = null,
        [Description("Border width, 1–24.")] double? borderWidth = null,
        [Description("Font.")] FontFamily? fontFamily = null,
        [Description("Font size, 10–288.")] double? fontSize = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description("Vertical text alignment.")] TextAlignVertical? textAlignVertical = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateShapeItem, [boardId, itemId],
            Shape(Wire(shape), content, fillColor, textColor, borderColor, borderStyle, borderWidth, fontFamily, fontSize, textAlign, textAlignVertical, x, y, width, height, rotation, parentId),
            cancellationToken);

    [McpServerTool(Name = "create_text", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add free text (no box). Height follows the text; only width can be set.")]
    [MiroOperations("create-text-item"), Essential]
    public Task<string> CreateTextAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Text; simple HTML allowed.")] string content,
        [Description("Font.")] FontFamily? fontFamily = null,
        [Description("Font size.")] double? fontSize = null,
        [Description("Text " + Describe.HexColor)] string? color = null,
        [Description("Background " + Describe.HexColor)] string? fillColor = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateTextItem, [boardId], Text(content, fontFamily, fontSize, color, fillColor, textAlign, x, y, width, rotation, parentId), cancellationToken);

    [McpServerTool(Name = "update_text", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a text item's content, font, colours, width, position or frame. Only the given fields change.")]
    [MiroOperations("update-text-item")]
    public Task<string> UpdateTextAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New text.")] string? content = null,
        [Description("Font.")] FontFamily? fontFamily = null,
        [Description("Font size.")] double? fontSize = null,
        [Description("Text " + Describe.HexColor)] string? color = null,
        [Description("Background " + Describe.HexColor)] string? fillColor = null,
        [Description("Horizontal text alignment.")] TextAlign? textAlign = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateTextItem, [boardId, itemId], Text(content, fontFamily, fontSize, color, fillColor, textAlign, x, y, width, rotation, parentId), cancellationToken);

    [McpServerTool(Name = "create_card", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a task card with title, description, due date and assignee.")]
    [MiroOperations("create-card-item")]
    public Task<string> CreateCardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Card title.")] string title,
        [Description("Card description.")] string? description = null,
        [Description("Due date, ISO 8601, e.g. 2026-12-31T17:00:00Z.")] string? dueDate = null,
        [Description("User id of the assignee (see list_board_members).")] string? assigneeId = null,
        [Description("Border " + Describe.HexColor)] string? cardTheme = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateCardItem, [boardId], Card(title, description, dueDate, assigneeId, cardTheme, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "update_card", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a card's title, description, due date, assignee, colour, size, position or frame. Only the given fields change.")]
    [MiroOperations("update-card-item")]
    public Task<string> UpdateCardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Card title.")] string? title = null,
        [Description("Card description.")] string? description = null,
        [Description("Due date, ISO 8601.")] string? dueDate = null,
        [Description("User id of the assignee.")] string? assigneeId = null,
        [Description("Border " + Describe.HexColor)] string? cardTheme = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateCardItem, [boardId, itemId], Card(title, description, dueDate, assigneeId, cardTheme, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "create_app_card", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add an app card (a card linked to this app) with title, description and status.")]
    [MiroOperations("create-app-card-item")]
    public Task<string> CreateAppCardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Card title.")] string title,
        [Description("Card description.")] string? description = null,
        [Description("Connection status shown on the card.")] AppCardStatus? status = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateAppCardItem, [boardId], AppCard(title, description, status, fillColor, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "update_app_card", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change an app card's title, description, status, colour, size, position or frame. Only the given fields change.")]
    [MiroOperations("update-app-card-item")]
    public Task<string> UpdateAppCardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Card title.")] string? title = null,
        [Description("Card description.")] string? description = null,
        [Description("Connection status shown on the card.")] AppCardStatus? status = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateAppCardItem, [boardId, itemId], AppCard(title, description, status, fillColor, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "create_frame", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a frame (a titled area that contains items). Items placed in it use coordinates relative to its top-left corner.")]
    [MiroOperations("create-frame-item"), Essential]
    public Task<string> CreateFrameAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Frame title.")] string title,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description("Centre x on the board; (0,0) = board centre.")] double? x = null,
        [Description("Centre y on the board.")] double? y = null,
        [Description("Width (default 1920).")] double? width = null,
        [Description("Height (default 1080).")] double? height = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateFrameItem, [boardId], Frame(title, fillColor, x, y, width ?? 1920, height ?? 1080) ?? [], cancellationToken);

    [McpServerTool(Name = "update_frame", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a frame's title, colour, size or position. Only the given fields change.")]
    [MiroOperations("update-frame-item")]
    public Task<string> UpdateFrameAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Frame id.")] string itemId,
        [Description("Frame title.")] string? title = null,
        [Description("Fill " + Describe.HexColor)] string? fillColor = null,
        [Description("Centre x on the board.")] double? x = null,
        [Description("Centre y on the board.")] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateFrameItem, [boardId, itemId], Frame(title, fillColor, x, y, width, height), cancellationToken);

    [McpServerTool(Name = "create_image", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add an image from a public URL (Miro downloads it).")]
    [MiroOperations("create-image-item-using-url")]
    public Task<string> CreateImageAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Public http(s) URL of the image.")] string url,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description("Width; give width or height (proportions are kept).")] double? width = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateImageItemUsingUrl, [boardId], UrlItem(url, title, x, y, Geometry(width, null, rotation), parentId), cancellationToken);

    [McpServerTool(Name = "update_image", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Replace an image's URL or title, or move or resize it. Only the given fields change.")]
    [MiroOperations("update-image-item-using-url")]
    public Task<string> UpdateImageAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New image URL.")] string? url = null,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description("Rotation in degrees.")] double? rotation = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateImageItemUsingUrl, [boardId, itemId], UrlItem(url, title, x, y, Geometry(width, null, rotation), parentId), cancellationToken);

    [McpServerTool(Name = "create_document", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a document (e.g. PDF) from a public URL.")]
    [MiroOperations("create-document-item-using-url")]
    public Task<string> CreateDocumentAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Public http(s) URL of the document.")] string url,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateDocumentItemUsingUrl, [boardId], UrlItem(url, title, x, y, null, parentId), cancellationToken);

    [McpServerTool(Name = "update_document", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Replace a document's URL or title, or move or resize it. Only the given fields change.")]
    [MiroOperations("update-document-item-using-url")]
    public Task<string> UpdateDocumentAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New document URL.")] string? url = null,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateDocumentItemUsingUrl, [boardId, itemId], UrlItem(url, title, x, y, Geometry(width, null), parentId), cancellationToken);

    [McpServerTool(Name = "create_embed", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Embed web content (YouTube, Figma, Google Docs, … any oEmbed URL) on the board.")]
    [MiroOperations("create-embed-item")]
    public Task<string> CreateEmbedAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("URL of the content to embed.")] string url,
        [Description("inline: plays on the board; modal: opens in a dialog.")] EmbedMode? mode = null,
        [Description("URL of a preview image.")] string? previewUrl = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description("Width; give width or height.")] double? width = null,
        [Description("Height; give width or height.")] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateEmbedItem, [boardId], Embed(url, mode, previewUrl, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "update_embed", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change an embed's URL, mode, preview, size, position or frame. Only the given fields change.")]
    [MiroOperations("update-embed-item")]
    public Task<string> UpdateEmbedAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("New URL.")] string? url = null,
        [Description("inline or modal.")] EmbedMode? mode = null,
        [Description("URL of a preview image.")] string? previewUrl = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.Width)] double? width = null,
        [Description(Describe.Height)] double? height = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.UpdateEmbedItem, [boardId, itemId], Embed(url, mode, previewUrl, x, y, width, height, parentId), cancellationToken);

    [McpServerTool(Name = "create_doc", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a Miro doc (rich text document on the board) from Markdown.")]
    [MiroOperations("create-doc-format-item")]
    public Task<string> CreateDocAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Markdown content.")] string markdown,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(MiroOperations.CreateDocFormatItem, [boardId],
            Object(("data", Object(("contentType", "markdown"), ("content", markdown))), ("position", Position(x, y)), ("parent", Parent(parentId))) ?? [],
            cancellationToken);

    private async Task<string> SendAsync(MiroOperation operation, string[] path, JsonObject? body, CancellationToken cancellationToken) =>
        Render(await miro.SendAsync(operation, path, null,
            body ?? (operation.Method == "POST" ? new JsonObject() : throw new McpException("Nothing to change: give at least one field.")),
            cancellationToken));

    internal static string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    internal static JsonObject? Sticky(string? content, StickyNoteColor? color, StickyNoteShape? shape, double? x, double? y, double? width, double? height,
        string? parentId, TextAlign? textAlign, TextAlignVertical? textAlignVertical)
    {
        if (width is not null && height is not null)
        {
            throw new McpException("Give width or height for a sticky note, not both (Miro keeps its proportions).");
        }

        return Object(
            ("data", Object(("content", content), ("shape", Wire(shape)))),
            ("style", Object(("fillColor", Wire(color)), ("textAlign", Wire(textAlign)), ("textAlignVertical", Wire(textAlignVertical)))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height)),
            ("parent", Parent(parentId)));
    }

    internal static JsonObject? Shape(string? shape, string? content, string? fillColor, string? textColor, string? borderColor, LineStyle? borderStyle,
        double? borderWidth, FontFamily? fontFamily, double? fontSize, TextAlign? textAlign, TextAlignVertical? textAlignVertical,
        double? x, double? y, double? width, double? height, double? rotation, string? parentId) =>
        Object(
            ("data", Object(("shape", shape), ("content", content))),
            ("style", Object(("fillColor", fillColor), ("color", textColor), ("borderColor", borderColor), ("borderStyle", Wire(borderStyle)),
                ("borderWidth", Number(borderWidth)), ("fontFamily", Wire(fontFamily)), ("fontSize", Number(fontSize)),
                ("textAlign", Wire(textAlign)), ("textAlignVertical", Wire(textAlignVertical)))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height, rotation)),
            ("parent", Parent(parentId)));

    private static JsonObject? Text(string? content, FontFamily? fontFamily, double? fontSize, string? color, string? fillColor, TextAlign? textAlign,
        double? x, double? y, double? width, double? rotation, string? parentId) =>
        Object(
            ("data", Object(("content", content))),
            ("style", Object(("fontFamily", Wire(fontFamily)), ("fontSize", Number(fontSize)), ("color", color), ("fillColor", fillColor), ("textAlign", Wire(textAlign)))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, null, rotation)),
            ("parent", Parent(parentId)));

    private static JsonObject? Card(string? title, string? description, string? dueDate, string? assigneeId, string? cardTheme,
        double? x, double? y, double? width, double? height, string? parentId) =>
        Object(
            ("data", Object(("title", title), ("description", description), ("dueDate", dueDate), ("assigneeId", assigneeId))),
            ("style", Object(("cardTheme", cardTheme))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height)),
            ("parent", Parent(parentId)));

    private static JsonObject? AppCard(string? title, string? description, AppCardStatus? status, string? fillColor,
        double? x, double? y, double? width, double? height, string? parentId) =>
        Object(
            ("data", Object(("title", title), ("description", description), ("status", Wire(status)))),
            ("style", Object(("fillColor", fillColor))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height)),
            ("parent", Parent(parentId)));

    private static JsonObject? Frame(string? title, string? fillColor, double? x, double? y, double? width, double? height) =>
        Object(
            ("data", Object(("title", title), ("format", title is null ? null : "custom"), ("type", title is null ? null : "freeform"))),
            ("style", Object(("fillColor", fillColor))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height)));

    private static JsonObject? UrlItem(string? url, string? title, double? x, double? y, JsonObject? geometry, string? parentId) =>
        Object(
            ("data", Object(("url", url), ("title", title))),
            ("position", Position(x, y)),
            ("geometry", geometry),
            ("parent", Parent(parentId)));

    private static JsonObject? Embed(string? url, EmbedMode? mode, string? previewUrl, double? x, double? y, double? width, double? height, string? parentId) =>
        Object(
            ("data", Object(("url", url), ("mode", Wire(mode)), ("previewUrl", previewUrl))),
            ("position", Position(x, y)),
            ("geometry", Geometry(width, height)),
            ("parent", Parent(parentId)));
}
