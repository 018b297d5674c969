namespace MiroMcp.Server.Tools;

/// <summary>The Miro operationIds a tool may call (docs/tools.md and the coverage count come from these).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class MiroOperationsAttribute(params string[] operationIds) : Attribute
{
    public IReadOnlyList<string> OperationIds { get; } = operationIds;
}

/// <summary>The tool belongs to the <c>essentials</c> profile (about 15 tools) as well as <c>full</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class EssentialAttribute : Attribute;

/// <summary>Shared parameter descriptions: the model reads these, so they are exact and short.</summary>
internal static class Describe
{
    public const string BoardId = "Board id (from list_boards), e.g. uXjVOfjkmAk=.";
    public const string ItemId = "Item id (from list_items or a create tool).";
    public const string X = "Centre x. Board coordinates, (0,0) = board centre; with parentId: relative to the frame's top-left corner.";
    public const string Y = "Centre y (grows downwards). Same origin rules as x.";
    public const string ParentId = "Frame id to place the item in; x/y then become relative to the frame's top-left corner.";
    public const string Width = "Width in board units.";
    public const string Height = "Height in board units.";
    public const string Limit = "Page size.";
    public const string Cursor = "Cursor from the previous page's nextCursor.";
    public const string All = "true: follow every page to the end (up to 1,000 items) instead of returning one page.";
    public const string HexColor = "Hex colour, e.g. #ff9d48.";
}
