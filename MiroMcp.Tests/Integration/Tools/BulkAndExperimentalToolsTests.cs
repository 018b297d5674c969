using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Tools;

[Collection(MiroToolsCollection.Name)]
public sealed class BulkAndExperimentalToolsTests(MiroToolsFixture fixture)
{
    [Fact]
    public async Task BulkCreate_45Items_SentInThreeChunksAllCreated()
    {
        var boardId = await fixture.NewBoardAsync("Bulk");
        var items = Enumerable.Range(0, 45).Select(i => (object)(i % 3) switch
        {
            0 => new Dictionary<string, object?> { ["type"] = "sticky_note", ["content"] = $"s{i}", ["color"] = "yellow", ["x"] = i * 10 },
            1 => new Dictionary<string, object?> { ["type"] = "shape", ["content"] = $"sh{i}", ["shape"] = "circle", ["color"] = "#ff9d48" },
            _ => new Dictionary<string, object?> { ["type"] = "text", ["content"] = $"t{i}", ["width"] = 200 },
        }).ToArray();

        var result = await fixture.CallAsync("bulk_create", new() { ["boardId"] = boardId, ["items"] = items });

        Assert.Equal(45, result["created"]!.GetValue<int>());
        Assert.Equal(0, result["failed"]!.GetValue<int>());
        Assert.Equal([20, 20, 5], result["chunks"]!.AsArray().Select(chunk => chunk!["ids"]!.AsArray().Count));
        Assert.Equal(45, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task BulkCreate_OneChunkInvalid_ReportsThatChunkAndKeepsTheOthers()
    {
        var boardId = await fixture.NewBoardAsync("Bulk partial");
        var items = Enumerable.Range(0, 25).Select(i => (object)new Dictionary<string, object?>
        {
            ["type"] = "sticky_note", ["content"] = $"s{i}", ["color"] = i == 22 ? "mauve" : "yellow",
        }).ToArray();

        var result = await fixture.Client.CallToolAsync("bulk_create", new Dictionary<string, object?> { ["boardId"] = boardId, ["items"] = items });
        var json = JsonNode.Parse(string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(block => block.Text)))!;

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(20, json["created"]!.GetValue<int>());
        Assert.Equal(5, json["failed"]!.GetValue<int>());
        Assert.Contains("400", json["chunks"]![1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(20, fixture.Miro.ItemCount(boardId));
        Assert.NotEmpty(fixture.Miro.ContractViolations);
        fixture.Miro.ClearContractViolations();
    }

    [Fact]
    public async Task CreateStickyGrid_23Texts_LaysOutRowsOfFive()
    {
        var boardId = await fixture.NewBoardAsync("Grid");
        var contents = Enumerable.Range(0, 23).Select(i => $"idea {i}").ToArray();

        var result = await fixture.CallAsync("create_sticky_grid", new() { ["boardId"] = boardId, ["contents"] = contents, ["color"] = "light_green", ["spacing"] = 300 });
        var all = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["all"] = true });
        var last = all["data"]!.AsArray().Single(item => item!["data"]!["content"]!.GetValue<string>() == "idea 22")!;

        Assert.Equal(23, result["created"]!.GetValue<int>());
        Assert.Equal(2, result["chunks"]!.AsArray().Count);
        Assert.Equal(600, last["position"]!["x"]!.GetValue<double>());
        Assert.Equal(1200, last["position"]!["y"]!.GetValue<double>());
        Assert.Equal("light_green", last["style"]!["fillColor"]!.GetValue<string>());
    }

    [Fact]
    public async Task MindmapNodes_CreateRootAndChildListGetDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Mind map");

        var root = await Id(fixture.CallAsync("create_mindmap_node", new() { ["boardId"] = boardId, ["content"] = "Root", ["x"] = 0, ["y"] = 0 }));
        var child = await Id(fixture.CallAsync("create_mindmap_node", new() { ["boardId"] = boardId, ["content"] = "Child", ["parentNodeId"] = root }));
        var nodes = await fixture.CallAsync("list_mindmap_nodes", new() { ["boardId"] = boardId, ["all"] = true });
        var fetched = await fixture.CallAsync("get_mindmap_node", new() { ["boardId"] = boardId, ["nodeId"] = child });
        await fixture.CallAsync("delete_mindmap_node", new() { ["boardId"] = boardId, ["nodeId"] = child });
        var afterChild = fixture.Miro.ItemCount(boardId);
        await fixture.CallAsync("create_mindmap_node", new() { ["boardId"] = boardId, ["content"] = "Leaf", ["parentNodeId"] = root });
        await fixture.CallAsync("delete_mindmap_node", new() { ["boardId"] = boardId, ["nodeId"] = root });

        Assert.Equal(2, nodes["size"]!.GetValue<int>());
        Assert.Equal(root, fetched["parent"]!["id"]!.GetValue<string>());
        Assert.Equal(1, afterChild);
        Assert.Equal(0, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task FlowchartShapes_CreateGetUpdateListDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Flowchart");

        var shape = await Id(fixture.CallAsync("create_flowchart_shape", new() { ["boardId"] = boardId, ["shape"] = "flow_chart_decision", ["content"] = "ok?" }));
        var fetched = await fixture.CallAsync("get_flowchart_shape", new() { ["boardId"] = boardId, ["itemId"] = shape });
        var updated = await fixture.CallAsync("update_flowchart_shape", new() { ["boardId"] = boardId, ["itemId"] = shape, ["shape"] = "flow_chart_terminator" });
        var listed = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["experimental"] = true, ["type"] = "shape" });
        var generic = await fixture.CallAsync("get_item", new() { ["boardId"] = boardId, ["itemId"] = shape, ["experimental"] = true });
        await fixture.CallAsync("delete_flowchart_shape", new() { ["boardId"] = boardId, ["itemId"] = shape });
        var other = await Id(fixture.CallAsync("create_flowchart_shape", new() { ["boardId"] = boardId, ["shape"] = "flow_chart_process" }));
        await fixture.CallAsync("delete_item", new() { ["boardId"] = boardId, ["itemId"] = other, ["experimental"] = true });

        Assert.Equal("flow_chart_decision", fetched["data"]!["shape"]!.GetValue<string>());
        Assert.Equal("flow_chart_terminator", updated["data"]!["shape"]!.GetValue<string>());
        Assert.Equal(1, listed["size"]!.GetValue<int>());
        Assert.Equal(shape, generic["id"]!.GetValue<string>());
        Assert.Equal(0, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task CodeWidgets_CreateListGetUpdateMoveDelete_RoundTrip()
    {
        var boardId = await fixture.NewBoardAsync("Code");

        var code = await Id(fixture.CallAsync("create_code_widget", new() { ["boardId"] = boardId, ["code"] = "print(1)", ["language"] = "python", ["lineNumbersVisible"] = true }));
        var listed = await fixture.CallAsync("list_code_widgets", new() { ["boardId"] = boardId });
        var fetched = await fixture.CallAsync("get_code_widget", new() { ["boardId"] = boardId, ["itemId"] = code });
        var updated = await fixture.CallAsync("update_code_widget", new() { ["boardId"] = boardId, ["itemId"] = code, ["title"] = "hello" });
        var moved = await fixture.CallAsync("move_code_widget", new() { ["boardId"] = boardId, ["itemId"] = code, ["x"] = 10, ["y"] = 20 });
        await fixture.CallAsync("delete_code_widget", new() { ["boardId"] = boardId, ["itemId"] = code });

        Assert.Equal(1, listed["size"]!.GetValue<int>());
        Assert.Equal("python", fetched["data"]!["language"]!.GetValue<string>());
        Assert.Equal("hello", updated["data"]!["title"]!.GetValue<string>());
        Assert.Equal(20, moved["position"]!["y"]!.GetValue<double>());
        Assert.Equal(0, fixture.Miro.ItemCount(boardId));
    }

    private static async Task<string> Id(Task<JsonNode> call) => (await call)["id"]!.GetValue<string>();
}
