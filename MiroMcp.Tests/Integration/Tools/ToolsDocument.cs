using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MiroMcp.Server.Tools;

namespace MiroMcp.Tests.Integration.Tools;

/// <summary>
/// Generates docs/tools.md from the tool metadata (names, descriptions, annotations, [MiroOperations], [Essential])
/// and the spec's operation list. <see cref="ToolCatalogueTests"/> fails when the committed file differs; rewrite it
/// with <c>MIRO_UPDATE_DOCS=1 dotnet test MiroMcp.Tests --filter "FullyQualifiedName~ToolsDoc"</c>.
/// </summary>
internal static class ToolsDocument
{
    /// <summary>Operations deliberately not offered as tools, with the reason (prefix match on the spec's area).</summary>
    public static readonly IReadOnlyDictionary<string, string> ExcludedAreas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["User"] = "SCIM user provisioning: needs an organisation admin's SCIM token, not a board user's OAuth token.",
        ["Group"] = "SCIM group provisioning: needs an organisation admin's SCIM token.",
        ["Discovery"] = "SCIM discovery endpoints: part of SCIM provisioning, not board work.",
        ["App metrics (experimental)"] = "Usage metrics of the Miro app itself, for its developer; not board content.",
        ["OAuth"] = "Token revocation belongs to the server's sign-out flow; a model never handles tokens.",
    };

    /// <summary>Single operations not offered as tools, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExcludedOperations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["revoke-token"] = "Deprecated v1 revocation (token in the URL); the server's sign-out uses v2.",
    };

    private static readonly (string Area, string[] Keys)[] ComparisonAreas =
    [
        ("Search, identity, tool search", ["search", "who_am_i", "find_board"]),
        ("Tags", ["tag"]),
        ("Connectors", ["connector"]),
        ("Groups", ["group"]),
        ("Board members and sharing", ["member", "share"]),
        ("Mind maps", ["mindmap"]),
        ("Flowcharts and diagrams", ["flowchart", "diagram"]),
        ("Code widgets", ["code_widget"]),
        ("Comments", ["comment"]),
        ("Export, audit, SVG, tables, pictures", ["export", "audit", "desire", "svg", "picture", "table"]),
        ("Bulk", ["bulk", "sticky_grid"]),
        ("Frames", ["frame"]),
        ("Docs and documents", ["doc"]),
        ("Images", ["image"]),
        ("Embeds", ["embed"]),
        ("Cards and app cards", ["card"]),
        ("Sticky notes, shapes, text", ["sticky", "shape", "text"]),
        ("Items (any type)", ["item"]),
        ("Boards", ["board"]),
    ];

    private static readonly string[] PeerFixtureNames = ["miro_test", "miro_unknown", "miro_match_", "miro_create_long"];

    /// <summary>The checkout: above this source file, or (with a path-mapped CI build) above the test binaries.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        FindSolutionAbove(Path.GetDirectoryName(thisFile))
        ?? FindSolutionAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("MiroMcp.sln not found above " + thisFile + " or " + AppContext.BaseDirectory);

    private static string? FindSolutionAbove(string? start)
    {
        var directory = string.IsNullOrEmpty(start) || !Directory.Exists(start) ? null : new DirectoryInfo(start);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MiroMcp.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName;
    }

    public static string DocumentPath => Path.Combine(RepositoryRoot(), "docs", "tools.md");

    /// <summary>The non-Enterprise operations of specs/miro-operations.md: (area, method, path, operationId, level).</summary>
    public static IReadOnlyList<(string Area, string Method, string Path, string OperationId, string Level)> SpecOperations()
    {
        var file = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Miro", "Specs", "miro-operations.md");
        return File.ReadLines(file)
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("|  |", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells[0] != "area")
            .Select(cells => (cells[0], cells[1], cells[2], cells[3], cells[4]))
            .ToList();
    }

    public static IReadOnlyList<string> PeerToolNames()
    {
        var file = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Miro", "Specs", "peer-olgasafonova-tool-names.txt");
        return File.ReadLines(file).Where(line => line.StartsWith("miro_", StringComparison.Ordinal) && !PeerFixtureNames.Contains(line.Trim()))
            .Select(line => line.Trim()["miro_".Length..]).ToList();
    }

    public static string ComparisonArea(string toolName) =>
        ComparisonAreas.FirstOrDefault(area => area.Keys.Any(key => toolName.Contains(key, StringComparison.Ordinal))).Area ?? "Other";

    public static string Generate()
    {
        var tools = MiroToolCatalogue.All;
        var operations = SpecOperations();
        var reachable = tools.SelectMany(tool => tool.OperationIds).ToHashSet(StringComparer.Ordinal);
        var covered = operations.Where(op => reachable.Contains(op.OperationId)).ToList();
        var left = operations.Where(op => !reachable.Contains(op.OperationId)).ToList();
        var peers = PeerToolNames();
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

        Line("# Miro tools");
        Line();
        Line("Generated from the tool metadata (`MiroMcp.Server/Tools`): do not edit by hand. A test fails when this file is stale;");
        Line("rewrite it with `MIRO_UPDATE_DOCS=1 dotnet test MiroMcp.Tests --filter \"FullyQualifiedName~ToolsDoc\"`.");
        Line();
        Line(Invariant($"**{tools.Count} tools.** Profiles (`MIRO_TOOL_PROFILE`, see docs/decisions/004-tool-profiles.md): `full` (default, all tools) and"));
        Line(Invariant($"`essentials` ({tools.Count(tool => tool.Essential)} tools: {string.Join(", ", tools.Where(tool => tool.Essential).Select(tool => "`" + tool.Name + "`"))})."));
        Line("Annotations: R = readOnlyHint, D = destructiveHint, I = idempotentHint (every Miro tool also sets openWorldHint).");
        Line("Coordinates: (0,0) is the board centre; with a `parentId` (a frame), x/y are relative to the frame's top-left corner.");
        Line();
        Line("## Operation coverage");
        Line();
        Line(Invariant($"{covered.Count} of the {operations.Count} Miro REST operations that need no Enterprise plan are reachable through a tool."));
        Line("Left out, and why:");
        Line();
        Line("| operationId | area | reason |");
        Line("|---|---|---|");
        foreach (var op in left.OrderBy(op => op.Area, StringComparer.Ordinal).ThenBy(op => op.OperationId, StringComparer.Ordinal))
        {
            var reason = ExcludedOperations.GetValueOrDefault(op.OperationId) ?? ExcludedAreas.GetValueOrDefault(op.Area) ?? "NOT YET COVERED";
            Line($"| {op.OperationId} | {op.Area} | {reason} |");
        }

        Line();
        Line("## Tools per area, next to olgasafonova/miro-mcp-server");
        Line();
        Line(Invariant($"Peer: {peers.Count} tools (tools/definitions.go at 13d9420, test fixtures excluded), classified by the same name rules."));
        Line();
        Line("| area | MiroMcp | olgasafonova |");
        Line("|---|---:|---:|");
        var ours = tools.GroupBy(tool => ComparisonArea(tool.Name)).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var theirs = peers.GroupBy(ComparisonArea).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        foreach (var area in ComparisonAreas.Select(area => area.Area).Append("Other").Where(area => ours.ContainsKey(area) || theirs.ContainsKey(area)))
        {
            Line(Invariant($"| {area} | {ours.GetValueOrDefault(area)} | {theirs.GetValueOrDefault(area)} |"));
        }

        Line(Invariant($"| **total** | **{tools.Count}** | **{peers.Count}** |"));
        Line();
        Line("Where the peer has more: comments are not in Miro's public REST v2 spec; board export and audit logs are Enterprise-only");
        Line("operations (outside the 118); its SVG, diagram, table and picture tools are client-side composites; it keeps separate");
        Line("get/delete tools per item type where this server has one `get_item`/`delete_item` with a `type` argument that calls the");
        Line("type's own operation (all of them are listed under those two tools below).");
        Line();
        Line("## Tools");
        Line();
        Line("| tool | profile | R D I | Miro operations | description |");
        Line("|---|---|---|---|---|");
        foreach (var tool in tools)
        {
            var hints = $"{(tool.ReadOnly ? "R" : "-")} {(tool.Destructive ? "D" : "-")} {(tool.Idempotent ? "I" : "-")}";
            var ops = tool.OperationIds.Count == 0 ? "(none: works on the tool list)" : string.Join(", ", tool.OperationIds.Select(id => "`" + id + "`"));
            Line($"| `{tool.Name}` | {(tool.Essential ? "essentials, full" : "full")} | {hints} | {ops} | {tool.Description.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();
    }
}
