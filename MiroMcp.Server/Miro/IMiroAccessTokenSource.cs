namespace MiroMcp.Server.Miro;

/// <summary>
/// Gives the Miro access token of the user behind the current MCP request (resolved from our own access token's
/// grant, refreshed with Miro shortly before it expires). The Miro REST client asks this for every call; it never
/// sees our tokens, and MCP clients never see Miro's (no token passthrough).
/// </summary>
internal interface IMiroAccessTokenSource
{
    /// <summary>The current user's Miro access token. Throws <see cref="MiroAuthorizationException"/> when the
    /// grant is gone or Miro refused to refresh it (the MCP client must authorise again).</summary>
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>Called when Miro answered 401 with the token just given: refresh once, then give up.</summary>
    ValueTask<string?> RenewAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken);
}

/// <summary>The user must authorise again (grant gone, Miro refresh refused). Carries no token.</summary>
internal sealed class MiroAuthorizationException(string message) : Exception(message);
