using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Tools;

[Collection(MiroToolsCollection.Name)]
public sealed class OrganisingToolsTests(MiroToolsFixture fixture)
{
    private static readonly string[] Emails = ["ana@example.com", "not-an-email"];

    [Fact]
    public async Task Connectors_CreateListGetUpdateDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Connectors");
        var a = await Id(fixture.CallAsync("create_shape", new() { ["boardId"] = boardId, ["content"] = "A" }));
        var b = await Id(fixture.CallAsync("create_shape", new() { ["boardId"] = boardId, ["content"] = "B", ["x"] = 400 }));

        var connector = await fixture.CallAsync("create_connector", new()
        {
            ["boardId"] = boardId, ["startItemId"] = a, ["endItemId"] = b, ["shape"] = "elbowed", ["caption"] = "calls",
            ["endCap"] = "filled_triangle", ["strokeWidth"] = 2, ["startSnapTo"] = "right",
        });
        var id = connector["id"]!.GetValue<string>();
        var listed = await fixture.CallAsync("list_connectors", new() { ["boardId"] = boardId, ["all"] = true });
        var fetched = await fixture.CallAsync("get_connector", new() { ["boardId"] = boardId, ["connectorId"] = id });
        var updated = await fixture.CallAsync("update_connector", new() { ["boardId"] = boardId, ["connectorId"] = id, ["shape"] = "straight", ["strokeStyle"] = "dotted" });
        await fixture.CallAsync("delete_connector", new() { ["boardId"] = boardId, ["connectorId"] = id });
        var after = await fixture.CallAsync("list_connectors", new() { ["boardId"] = boardId });

        Assert.Equal(a, fetched["startItem"]!["id"]!.GetValue<string>());
        Assert.Equal("calls", fetched["captions"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(1, listed["size"]!.GetValue<int>());
        Assert.Equal("straight", updated["shape"]!.GetValue<string>());
        Assert.Equal(0, after["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateConnector_SameStartAndEnd_ReturnsMiroError()
    {
        var boardId = await fixture.NewBoardAsync("Bad connector");
        var a = await Id(fixture.CallAsync("create_shape", new() { ["boardId"] = boardId }));

        var error = await fixture.CallFailingAsync("create_connector", new() { ["boardId"] = boardId, ["startItemId"] = a, ["endItemId"] = a });

        Assert.Contains("Miro rejected the request (400", error, StringComparison.Ordinal);
        Assert.Contains("must differ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_CreateAttachListDetachDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Tags");
        var note = await Id(fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "tagged" }));
        var other = await Id(fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "plain" }));

        var tag = await Id(fixture.CallAsync("create_tag", new() { ["boardId"] = boardId, ["title"] = "urgent", ["color"] = "magenta" }));
        await fixture.CallAsync("attach_tag", new() { ["boardId"] = boardId, ["itemId"] = note, ["tagId"] = tag });
        var itemTags = await fixture.CallAsync("get_item_tags", new() { ["boardId"] = boardId, ["itemId"] = note });
        var byTag = await fixture.CallAsync("list_items_by_tag", new() { ["boardId"] = boardId, ["tagId"] = tag, ["all"] = true });
        var renamed = await fixture.CallAsync("update_tag", new() { ["boardId"] = boardId, ["tagId"] = tag, ["title"] = "now", ["color"] = "red" });
        var fetched = await fixture.CallAsync("get_tag", new() { ["boardId"] = boardId, ["tagId"] = tag });
        var tags = await fixture.CallAsync("list_tags", new() { ["boardId"] = boardId });
        await fixture.CallAsync("detach_tag", new() { ["boardId"] = boardId, ["itemId"] = note, ["tagId"] = tag });
        var afterDetach = await fixture.CallAsync("list_items_by_tag", new() { ["boardId"] = boardId, ["tagId"] = tag });
        await fixture.CallAsync("delete_tag", new() { ["boardId"] = boardId, ["tagId"] = tag });
        var afterDelete = await fixture.CallAsync("list_tags", new() { ["boardId"] = boardId, ["all"] = true });

        Assert.Equal("urgent", itemTags["tags"]![0]!["title"]!.GetValue<string>());
        Assert.Equal([note], byTag["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
        Assert.DoesNotContain(other, byTag["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal("now", renamed["title"]!.GetValue<string>());
        Assert.Equal("red", fetched["fillColor"]!.GetValue<string>());
        Assert.Equal(1, tags["total"]!.GetValue<int>());
        Assert.Equal(0, afterDetach["size"]!.GetValue<int>());
        Assert.Equal(0, afterDelete["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Groups_CreateGetListUpdateUngroupDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Groups");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await Id(fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = $"g{i}" })));
        }

        var group = await Id(fixture.CallAsync("create_group", new() { ["boardId"] = boardId, ["itemIds"] = ids.Take(2).ToArray() }));
        var fetched = await fixture.CallAsync("get_group", new() { ["boardId"] = boardId, ["groupId"] = group });
        var updated = await fixture.CallAsync("update_group", new() { ["boardId"] = boardId, ["groupId"] = group, ["itemIds"] = ids.Take(3).ToArray() });
        var items = await fixture.CallAsync("list_group_items", new() { ["boardId"] = boardId, ["groupId"] = group, ["all"] = true });
        var groups = await fixture.CallAsync("list_groups", new() { ["boardId"] = boardId });
        await fixture.CallAsync("ungroup", new() { ["boardId"] = boardId, ["groupId"] = group });
        var second = await Id(fixture.CallAsync("create_group", new() { ["boardId"] = boardId, ["itemIds"] = ids.Skip(2).ToArray() }));
        await fixture.CallAsync("delete_group", new() { ["boardId"] = boardId, ["groupId"] = second });

        Assert.Equal(2, fetched["data"]!["items"]!.AsArray().Count);
        Assert.Equal(3, updated["data"]!["items"]!.AsArray().Count);
        Assert.Equal(3, items["size"]!.GetValue<int>());
        Assert.Equal(1, groups["size"]!.GetValue<int>());
        Assert.Equal(2, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task Members_ShareListGetUpdateRemove_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Sharing");

        var shared = await fixture.CallAsync("share_board", new() { ["boardId"] = boardId, ["emails"] = Emails, ["role"] = "editor", ["message"] = "join" });
        var members = await fixture.CallAsync("list_board_members", new() { ["boardId"] = boardId, ["all"] = true });
        var ana = members["data"]!.AsArray().First(member => member!["name"]!.GetValue<string>() == "ana")!["id"]!.GetValue<string>();
        var fetched = await fixture.CallAsync("get_board_member", new() { ["boardId"] = boardId, ["memberId"] = ana });
        var updated = await fixture.CallAsync("update_board_member", new() { ["boardId"] = boardId, ["memberId"] = ana, ["role"] = "viewer" });
        await fixture.CallAsync("remove_board_member", new() { ["boardId"] = boardId, ["memberId"] = ana });
        var after = await fixture.CallAsync("list_board_members", new() { ["boardId"] = boardId });

        Assert.Single(shared["successful"]!.AsArray());
        Assert.Equal("not-an-email", shared["failed"]![0]!["email"]!.GetValue<string>());
        Assert.Equal(2, members["total"]!.GetValue<int>());
        Assert.Equal("editor", fetched["role"]!.GetValue<string>());
        Assert.Equal("viewer", updated["role"]!.GetValue<string>());
        Assert.Equal(1, after["total"]!.GetValue<int>());
    }

    private static async Task<string> Id(Task<JsonNode> call) => (await call)["id"]!.GetValue<string>();
}
