namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>How a <see cref="MiroEmulator"/> starts: the registered app, the test user and token lifetimes.</summary>
public sealed class MiroEmulatorOptions
{
    public string ClientId { get; set; } = "3458764" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string ClientSecret { get; set; } = TestSecrets.NewToken("miro-secret");

    /// <summary>Redirect URIs registered in the app (exact match, as Miro does). More can be added at run time.</summary>
    public IList<string> RedirectUris { get; } = [];

    public string UserId { get; set; } = "3458764517517852417";

    public string UserName { get; set; } = "Test User";

    public string TeamId { get; set; } = "3458764517517819000";

    public string TeamName { get; set; } = "Test Team";

    public string OrganizationId { get; set; } = "3458764517517800000";

    public string OrganizationName { get; set; } = "Test Organization";

    public string Scope { get; set; } = "boards:read boards:write";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Miro's authorization codes live 10 minutes.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Credits per user per minute (Miro: 100,000).</summary>
    public int CreditsPerMinute { get; set; } = 100_000;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
