using System.ComponentModel;
using System.Text.Json.Nodes;
using MiroMcp.Server.Miro;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using static MiroMcp.Server.Tools.ToolJson;

namespace MiroMcp.Server.Tools;

[McpServerToolType]
internal sealed class MemberTools(MiroClient miro)
{
    [McpServerTool(Name = "list_board_members", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the people a board is shared with and their roles.")]
    [MiroOperations("get-board-members")]
    public Task<string> ListBoardMembersAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Page size, 1–100 (default 20).")] int? limit = null,
        [Description("Index of the first member, from nextOffset.")] int? offset = null,
        [Description(Describe.All)] bool all = false,
        CancellationToken cancellationToken = default) =>
        OffsetListAsync(miro, MiroOperations.GetBoardMembers, [boardId], [], limit, offset, all, 100, cancellationToken);

    [McpServerTool(Name = "get_board_member", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Get one board member's name and role.")]
    [MiroOperations("get-specific-board-member")]
    public async Task<string> GetBoardMemberAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Member id (from list_board_members).")] string memberId,
        CancellationToken cancellationToken = default) =>
        Render(await miro.GetAsync(MiroOperations.GetSpecificBoardMember, [boardId, memberId], null, cancellationToken));

    [McpServerTool(Name = "share_board", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Invite people to a board by email with a role; Miro emails them. Returns which invitations succeeded.")]
    [MiroOperations("share-board")]
    public async Task<string> ShareBoardAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Email addresses to invite (up to 20).")] string[] emails,
        [Description("Role of the invitees (default commenter).")] InviteRole? role = null,
        [Description("Message for the invitation email.")] string? message = null,
        CancellationToken cancellationToken = default)
    {
        if (emails is not { Length: > 0 and <= 20 })
        {
            throw new McpException("Give 1 to 20 email addresses.");
        }

        var body = Object(("emails", new JsonArray(emails.Select(email => (JsonNode?)email).ToArray())), ("role", Wire(role)), ("message", message));
        return Render(await miro.SendAsync(MiroOperations.ShareBoard, [boardId], null, body, cancellationToken));
    }

    [McpServerTool(Name = "update_board_member", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Change a board member's role.")]
    [MiroOperations("update-board-member")]
    public async Task<string> UpdateBoardMemberAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Member id.")] string memberId,
        [Description("New role.")] BoardRole role,
        CancellationToken cancellationToken = default) =>
        Render(await miro.SendAsync(MiroOperations.UpdateBoardMember, [boardId, memberId], null, new JsonObject { ["role"] = Wire<BoardRole>(role) }, cancellationToken));

    [McpServerTool(Name = "remove_board_member", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Remove a person's access to a board.")]
    [MiroOperations("remove-board-member")]
    public async Task<string> RemoveBoardMemberAsync(
        [Description(Describe.BoardId)] string boardId,
        [Description("Member id.")] string memberId,
        CancellationToken cancellationToken = default)
    {
        await miro.SendAsync(MiroOperations.RemoveBoardMember, [boardId, memberId], null, null, cancellationToken);
        return Done($"member {memberId} removed");
    }
}
