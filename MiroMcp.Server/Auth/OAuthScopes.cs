namespace MiroMcp.Server.Auth;

/// <summary>The scopes MCP clients may ask for; they mirror the Miro scopes the server asks Miro for.</summary>
internal static class OAuthScopes
{
    public const string BoardsRead = "boards:read";
    public const string BoardsWrite = "boards:write";

    public static readonly string[] All = [BoardsRead, BoardsWrite];

    /// <summary>What a client gets when it asks for no scope: everything a board user needs.</summary>
    public static readonly string[] Default = All;
}
