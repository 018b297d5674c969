using System.Globalization;
using MiroMcp.Server.Tokens;

namespace MiroMcp.Benchmarks.TokenStore;

/// <summary>Deterministic grants of realistic size: the content follows from (id, version), so a reader can check it.</summary>
internal static class SampleGrants
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Id(int index) => string.Create(CultureInfo.InvariantCulture, $"grant-{index:D8}-0b9e4c1d-7a52-4e7f-9c1e-3f5d2a8b6c40");

    public static Grant Create(string grantId, long version) => new(
        grantId,
        MiroUserId: "3458764517000000001",
        MiroTeamId: "3458764512000000002",
        ClientId: "https://claude.ai/oauth/mcp-oauth-client-metadata",
        Tokens: new MiroTokenPair(
            AccessToken: string.Create(CultureInfo.InvariantCulture, $"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_access_{grantId}_{version}_Yq3xZ9aLm4kP0wR7tV2bN8cD5fG1hJ6"),
            RefreshToken: string.Create(CultureInfo.InvariantCulture, $"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_refresh_{grantId}_{version}_Hs8dK3mQ7pL2vX9zR4tW1yB6nC5gF0j"),
            AccessTokenExpiresAt: Epoch.AddHours(version),
            RefreshTokenExpiresAt: Epoch.AddDays(60),
            Scope: "boards:read boards:write"),
        CreatedAt: Epoch,
        UpdatedAt: Epoch.AddMinutes(version),
        Version: version);

    /// <summary>True when <paramref name="grant"/> is exactly what <see cref="Create"/> made for its id and version.</summary>
    public static bool IsIntact(Grant grant) => grant == Create(grant.GrantId, grant.Version);
}
