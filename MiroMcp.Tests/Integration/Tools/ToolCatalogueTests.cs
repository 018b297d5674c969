using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tools;
using MiroMcp.Tests.Fixtures.Miro;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MiroMcp.Tests.Integration.Tools;

/// <summary>The catalogue against Miro's spec, the generated docs, profiles, annotations, search, resources, prompts.</summary>
[Collection(MiroToolsCollection.Name)]
public sealed class ToolCatalogueTests(MiroToolsFixture fixture)
{
    [Fact]
    public void ToolsDoc_Generated_MatchesCommittedFile()
    {
        var generated = ToolsDocument.Generate();
        if (Environment.GetEnvironmentVariable("MIRO_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(ToolsDocument.DocumentPath, generated);
        }

        var committed = File.Exists(ToolsDocument.DocumentPath) ? File.ReadAllText(ToolsDocument.DocumentPath) : string.Empty;
        Assert.True(committed == generated, "docs/tools.md is stale: run MIRO_UPDATE_DOCS=1 dotnet test MiroMcp.Tests --filter \"FullyQualifiedName~ToolsDoc\"");
        Assert.DoesNotContain("NOT YET COVERED", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void MiroOperations_EveryEntry_MatchesTheSpecPathMethodAndLevel()
    {
        var spec = ToolsDocument.SpecOperations().ToDictionary(op => op.OperationId, StringComparer.Ordinal);
        var entries = typeof(MiroOperations).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (MiroOperation)field.GetValue(null)!).ToList();

        Assert.Equal(spec.Count, entries.Count);
        foreach (var entry in entries)
        {
            Assert.True(spec.TryGetValue(entry.OperationId, out var row), entry.OperationId);
            Assert.Equal(row.Method, entry.Method);
            Assert.Equal(row.Path, entry.PathTemplate);
            Assert.Equal(row.Level == "?" ? 0 : int.Parse(row.Level, System.Globalization.CultureInfo.InvariantCulture), entry.Level);
        }
    }

    [Fact]
    public void ToolOperations_EveryDeclaredOperation_ExistsInTheSpec()
    {
        var known = ToolsDocument.SpecOperations().Select(op => op.OperationId).ToHashSet(StringComparer.Ordinal);

        var unknown = MiroToolCatalogue.All.SelectMany(tool => tool.OperationIds.Where(id => !known.Contains(id)).Select(id => $"{tool.Name}: {id}")).ToList();

        Assert.Empty(unknown);
        Assert.All(MiroToolCatalogue.All.Where(tool => tool.Name != "search_tools"), tool => Assert.NotEmpty(tool.OperationIds));
    }

    [Theory]
    [InlineData(typeof(StickyNoteColor), "StickyNoteStyle", "fillColor")]
    [InlineData(typeof(StickyNoteShape), "StickyNoteData", "shape")]
    [InlineData(typeof(ShapeType), "ShapeData", "shape")]
    [InlineData(typeof(FontFamily), "TextStyle", "fontFamily")]
    [InlineData(typeof(TextAlign), "ShapeStyle", "textAlign")]
    [InlineData(typeof(TextAlignVertical), "ShapeStyle", "textAlignVertical")]
    [InlineData(typeof(LineStyle), "ConnectorStyle", "strokeStyle")]
    [InlineData(typeof(StrokeCap), "ConnectorStyle", "endStrokeCap")]
    [InlineData(typeof(ConnectorShape), "ConnectorCreationData", "shape")]
    [InlineData(typeof(SnapTo), "ItemConnectionCreationData", "snapTo")]
    [InlineData(typeof(TagColor), "TagCreateRequest", "fillColor")]
    [InlineData(typeof(BoardRole), "BoardMemberChanges", "role")]
    [InlineData(typeof(InviteRole), "BoardMembersInvite", "role")]
    [InlineData(typeof(BoardAccess), "BoardSharingPolicy", "access")]
    [InlineData(typeof(TeamAccess), "BoardSharingPolicy", "teamAccess")]
    [InlineData(typeof(AppCardStatus), "AppCardData", "status")]
    [InlineData(typeof(BulkItemType), "ItemCreate", "type")]
    public void Enum_Members_EqualTheSpecEnumeration(Type enumType, string schema, string property)
    {
        var schemas = OpenApiContract.Miro.Document["components"]!["schemas"]!;
        var node = schemas[schema]!["properties"]![property]!;
        while (node["$ref"] is { } reference)
        {
            node = schemas[reference.GetValue<string>().Split('/')[^1]]!;
        }

        var expected = node["enum"]!.AsArray().Select(value => value!.GetValue<string>());
        var actual = Enum.GetValues(enumType).Cast<object>().Select(value => JsonSerializer.SerializeToNode(value, enumType)!.GetValue<string>());

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(null, MiroToolProfile.Full)]
    [InlineData("full", MiroToolProfile.Full)]
    [InlineData(" Essentials ", MiroToolProfile.Essentials)]
    public void ReadToolProfile_ConfiguredValue_SelectsProfile(string? value, MiroToolProfile expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [MiroMcp.Server.Configuration.ConfigurationNames.MiroToolProfile] = value })
            .Build();

        Assert.Equal(expected, MiroMcp.Server.Configuration.ServerConfigurationExtensions.ReadToolProfile(configuration));
    }

    [Fact]
    public void ServerOptionsValidator_UnknownToolProfile_NamesTheVariable()
    {
        var options = new MiroMcp.Server.Configuration.ServerOptions { MiroToolProfile = "everything" };

        var result = new MiroMcp.Server.Configuration.ServerOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, failure => failure.StartsWith("MIRO_TOOL_PROFILE must be", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListTools_FullProfile_EveryToolAnnotatedWithEnumSchemas()
    {
        var tools = await fixture.Client.ListToolsAsync();

        Assert.Equal(MiroToolCatalogue.All.Select(tool => tool.Name).Order(StringComparer.Ordinal), tools.Select(tool => tool.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, tool =>
        {
            var annotations = tool.ProtocolTool.Annotations;
            Assert.NotNull(annotations);
            Assert.NotNull(annotations.ReadOnlyHint);
            Assert.NotNull(annotations.DestructiveHint);
            Assert.NotNull(annotations.IdempotentHint);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
        });
        var sticky = tools.Single(tool => tool.Name == "create_sticky_note").JsonSchema;
        var colours = sticky.GetProperty("properties").GetProperty("color").ToString();
        Assert.Contains("light_yellow", colours, StringComparison.Ordinal);
        Assert.Contains("dark_blue", colours, StringComparison.Ordinal);
        Assert.True(tools.Single(tool => tool.Name == "delete_board").ProtocolTool.Annotations!.DestructiveHint);
        Assert.True(tools.Single(tool => tool.Name == "list_items").ProtocolTool.Annotations!.ReadOnlyHint);
    }

    [Fact]
    public async Task ListTools_EssentialsProfile_ServesAboutFifteenTools()
    {
        var (app, endpoint) = await MiroToolsFixture.StartServerAsync(fixture.Miro, fixture.Tokens, MiroToolProfile.Essentials);
        try
        {
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint }));

            var tools = await client.ListToolsAsync();
            var search = await client.CallToolAsync("search_tools", new Dictionary<string, object?> { ["query"] = "tag a sticky note" });
            var found = JsonNode.Parse(search.Content.OfType<TextContentBlock>().Single().Text)!;

            Assert.InRange(tools.Count, 12, 18);
            Assert.Contains(tools, tool => tool.Name == "search_tools");
            Assert.Contains(tools, tool => tool.Name == "create_sticky_note");
            Assert.DoesNotContain(tools, tool => tool.Name == "create_tag");
            Assert.Equal("essentials", found["profile"]!.GetValue<string>());
            Assert.Contains("MIRO_TOOL_PROFILE=full", found["note"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task SearchTools_TaskDescription_RanksTheMatchingToolFirst()
    {
        var result = await fixture.CallAsync("search_tools", new() { ["query"] = "attach tag", ["limit"] = 3 });

        Assert.Equal("attach_tag", result["tools"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(3, result["tools"]!.AsArray().Count);
    }

    [Fact]
    public async Task SearchTools_EverydayWords_FindMiroTerms()
    {
        var result = await fixture.CallAsync("search_tools", new() { ["query"] = "draw an arrow between two boxes", ["limit"] = 3 });

        Assert.Contains("create_connector", result["tools"]!.AsArray().Select(tool => tool!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Resources_BoardSummaryItemsFrames_ReadThroughTheClient()
    {
        var boardId = await fixture.NewBoardAsync("Resources");
        var frame = (await fixture.CallAsync("create_frame", new() { ["boardId"] = boardId, ["title"] = "Backlog" }))["id"]!.GetValue<string>();
        await fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "story", ["parentId"] = frame });

        var templates = await fixture.Client.ListResourceTemplatesAsync();
        var summary = await ReadAsync($"miro://boards/{boardId}/summary");
        var items = await ReadAsync($"miro://boards/{boardId}/items");
        var frames = await ReadAsync($"miro://boards/{boardId}/frames");

        Assert.Equal(3, templates.Count);
        Assert.Equal(2, summary["itemCount"]!.GetValue<int>());
        Assert.Contains(items.AsArray(), item => item!["text"]!.GetValue<string>() == "story" && item["parentId"]!.GetValue<string>() == frame);
        Assert.Equal("Backlog", frames[0]!["title"]!.GetValue<string>());
        Assert.Empty(fixture.Miro.ContractViolations);
    }

    [Fact]
    public async Task Prompts_Listed_RenderWithTheBoardId()
    {
        var prompts = await fixture.Client.ListPromptsAsync();
        var retro = await fixture.Client.GetPromptAsync("retrospective", new Dictionary<string, object?> { ["boardId"] = "uXjVb0ard=" });
        var text = string.Concat(retro.Messages.Select(message => message.Content).OfType<TextContentBlock>().Select(block => block.Text));

        Assert.Equal(["brainstorm", "kanban", "mind_map", "retrospective", "story_map"], prompts.Select(prompt => prompt.Name).Order(StringComparer.Ordinal));
        Assert.Contains("uXjVb0ard=", text, StringComparison.Ordinal);
        Assert.Contains("bulk_create", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tests_EveryTool_IsCalledThroughTheMcpClient()
    {
        var sources = string.Concat(Directory.GetFiles(Path.Combine(ToolsDocument.RepositoryRoot(), "MiroMcp.Tests", "Integration", "Tools"), "*.cs")
            .Select(File.ReadAllText));

        var uncalled = MiroToolCatalogue.All.Select(tool => tool.Name)
            .Where(name => !sources.Contains($"CallAsync(\"{name}\"", StringComparison.Ordinal) && !sources.Contains($"CallToolAsync(\"{name}\"", StringComparison.Ordinal)
                && !sources.Contains($"CallFailingAsync(\"{name}\"", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(uncalled);
    }

    private async Task<JsonNode> ReadAsync(string uri)
    {
        var result = await fixture.Client.ReadResourceAsync(uri);
        return JsonNode.Parse(result.Contents.OfType<TextResourceContents>().Single().Text)!;
    }
}
