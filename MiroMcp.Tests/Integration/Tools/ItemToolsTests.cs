using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Tools;

[Collection(MiroToolsCollection.Name)]
public sealed class ItemToolsTests(MiroToolsFixture fixture)
{
    [Fact]
    public async Task WidgetTools_CreateUpdateGetDeleteEveryType_MatchTheSpec()
    {
        var boardId = await fixture.NewBoardAsync("Widgets");
        var frame = await Id(fixture.CallAsync("create_frame", new() { ["boardId"] = boardId, ["title"] = "F", ["fillColor"] = "#fff9b1" }));

        var created = new Dictionary<string, string>
        {
            ["sticky_note"] = await Id(fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "hi", ["color"] = "light_blue", ["shape"] = "rectangle", ["width"] = 300, ["textAlign"] = "left" })),
            ["shape"] = await Id(fixture.CallAsync("create_shape", new() { ["boardId"] = boardId, ["shape"] = "circle", ["content"] = "c", ["fillColor"] = "#ff9d48", ["borderStyle"] = "dashed", ["fontFamily"] = "open_sans", ["fontSize"] = 18, ["width"] = 100, ["height"] = 100 })),
            ["text"] = await Id(fixture.CallAsync("create_text", new() { ["boardId"] = boardId, ["content"] = "t", ["fontSize"] = 24, ["width"] = 200 })),
            ["card"] = await Id(fixture.CallAsync("create_card", new() { ["boardId"] = boardId, ["title"] = "task", ["dueDate"] = "2026-12-31T17:00:00Z", ["parentId"] = frame, ["x"] = 50, ["y"] = 60 })),
            ["app_card"] = await Id(fixture.CallAsync("create_app_card", new() { ["boardId"] = boardId, ["title"] = "app", ["status"] = "connected" })),
            ["image"] = await Id(fixture.CallAsync("create_image", new() { ["boardId"] = boardId, ["url"] = "https://example.com/a.png", ["title"] = "a" })),
            ["document"] = await Id(fixture.CallAsync("create_document", new() { ["boardId"] = boardId, ["url"] = "https://example.com/a.pdf" })),
            ["embed"] = await Id(fixture.CallAsync("create_embed", new() { ["boardId"] = boardId, ["url"] = "https://www.youtube.com/watch?v=1", ["mode"] = "modal" })),
            ["doc_format"] = await Id(fixture.CallAsync("create_doc", new() { ["boardId"] = boardId, ["markdown"] = "# Notes" })),
            ["frame"] = frame,
        };

        var sticky = await fixture.CallAsync("update_sticky_note", new() { ["boardId"] = boardId, ["itemId"] = created["sticky_note"], ["content"] = "bye", ["color"] = "red" });
        var shape = await fixture.CallAsync("update_shape", new() { ["boardId"] = boardId, ["itemId"] = created["shape"], ["shape"] = "star", ["textColor"] = "#000000" });
        var text = await fixture.CallAsync("update_text", new() { ["boardId"] = boardId, ["itemId"] = created["text"], ["content"] = "t2" });
        var card = await fixture.CallAsync("update_card", new() { ["boardId"] = boardId, ["itemId"] = created["card"], ["description"] = "more" });
        var appCard = await fixture.CallAsync("update_app_card", new() { ["boardId"] = boardId, ["itemId"] = created["app_card"], ["status"] = "disabled" });
        var frameUpdate = await fixture.CallAsync("update_frame", new() { ["boardId"] = boardId, ["itemId"] = frame, ["title"] = "F2" });
        var image = await fixture.CallAsync("update_image", new() { ["boardId"] = boardId, ["itemId"] = created["image"], ["title"] = "b" });
        var document = await fixture.CallAsync("update_document", new() { ["boardId"] = boardId, ["itemId"] = created["document"], ["title"] = "doc" });
        var embed = await fixture.CallAsync("update_embed", new() { ["boardId"] = boardId, ["itemId"] = created["embed"], ["mode"] = "inline" });

        Assert.Equal("bye", sticky["data"]!["content"]!.GetValue<string>());
        Assert.Equal("red", sticky["style"]!["fillColor"]!.GetValue<string>());
        Assert.Equal("star", shape["data"]!["shape"]!.GetValue<string>());
        Assert.Equal("t2", text["data"]!["content"]!.GetValue<string>());
        Assert.Equal("more", card["data"]!["description"]!.GetValue<string>());
        Assert.Equal("parent_top_left", card["position"]!["relativeTo"]!.GetValue<string>());
        Assert.Equal("disabled", appCard["data"]!["status"]!.GetValue<string>());
        Assert.Equal("F2", frameUpdate["data"]!["title"]!.GetValue<string>());
        Assert.Equal("b", image["data"]!["title"]!.GetValue<string>());
        Assert.Equal("doc", document["data"]!["title"]!.GetValue<string>());
        Assert.Equal("inline", embed["data"]!["mode"]!.GetValue<string>());

        foreach (var (type, id) in created.Where(pair => pair.Key != "frame"))
        {
            var typed = await fixture.CallAsync("get_item", new() { ["boardId"] = boardId, ["itemId"] = id, ["type"] = type });
            Assert.Equal(type, typed["type"]!.GetValue<string>());
            await fixture.CallAsync("delete_item", new() { ["boardId"] = boardId, ["itemId"] = id, ["type"] = type });
        }

        await fixture.CallAsync("get_item", new() { ["boardId"] = boardId, ["itemId"] = frame, ["type"] = "frame" });
        await fixture.CallAsync("delete_item", new() { ["boardId"] = boardId, ["itemId"] = frame, ["type"] = "frame" });
        Assert.Equal(0, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task ListItems_MoreThan50WithAll_FollowsEveryCursor()
    {
        var boardId = await fixture.NewBoardAsync("Many items");
        for (var i = 0; i < 123; i++)
        {
            fixture.Miro.AddStickyNote(boardId, $"note {i}");
        }

        var firstPage = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["limit"] = 50 });
        var secondPage = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["limit"] = 50, ["cursor"] = firstPage["nextCursor"]!.GetValue<string>() });
        var all = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["all"] = true, ["type"] = "sticky_note" });
        var summary = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["all"] = true, ["summary"] = true });

        Assert.Equal(50, firstPage["size"]!.GetValue<int>());
        Assert.Equal("note 50", secondPage["data"]![0]!["data"]!["content"]!.GetValue<string>());
        Assert.Equal(123, all["size"]!.GetValue<int>());
        Assert.Null(all["nextCursor"]);
        Assert.Equal(123, all["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(123, summary["size"]!.GetValue<int>());
        Assert.Equal("note 0", summary["data"]![0]!["text"]!.GetValue<string>());
        Assert.Null(summary["data"]![0]!["style"]);
    }

    [Fact]
    public async Task MoveItem_IntoFrame_PositionBecomesFrameRelativeAndListableByParent()
    {
        var boardId = await fixture.NewBoardAsync("Frames");
        var frame = await Id(fixture.CallAsync("create_frame", new() { ["boardId"] = boardId, ["title"] = "Column", ["x"] = 1000, ["y"] = 500, ["width"] = 800, ["height"] = 600 }));
        var note = await Id(fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "move me", ["x"] = 5000, ["y"] = 5000 }));

        var moved = await fixture.CallAsync("move_item", new() { ["boardId"] = boardId, ["itemId"] = note, ["parentId"] = frame, ["x"] = 100, ["y"] = 120 });
        var inFrame = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["parentId"] = frame });
        var frameItems = await fixture.CallAsync("list_frame_items", new() { ["boardId"] = boardId, ["frameId"] = frame, ["all"] = true });
        var generic = await fixture.CallAsync("get_item", new() { ["boardId"] = boardId, ["itemId"] = note });

        Assert.Equal(frame, moved["parent"]!["id"]!.GetValue<string>());
        Assert.Equal("parent_top_left", moved["position"]!["relativeTo"]!.GetValue<string>());
        Assert.Equal(100, moved["position"]!["x"]!.GetValue<double>());
        Assert.Equal([note], inFrame["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal([note], frameItems["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal(1000 - 400 + 100, frameItems["data"]![0]!["boardPosition"]!["x"]!.GetValue<double>());
        Assert.Equal(500 - 300 + 120, frameItems["data"]![0]!["boardPosition"]!["y"]!.GetValue<double>());
        Assert.Equal("sticky_note", generic["type"]!.GetValue<string>());
        await fixture.CallAsync("delete_item", new() { ["boardId"] = boardId, ["itemId"] = note });
        Assert.Equal(1, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task CreateStickyNote_WidthAndHeight_ExplainsTheRule()
    {
        var boardId = await fixture.NewBoardAsync("Sticky rule");

        var error = await fixture.CallFailingAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "x", ["width"] = 100, ["height"] = 100 });

        Assert.Contains("width or height", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStickyNote_ColourOutsideSpecEnum_IsRejectedBeforeCallingMiro()
    {
        var boardId = await fixture.NewBoardAsync("Enum");
        var before = fixture.Miro.ApiRequestCount;

        var result = await fixture.Client.CallToolAsync("create_sticky_note", new Dictionary<string, object?> { ["boardId"] = boardId, ["content"] = "x", ["color"] = "mauve" });

        Assert.True(result.IsError);
        Assert.Equal(before, fixture.Miro.ApiRequestCount);
        Assert.Equal(0, fixture.Miro.ItemCount(boardId));
    }

    private static async Task<string> Id(Task<JsonNode> call) => (await call)["id"]!.GetValue<string>();
}
