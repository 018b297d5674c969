using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

/// <summary>One file for bulk_upload.</summary>
internal sealed record UploadFile(
    [property: Description("File content, base64-encoded (at most 6 MB decoded).")] string ContentBase64,
    [property: Description("File name with extension, e.g. plan.pdf or photo.png (decides image or document).")] string FileName,
    [property: Description("Title shown on the board.")] string? Title = null,
    [property: Description(Describe.X)] double? X = null,
    [property: Description(Describe.Y)] double? Y = null,
    [property: Description(Describe.ParentId)] string? ParentId = null);

/// <summary>Uploads of file content (multipart) for images and documents.</summary>
[McpServerToolType]
internal sealed class UploadTools(MiroClient miro)
{
    /// <summary>Miro's limit per file.</summary>
    public const int MaxFileBytes = 6 * 1024 * 1024;

    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml", [".webp"] = "image/webp", [".bmp"] = "image/bmp",
    };

    [McpServerTool(Name = "upload_image", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add an image from file content (base64, at most 6 MB). For an image on the web use create_image.")]
    [MiroOperations("create-image-item-using-local-file")]
    public async Task<string> UploadImageAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Image content, base64-encoded.")] string contentBase64,
        [Description("File name with extension, e.g. photo.png.")] string fileName,
        [Description("Title.")] string? title = null,
        [Description("Alt text describing the image.")] string? altText = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description("Width; proportions are kept.")] double? width = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendMultipartAsync(MiroOperations.CreateImageItemUsingLocalFile, [boardId],
            Data(title, altText, x, y, width, parentId), false, [File(contentBase64, fileName, image: true)], cancellationToken));

    [McpServerTool(Name = "replace_image_file", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Replace an image's picture with file content (base64, at most 6 MB); optionally retitle or move it.")]
    [MiroOperations("update-image-item-using-file-from-device")]
    public async Task<string> ReplaceImageFileAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Image content, base64-encoded.")] string contentBase64,
        [Description("File name with extension.")] string fileName,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendMultipartAsync(MiroOperations.UpdateImageItemUsingFileFromDevice, [boardId, itemId],
            Data(title, null, x, y, null, null), false, [File(contentBase64, fileName, image: true)], cancellationToken));

    [McpServerTool(Name = "upload_document", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add a document (e.g. PDF) from file content (base64, at most 6 MB). For a document on the web use create_document.")]
    [MiroOperations("create-document-item-using-file-from-device")]
    public async Task<string> UploadDocumentAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Document content, base64-encoded.")] string contentBase64,
        [Description("File name with extension, e.g. plan.pdf.")] string fileName,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        [Description(Describe.ParentId)] string? parentId = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendMultipartAsync(MiroOperations.CreateDocumentItemUsingFileFromDevice, [boardId],
            Data(title, null, x, y, null, parentId), false, [File(contentBase64, fileName, image: false)], cancellationToken));

    [McpServerTool(Name = "replace_document_file", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Replace a document's file with new content (base64, at most 6 MB); optionally retitle or move it.")]
    [MiroOperations("update-document-item-using-file-from-device")]
    public async Task<string> ReplaceDocumentFileAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description(Describe.ItemId)] string itemId,
        [Description("Document content, base64-encoded.")] string contentBase64,
        [Description("File name with extension.")] string fileName,
        [Description("Title.")] string? title = null,
        [Description(Describe.X)] double? x = null,
        [Description(Describe.Y)] double? y = null,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendMultipartAsync(MiroOperations.UpdateDocumentItemUsingFileFromDevice, [boardId, itemId],
            Data(title, null, x, y, null, null), false, [File(contentBase64, fileName, image: false)], cancellationToken));

    [McpServerTool(Name = "bulk_upload", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Add up to 20 images and documents from file content in one all-or-nothing request.")]
    [MiroOperations("create-items-in-bulk-using-file-from-device")]
    public async Task<string> BulkUploadAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Files to add (1–20).")] UploadFile[] files,
        CancellationToken cancellationToken = default)
    {
        if (files is not { Length: > 0 and <= 20 })
        {
            throw new McpException("Give 1 to 20 files.");
        }

        var items = new JsonArray();
        var parts = new List<MiroUpload>();
        foreach (var file in files)
        {
            var image = ImageTypes.ContainsKey(Path.GetExtension(file.FileName));
            items.Add((JsonNode?)Object(
                ("type", image ? "image" : "document"),
                ("data", Object(("title", file.Title ?? file.FileName))),
                ("position", Position(file.X ?? 0, file.Y ?? 0)),
                ("parent", Parent(file.ParentId))));
            parts.Add(File(file.ContentBase64, file.FileName, image) with { Field = "resources" });
        }

        return Render(await miro.SendMultipartAsync(MiroOperations.CreateItemsInBulkUsingFileFromDevice, [boardId], items, true, parts, cancellationToken));
    }

    private static JsonObject? Data(string? title, string? altText, double? x, double? y, double? width, string? parentId) =>
        Object(("title", title), ("altText", altText), ("position", Position(x, y)), ("geometry", Geometry(width, null)), ("parent", Parent(parentId)));

    private static MiroUpload File(string contentBase64, string fileName, bool image)
    {
        byte[] content;
        try
        {
            content = Convert.FromBase64String(contentBase64);
        }
        catch (FormatException)
        {
            throw new McpException("contentBase64 is not valid base64.");
        }

        if (content.Length is 0 or > MaxFileBytes)
        {
            throw new McpException("The file must be between 1 byte and 6 MB.");
        }

        var extension = Path.GetExtension(fileName);
        var contentType = image
            ? ImageTypes.GetValueOrDefault(extension) ?? throw new McpException("Images must be .png, .jpg, .gif, .svg, .webp or .bmp.")
            : extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase) ? "application/pdf" : "application/octet-stream";
        return new MiroUpload("resource", Path.GetFileName(fileName), contentType, content);
    }
}
