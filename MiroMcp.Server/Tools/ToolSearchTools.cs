using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class ToolSearchTools(MiroToolSelection selection)
{
    private static readonly char[] Separators = [' ', ',', '.', '_', '-', '/', '(', ')', ':', ';'];

    /// <summary>Everyday words for Miro's terms.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["note"] = "sticky", ["post-it"] = "sticky", ["postit"] = "sticky", ["arrow"] = "connector", ["line"] = "connector",
        ["link"] = "connector", ["label"] = "tag", ["box"] = "shape", ["picture"] = "image", ["photo"] = "image",
        ["pdf"] = "document", ["file"] = "upload", ["video"] = "embed", ["area"] = "frame", ["section"] = "frame",
        ["column"] = "frame", ["invite"] = "share", ["people"] = "member", ["user"] = "member", ["diagram"] = "flowchart",
        ["remove"] = "delete", ["add"] = "create", ["make"] = "create", ["find"] = "search", ["rename"] = "update",
    };

    [McpServerTool(Name = "search_tools", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Find the right Miro tool by describing the task (e.g. 'tag a sticky note', 'connect two shapes'). Returns tool names and descriptions, best first.")]
    [Essential]
    public string SearchTools(
        [Description("What you want to do, in a few words.")] string query,
        [Description("Maximum number of tools to return (default 8).")] int? limit = null)
    {
        var words = query.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.TrimEnd('s')).Where(word => word.Length > 1)
            .SelectMany(word => Synonyms.TryGetValue(word, out var term) ? new[] { word, term } : [word])
            .Distinct().ToArray();
        var ranked = selection.Tools
            .Where(tool => tool.Name != "search_tools")
            .Select(tool => (Tool: tool, Score: Score(tool, words)))
            .Where(pair => pair.Score > 0)
            .OrderByDescending(pair => pair.Score)
            .ThenBy(pair => pair.Tool.Name, StringComparer.Ordinal)
            .Take(Math.Clamp(limit ?? 8, 1, 50))
            .Select(pair => (JsonNode?)new JsonObject { ["name"] = pair.Tool.Name, ["description"] = pair.Tool.Description })
            .ToArray();
        var result = new JsonObject { ["profile"] = selection.Profile.ToString().ToLowerInvariant(), ["tools"] = new JsonArray(ranked) };
        if (selection.Profile == MiroToolProfile.Essentials)
        {
            result["note"] = "This server runs the essentials profile; more tools exist with MIRO_TOOL_PROFILE=full.";
        }

        return result.ToJsonString();
    }

    private static int Score(MiroToolInfo tool, string[] words)
    {
        var name = tool.Name.ToLowerInvariant();
        var description = tool.Description.ToLowerInvariant();
        var score = 0;
        foreach (var word in words)
        {
            if (name.Contains(word, StringComparison.Ordinal))
            {
                score += 3;
            }

            if (description.Contains(word, StringComparison.Ordinal))
            {
                score += 1;
            }
        }

        return score;
    }
}
