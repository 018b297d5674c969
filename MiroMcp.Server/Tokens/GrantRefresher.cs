using Microsoft.Extensions.Options;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Miro;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// Keeps a grant's Miro pair fresh. Miro kills the old pair on every refresh, so a grant is refreshed by one
/// caller at a time (striped locks here; optimistic versions in the store across instances) and the new pair is
/// saved before anyone uses it. A refused refresh ends the grant: its OpenIddict authorization is revoked so the
/// MCP client's refresh token stops working too, and the client signs in again.
/// </summary>
internal sealed class GrantRefresher(
    IGrantStore grants,
    MiroOAuthClient miro,
    IServiceScopeFactory scopes,
    IOptionsMonitor<OAuthSettings> settings,
    TimeProvider time,
    ILogger<GrantRefresher> logger)
{
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The grant with a Miro access token valid beyond the refresh margin (refreshing if needed).</summary>
    public async Task<Grant> GetFreshAsync(string grantId, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        var grant = await grants.GetAsync(grantId, cancellationToken) ?? throw Gone();
        if (!NeedsRefresh(grant, rejectedAccessToken))
        {
            return grant;
        }

        var seenVersion = grant.Version;
        var gate = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(grantId) % Stripes)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Someone refreshed while we waited: theirs is the pair to use (Miro has already killed ours).
            grant = await grants.GetAsync(grantId, cancellationToken) ?? throw Gone();
            if (grant.Version != seenVersion || !NeedsRefresh(grant, rejectedAccessToken))
            {
                return grant;
            }

            MiroTokenPair pair;
            try
            {
                pair = await miro.RefreshAsync(grant.Tokens.RefreshToken, cancellationToken);
            }
            catch (MiroAuthorizationException ex)
            {
                Log.MiroTokenRefreshFailed(logger, grantId, ex.Message);
                await EndGrantAsync(grantId, cancellationToken);
                throw;
            }

            var saved = await grants.SaveAsync(grant with { Tokens = pair, UpdatedAt = time.GetUtcNow() }, grant.Version, cancellationToken);
            Log.MiroTokenRefreshed(logger, grantId);
            return saved ?? await grants.GetAsync(grantId, cancellationToken) ?? throw Gone();
        }
        finally
        {
            gate.Release();
        }
    }

    private bool NeedsRefresh(Grant grant, string? rejectedAccessToken) =>
        (rejectedAccessToken is not null && string.Equals(grant.Tokens.AccessToken, rejectedAccessToken, StringComparison.Ordinal))
        || grant.Tokens.AccessTokenExpiresAt - time.GetUtcNow() <= settings.CurrentValue.MiroRefreshMargin;

    private async Task EndGrantAsync(string grantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        if (await authorizations.FindByIdAsync(grantId, cancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }

        await grants.DeleteAsync(grantId, cancellationToken);
    }

    private static MiroAuthorizationException Gone() =>
        new("This connection to Miro has ended; authorise the MCP client again.");
}

/// <summary>The Miro token of the user behind the current MCP request (resolved by <see cref="Mcp.GrantResolution"/>).</summary>
internal sealed class GrantAccessTokenSource(IHttpContextAccessor http, GrantRefresher refresher) : IMiroAccessTokenSource
{
    public const string GrantItemKey = "MiroMcp.Grant";

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var context = http.HttpContext ?? throw new MiroAuthorizationException("No MCP request is in progress.");
        if (context.Items[GrantItemKey] is Grant grant)
        {
            return grant.Tokens.AccessToken;
        }

        var grantId = context.User.GetAuthorizationId() ?? throw new MiroAuthorizationException("The access token names no grant.");
        var fresh = await refresher.GetFreshAsync(grantId, rejectedAccessToken: null, cancellationToken);
        context.Items[GrantItemKey] = fresh;
        return fresh.Tokens.AccessToken;
    }

    public async ValueTask<string?> RenewAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var grantId = context?.User.GetAuthorizationId();
        if (context is null || grantId is null)
        {
            return null;
        }

        var fresh = await refresher.GetFreshAsync(grantId, rejectedAccessToken, cancellationToken);
        context.Items[GrantItemKey] = fresh;
        return string.Equals(fresh.Tokens.AccessToken, rejectedAccessToken, StringComparison.Ordinal) ? null : fresh.Tokens.AccessToken;
    }
}
