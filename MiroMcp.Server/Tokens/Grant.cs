namespace MiroMcp.Server.Tokens;

/// <summary>
/// A Miro token pair. Secret: <see cref="ToString"/> never shows a token (records print their members by
/// default, so it is overridden here on purpose).
/// </summary>
internal sealed record MiroTokenPair(
    string AccessToken,
    string RefreshToken,
    DateTimeOffset AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    string Scope)
{
    public override string ToString() =>
        $"{nameof(MiroTokenPair)} {{ AccessToken = ***, RefreshToken = ***, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, Scope = {Scope} }}";
}

/// <summary>
/// One user's authorization of one MCP client, as our grant store keeps it. <see cref="GrantId"/> is the
/// OpenIddict authorization id (docs/decisions/002-state-and-stores.md). <see cref="Version"/> starts at 1 and
/// grows by one with every successful save; stores use it for optimistic concurrency.
/// </summary>
internal sealed record Grant(
    string GrantId,
    string MiroUserId,
    string MiroTeamId,
    string ClientId,
    MiroTokenPair Tokens,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
