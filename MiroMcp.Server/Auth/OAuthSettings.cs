namespace MiroMcp.Server.Auth;

/// <summary>
/// Tunables of the authorization server, section <c>OAuth</c> (e.g. <c>OAuth__AccessTokenLifetime=00:15:00</c>).
/// Defaults are production values; docs/oauth.md lists each.
/// </summary>
internal sealed class OAuthSettings
{
    public const string SectionName = "OAuth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long before expiry a Miro access token is refreshed.</summary>
    public TimeSpan MiroRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Dynamic registrations never used for this long are deleted.</summary>
    public TimeSpan UnusedRegistrationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a validated access token is answered from memory (decision 007). Revocations in this process apply at
    /// once; with several instances on one PostgreSQL database, another instance's revocation is seen within this.
    /// Zero turns the cache off.
    /// </summary>
    public TimeSpan ValidatedTokenCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Registrations accepted per client IP address per minute.</summary>
    public int RegistrationsPerMinute { get; set; } = 10;

    /// <summary>
    /// Test-only: allow client metadata documents on loopback addresses. Never set in production: it opens the
    /// metadata fetch to server-side request forgery against the host itself.
    /// </summary>
    public bool AllowLoopbackClientMetadata { get; set; }
}
