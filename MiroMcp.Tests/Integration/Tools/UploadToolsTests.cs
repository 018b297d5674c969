namespace MiroMcp.Tests.Integration.Tools;

[Collection(MiroToolsCollection.Name)]
public sealed class UploadToolsTests(MiroToolsFixture fixture)
{
    private static readonly string Png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
    private static readonly string Pdf = Convert.ToBase64String("%PDF-1.7 test"u8.ToArray());

    [Fact]
    public async Task UploadImageAndDocument_ThenReplaceFiles_CreatesAndUpdatesItems()
    {
        var boardId = await fixture.NewBoardAsync("Uploads");

        var image = await fixture.CallAsync("upload_image", new() { ["boardId"] = boardId, ["contentBase64"] = Png, ["fileName"] = "photo.png", ["title"] = "Photo", ["x"] = 10, ["width"] = 300 });
        var document = await fixture.CallAsync("upload_document", new() { ["boardId"] = boardId, ["contentBase64"] = Pdf, ["fileName"] = "plan.pdf" });
        var newImage = await fixture.CallAsync("replace_image_file", new() { ["boardId"] = boardId, ["itemId"] = image["id"]!.GetValue<string>(), ["contentBase64"] = Png, ["fileName"] = "other.png", ["title"] = "Other" });
        var newDocument = await fixture.CallAsync("replace_document_file", new() { ["boardId"] = boardId, ["itemId"] = document["id"]!.GetValue<string>(), ["contentBase64"] = Pdf, ["fileName"] = "v2.pdf", ["title"] = "Plan v2" });

        Assert.Equal("image", image["type"]!.GetValue<string>());
        Assert.Equal("Photo", image["data"]!["title"]!.GetValue<string>());
        Assert.Equal(300, image["geometry"]!["width"]!.GetValue<double>());
        Assert.EndsWith("plan.pdf", document["data"]!["documentUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Other", newImage["data"]!["title"]!.GetValue<string>());
        Assert.Equal("Plan v2", newDocument["data"]!["title"]!.GetValue<string>());
        Assert.Equal(2, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task BulkUpload_ImagesAndDocuments_CreatesOneItemPerFile()
    {
        var boardId = await fixture.NewBoardAsync("Bulk uploads");
        var files = new object[]
        {
            new Dictionary<string, object?> { ["contentBase64"] = Png, ["fileName"] = "a.png", ["x"] = 0 },
            new Dictionary<string, object?> { ["contentBase64"] = Pdf, ["fileName"] = "b.pdf", ["title"] = "B", ["x"] = 500 },
        };

        var result = await fixture.CallAsync("bulk_upload", new() { ["boardId"] = boardId, ["files"] = files });

        Assert.Equal(["image", "document"], result["data"]!.AsArray().Select(item => item!["type"]!.GetValue<string>()));
        Assert.Equal("B", result["data"]![1]!["data"]!["title"]!.GetValue<string>());
        Assert.Equal(2, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task UploadImage_NotBase64_ExplainsWithoutCallingMiro()
    {
        var boardId = await fixture.NewBoardAsync("Bad upload");
        var before = fixture.Miro.ApiRequestCount;

        var error = await fixture.CallFailingAsync("upload_image", new() { ["boardId"] = boardId, ["contentBase64"] = "%%%", ["fileName"] = "x.png" });

        Assert.Contains("base64", error, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Miro.ApiRequestCount);
    }
}
