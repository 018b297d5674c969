using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Tools;

[Collection(MiroToolsCollection.Name)]
public sealed class BoardToolsTests(MiroToolsFixture fixture)
{
    [Fact]
    public async Task CreateBoard_ThenGetUpdateCopyDelete_RoundTrips()
    {
        var created = await fixture.CallAsync("create_board", new() { ["name"] = "Planning", ["description"] = "Q1", ["access"] = "view" });
        var boardId = created["id"]!.GetValue<string>();

        var fetched = await fixture.CallAsync("get_board", new() { ["boardId"] = boardId });
        var updated = await fixture.CallAsync("update_board", new() { ["boardId"] = boardId, ["name"] = "Planning 2", ["teamAccess"] = "comment" });
        var copy = await fixture.CallAsync("copy_board", new() { ["boardId"] = boardId, ["name"] = "Planning copy" });
        var deleted = await fixture.CallAsync("delete_board", new() { ["boardId"] = copy["id"]!.GetValue<string>() });

        Assert.Equal("Planning", fetched["name"]!.GetValue<string>());
        Assert.Equal("view", fetched["policy"]!["sharingPolicy"]!["access"]!.GetValue<string>());
        Assert.Null(fetched["links"]);
        Assert.Equal("Planning 2", updated["name"]!.GetValue<string>());
        Assert.Equal("comment", updated["policy"]!["sharingPolicy"]!["teamAccess"]!.GetValue<string>());
        Assert.Equal("Planning copy", copy["name"]!.GetValue<string>());
        Assert.True(deleted["ok"]!.GetValue<bool>());
        await fixture.CallFailingAsync("get_board", new() { ["boardId"] = copy["id"]!.GetValue<string>() });
    }

    [Fact]
    public async Task ListBoards_MoreThan50WithAll_FollowsEveryPage()
    {
        var prefix = "paged-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 57; i++)
        {
            fixture.Miro.CreateBoard($"{prefix} {i:D2}");
        }

        var firstPage = await fixture.CallAsync("list_boards", new() { ["query"] = prefix, ["limit"] = 50 });
        var all = await fixture.CallAsync("list_boards", new() { ["query"] = prefix, ["all"] = true, ["sort"] = "alphabetically" });

        Assert.Equal(50, firstPage["size"]!.GetValue<int>());
        Assert.Equal(50, firstPage["nextOffset"]!.GetValue<int>());
        Assert.Equal(57, all["size"]!.GetValue<int>());
        Assert.Null(all["nextOffset"]);
        Assert.Equal(Enumerable.Range(0, 57).Select(i => $"{prefix} {i:D2}"), all["data"]!.AsArray().Select(board => board!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FindBoard_PartialName_ExactMatchFirst()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        fixture.Miro.CreateBoard($"Roadmap {tag} archive");
        var exact = fixture.Miro.CreateBoard($"Roadmap {tag}");

        var found = await fixture.CallAsync("find_board", new() { ["name"] = $"roadmap {tag}" });

        Assert.Equal(2, found["size"]!.GetValue<int>());
        Assert.Equal(exact, found["data"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetBoard_UnknownBoard_ReturnsActionableError()
    {
        var error = await fixture.CallFailingAsync("get_board", new() { ["boardId"] = "uXjVnope=" });

        Assert.Contains("Not found in Miro (404", error, StringComparison.Ordinal);
        Assert.Contains("list_boards", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBoardSummary_BoardWithItems_CountsByTypeAndListsFrames()
    {
        var boardId = await fixture.NewBoardAsync("Summary");
        var frame = await fixture.CallAsync("create_frame", new() { ["boardId"] = boardId, ["title"] = "Ideas" });
        await fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "one", ["parentId"] = frame["id"]!.GetValue<string>(), ["x"] = 100, ["y"] = 100 });
        await fixture.CallAsync("create_text", new() { ["boardId"] = boardId, ["content"] = "Title" });
        await fixture.CallAsync("create_tag", new() { ["boardId"] = boardId, ["title"] = "urgent" });

        var summary = await fixture.CallAsync("get_board_summary", new() { ["boardId"] = boardId });
        var found = await fixture.CallAsync("search_board", new() { ["boardId"] = boardId, ["text"] = "ONE" });

        Assert.Equal(3, summary["itemCount"]!.GetValue<int>());
        Assert.Equal(1, summary["itemsByType"]!["sticky_note"]!.GetValue<int>());
        Assert.Equal("Ideas", summary["frames"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("urgent", summary["tags"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(1, found["size"]!.GetValue<int>());
        Assert.Equal(frame["id"]!.GetValue<string>(), found["data"]![0]!["parentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhoAmI_SignedIn_ShowsUserAndScopes()
    {
        var me = await fixture.CallAsync("who_am_i");

        Assert.Equal(fixture.Miro.UserId, me["user"]!["id"]!.GetValue<string>());
        Assert.Contains("boards:write", me["scopes"]!.AsArray().Select(scope => scope!.GetValue<string>()));
    }
}
