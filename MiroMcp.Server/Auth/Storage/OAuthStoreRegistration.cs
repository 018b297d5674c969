using Microsoft.Extensions.DependencyInjection;

namespace MiroMcp.Server.Auth.Storage;

internal static class OAuthStoreRegistration
{
    /// <summary>
    /// OpenIddict's managers over our ADO.NET stores and entities (decision 009). The stores keep no state of their
    /// own (each operation opens a pooled connection), so one instance of each serves every request. Needs
    /// <see cref="OAuthDatabase"/> and <see cref="ValidatedTokenCache"/> registered.
    /// </summary>
    public static OpenIddictCoreBuilder UseOAuthDatabase(this OpenIddictCoreBuilder core) => core
        .SetDefaultApplicationEntity<OAuthApplication>()
        .SetDefaultAuthorizationEntity<OAuthAuthorization>()
        .SetDefaultScopeEntity<OAuthScope>()
        .SetDefaultTokenEntity<OAuthToken>()
        .ReplaceApplicationStore<OAuthApplication, OAuthApplicationStore>(ServiceLifetime.Singleton)
        .ReplaceAuthorizationStore<OAuthAuthorization, OAuthAuthorizationStore>(ServiceLifetime.Singleton)
        .ReplaceScopeStore<OAuthScope, OAuthScopeStore>(ServiceLifetime.Singleton)
        .ReplaceTokenStore<OAuthToken, OAuthTokenStore>(ServiceLifetime.Singleton);
}
