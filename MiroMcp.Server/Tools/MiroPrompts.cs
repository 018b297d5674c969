using System.ComponentModel;
using ModelContextProtocol.Server;

namespace MiroMcp.Server.Tools;

[McpServerPromptType]
internal sealed class MiroPrompts
{
    [McpServerPrompt(Name = "retrospective")]
    [Description("Lay out a team retrospective board: three frames with a sticky-note colour each.")]
    public static string Retrospective(
        [Description(Describe.BoardId)] string boardId,
        [Description("Column titles, comma-separated (default: Went well, To improve, Actions).")] string? columns = null) =>
        $"On Miro board {boardId}, build a retrospective. Create one frame per column ({columns ?? "Went well, To improve, Actions"}), " +
        "side by side (create_frame, 1000×1400, 100 apart). In each frame add a text header and two example sticky notes with a distinct " +
        "colour per column, using frame-relative coordinates (parentId = the frame id; x/y from the frame's top-left). Use bulk_create for the notes. " +
        "Finish with get_board_summary and report what you created.";

    [McpServerPrompt(Name = "brainstorm")]
    [Description("Generate ideas on a topic as sticky notes, clustered by theme.")]
    public static string Brainstorm(
        [Description(Describe.BoardId)] string boardId,
        [Description("The topic to brainstorm.")] string topic) =>
        $"On Miro board {boardId}, brainstorm about: {topic}. Generate 15–25 short ideas, group them into 3–5 themes, and create one frame per theme " +
        "with the ideas as sticky notes inside (bulk_create with parentId, a grid with 250 spacing). Tag each note with its theme (create_tag, attach_tag). " +
        "Report the themes and the number of notes.";

    [McpServerPrompt(Name = "kanban")]
    [Description("Set up a kanban board with columns as frames and cards for tasks.")]
    public static string Kanban(
        [Description(Describe.BoardId)] string boardId,
        [Description("Columns, comma-separated (default: To do, Doing, Done).")] string? columns = null,
        [Description("Tasks to add to the first column, one per line.")] string? tasks = null) =>
        $"On Miro board {boardId}, set up a kanban: one frame per column ({columns ?? "To do, Doing, Done"}) left to right. " +
        $"Add these tasks as cards (create_card) in the first column, stacked with 150 spacing: {tasks ?? "(ask the user for the tasks)"}. " +
        "Moving a card to another column = move_item with the target frame as parentId.";

    [McpServerPrompt(Name = "story_map")]
    [Description("Build a user story map: activities across the top, stories below, releases as rows.")]
    public static string StoryMap(
        [Description(Describe.BoardId)] string boardId,
        [Description("The product or feature to map.")] string product) =>
        $"On Miro board {boardId}, build a user story map for: {product}. Put the user activities left to right as blue sticky notes in a row at y=0, " +
        "the steps of each activity below them in yellow, and user stories below the steps, grouped in release frames (MVP, Release 2). " +
        "Use bulk_create in chunks and connect nothing; report the map's structure at the end.";

    [McpServerPrompt(Name = "mind_map")]
    [Description("Turn a topic into a mind map with the experimental mind-map nodes.")]
    public static string MindMap(
        [Description(Describe.BoardId)] string boardId,
        [Description("Central topic.")] string topic) =>
        $"On Miro board {boardId}, create a mind map for: {topic}. Create the root with create_mindmap_node (no parent), then 4–6 branches as its " +
        "children and 2–4 leaves per branch (parentNodeId = the branch id). Check the result with list_mindmap_nodes.";
}
