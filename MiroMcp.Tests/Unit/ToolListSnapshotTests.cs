using System.Text.Json;
using MiroMcp.Server.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using MiroMcp.Tests.Integration.Tools;

namespace MiroMcp.Tests.Unit;

/// <summary>
/// tools/list answers from MiroMcp.Server/Tools/tool-list.json (LazyMiroTool, decision 008): it must be exactly what
/// the MCP SDK builds from the tools' code — names, descriptions, input schemas with their enums, annotations.
/// </summary>
public sealed class ToolListSnapshotTests
{
    private static string Wire(Tool tool) => JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)));

    private static string SnapshotPath => Path.Combine(ToolsDocument.RepositoryRoot(), "MiroMcp.Server", "Tools", "tool-list.json");

    [Fact]
    public void ToolListSnapshot_MatchesTheToolsTheSdkBuilds()
    {
        var built = MiroToolCatalogue.Snapshot(MiroToolCatalogue.All);
        if (Environment.GetEnvironmentVariable("MIRO_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(SnapshotPath, built);
        }

        var committed = File.ReadAllText(SnapshotPath);
        Assert.True(committed == built,
            "MiroMcp.Server/Tools/tool-list.json is stale: run MIRO_UPDATE_DOCS=1 dotnet test MiroMcp.Tests --filter \"FullyQualifiedName~ToolListSnapshot\", then rebuild the server.");
    }

    [Fact]
    public void LoadSnapshot_TheEmbeddedCopy_DescribesEveryToolAsTheSdkDoes()
    {
        var embedded = MiroToolCatalogue.LoadSnapshot();

        Assert.Equal(MiroToolCatalogue.All.Count, embedded.Count);
        foreach (var tool in MiroToolCatalogue.All)
        {
            // As tools/list writes them: the SDK's serializer, no indentation.
            var built = MiroToolCatalogue.CreateTool(tool);
            Assert.Equal(Wire(built.ProtocolTool), Wire(embedded[tool.Name]));
            // And the same metadata (the attributes filters and the SDK read), in the same order.
            Assert.Equal(
                built.Metadata.Select(item => item.GetType().FullName),
                new LazyMiroTool(tool, embedded[tool.Name]).Metadata.Select(item => item.GetType().FullName));
        }
    }
}
