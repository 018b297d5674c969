using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Auth.Storage;
using MiroMcp.Server.Configuration;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Server.Auth;

/// <summary>
/// The OAuth 2.1 authorization server for MCP clients: OpenIddict for the protocol core (codes, PKCE S256,
/// resource binding, refresh rotation, revocation, metadata), and ours for DCR, CIMD, consent and the Miro broker
/// (docs/decisions/003-oauth-openiddict.md).
/// </summary>
internal static class AuthorizationServerExtensions
{
    public static IHostApplicationBuilder AddAuthorizationServer(this IHostApplicationBuilder builder)
    {
        // Options are validated before Build() is reached (Program.cs), so reading them here is safe.
        var server = new ServerOptions();
        ServerConfigurationExtensions.Bind(server, builder.Configuration);
        if (new ServerOptionsValidator().Validate(null, server).Failed)
        {
            return builder; // Program.cs reports the configuration failure and exits before serving.
        }

        builder.Services.AddOptions<OAuthSettings>().BindConfiguration(OAuthSettings.SectionName);
        var settings = builder.Configuration.GetSection(OAuthSettings.SectionName).Get<OAuthSettings>() ?? new OAuthSettings();
        var issuer = server.PublicBaseUri;
        var resource = AuthorizeEndpoints.McpResource(server);
        var secure = issuer.Scheme == Uri.UriSchemeHttps;

        builder.Services.AddSingleton<TokenCheckMetrics>();
        builder.Services.AddSingleton<ValidatedTokenCache>();
        // The OAuth database over ADO.NET (decision 009): the PostgreSQL database when configured, else a SQLite file
        // next to the grant store.
        builder.Services.AddSingleton(_ =>
            builder.Configuration[ConfigurationNames.PostgresConnectionString] is { Length: > 0 } connectionString
                ? OAuthDatabase.ForPostgres(connectionString)
                : OAuthDatabase.ForSqliteFile(OAuthDatabasePath(server)));

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseOAuthDatabase())
            .AddServer(options =>
            {
                options.SetIssuer(issuer);
                options.SetAuthorizationEndpointUris(AuthorizeEndpoints.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris("token")
                    .SetRevocationEndpointUris("revoke")
                    .SetConfigurationEndpointUris(".well-known/oauth-authorization-server", ".well-known/openid-configuration");

                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                options.RequireProofKeyForCodeExchange();
                options.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                options.RegisterScopes([.. OAuthScopes.All, Scopes.OfflineAccess]);
                options.RegisterResources(resource);
                options.IgnoreResourcePermissions();

                options.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime)
                    // No grace period: a refresh token presented twice is reuse, and revokes the chain (RFC 9700 4.14).
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                options.AddSigningKey(OAuthKeys.Signing(server.MiroEncryptionKey!))
                    .AddEncryptionKey(OAuthKeys.Encryption(server.MiroEncryptionKey!));
                if (server.MiroEncryptionKeyPrevious is { } previous)
                {
                    options.AddSigningKey(OAuthKeys.Signing(previous)).AddEncryptionKey(OAuthKeys.Encryption(previous));
                }

                options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler
                    .UseScopedHandler<ClientMetadataDocumentHandler>()
                    .SetOrder(int.MinValue + 50_000)
                    .SetType(OpenIddictServerHandlerType.Custom));

                options.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        context.TokenEndpointAuthenticationMethods.Add(ClientAuthenticationMethods.None);
                        context.Metadata["registration_endpoint"] = new Uri(issuer, ClientRegistrationApi.Path.TrimStart('/')).AbsoluteUri;
                        context.Metadata["client_id_metadata_document_supported"] = true;
                        context.Metadata["authorization_response_iss_parameter_supported"] = true;
                        return default;
                    }));

                var aspNetCore = options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableErrorPassthrough();
                if (!secure)
                {
                    aspNetCore.DisableTransportSecurityRequirement(); // validated: plain http only on loopback
                }
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseAspNetCore();
                options.AddAudiences(resource);
                options.EnableAuthorizationEntryValidation();
                options.EnableTokenEntryValidation();
            });

#pragma warning disable EXTEXP0001 // experimental, but the documented way to take a client out of the defaults' retries
        builder.Services.AddScoped<ClientMetadataDocumentHandler>();
        builder.Services.AddScoped<ClientMetadataDocuments>();
        builder.Services.AddHttpClient(ClientMetadataDocuments.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(services => ClientMetadataDocuments.CreateHandler(services.GetRequiredService<IOptionsMonitor<OAuthSettings>>()))
            .RemoveAllResilienceHandlers();
        builder.Services.AddHttpClient<MiroOAuthClient>(MiroOAuthClient.HttpClientName)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddDataProtection().SetApplicationName("MiroMcp.Server");
        builder.Services.AddSingleton(services => new BrowserCookies(
            services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
            services.GetRequiredService<TimeProvider>(), secure));
        builder.Services.AddAntiforgery(options =>
        {
            options.FormFieldName = AuthorizeEndpoints.CsrfFieldName;
            options.Cookie.Name = (secure ? "__Host-" : "") + "miromcp-csrf";
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.None;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.SuppressXFrameOptionsHeader = false;
        });

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(ClientRegistrationApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, settings.RegistrationsPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Scaleway's TLS proxy terminates https; its addresses are not published, so trust the header's
            // scheme only (the issuer and resource URLs come from configuration, never from the request).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });

        builder.Services.AddHostedService<RegistrationCleanup>();
        return builder;
    }

    /// <summary>Before authentication (where OpenIddict's token endpoint runs).</summary>
    public static WebApplication UseRedemptionSerializer(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.Equals(RedemptionSerializer.TokenPath, StringComparison.Ordinal),
            branch => branch.UseMiddleware<RedemptionSerializer>());
        return app;
    }

    public static WebApplication MapAuthorizationServer(this WebApplication app)
    {
        app.MapAuthorizeEndpoints();
        app.MapClientRegistration();
        return app;
    }

    /// <summary>Creates OpenIddict's tables when absent (SQLite file or PostgreSQL database).</summary>
    public static Task InitializeAuthorizationStoreAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<OAuthDatabase>().EnsureCreatedAsync(cancellationToken);

    /// <summary>
    /// Loads one stored token the way access-token validation does (OpenIddict's token manager over our store), on
    /// the thread pool while the rest of the start-up runs on the main thread, so that the first authenticated request
    /// does not pay for the first connection, the store's code and OpenIddict's token manager alone (decision 008).
    /// Read-only and best effort: no token in the database, or any failure, just leaves the work to the first request.
    /// </summary>
    public static void StartTokenLookupWarmUp(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                _ = await WarmUpTokenLookupAsync(app.Services, stopping);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.TokenLookupWarmUpFailed(app.Logger, exception.GetType().Name);
            }
        }, stopping);
    }

    /// <summary>The warm-up's work: the id of the token it loaded through OpenIddict's token manager, or null when none is stored.</summary>
    internal static async Task<string?> WarmUpTokenLookupAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        string? id = null;
        await foreach (var token in tokens.ListAsync(count: 1, offset: null, cancellationToken))
        {
            id = await tokens.GetIdAsync(token, cancellationToken);
        }

        return id is not null && await tokens.FindByIdAsync(id, cancellationToken) is not null ? id : null;
    }

    public static string OAuthDatabasePath(ServerOptions options)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.TokenStoragePath))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "oauth.db");
    }

    public static string ValidationScheme => OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
}
