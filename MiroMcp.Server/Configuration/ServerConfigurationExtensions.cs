using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using static MiroMcp.Server.Configuration.ConfigurationNames;

namespace MiroMcp.Server.Configuration;

internal static class ServerConfigurationExtensions
{
    /// <summary>The one place where the flat, public environment variable names meet <see cref="ServerOptions"/>.</summary>
    public static IHostApplicationBuilder AddServerConfiguration(this IHostApplicationBuilder builder)
    {
        // Secrets from the gateway when one is configured (loaded now, refreshed later); else environment variables.
        if (SecretsGatewaySettings.FromConfiguration(builder.Configuration) is { } gateway && gateway.Token.Length > 0)
        {
            builder.Configuration.Add(new SecretsGatewayConfigurationSource(gateway));
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SecretsGatewayLoggerAttacher>());
        }

        // IOptionsMonitor<ServerOptions> must see reloads (a rotated secret arrives without a restart).
        builder.Services.AddSingleton<IOptionsChangeTokenSource<ServerOptions>>(new ConfigurationChangeTokenSource<ServerOptions>(builder.Configuration));
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddOptions<ServerOptions>()
            .Configure<IConfiguration>(static (options, configuration) => Bind(options, configuration))
            .ValidateOnStart();

        // IOptionsMonitor<ServerOptions> sees configuration reloads (new keys from the secrets gateway) only
        // through a change token source: without it, Configure<IConfiguration> is never re-run.
        builder.Services.AddSingleton<IOptionsChangeTokenSource<ServerOptions>>(
            new ConfigurationChangeTokenSource<ServerOptions>(builder.Configuration));
        return builder;
    }

    internal static void Bind(ServerOptions options, IConfiguration configuration)
    {
        options.MiroClientId = Trimmed(configuration[MiroClientId]);
        options.MiroClientSecret = Trimmed(configuration[MiroClientSecret]);
        options.MiroRedirectUri = Trimmed(configuration[MiroRedirectUri]);
        options.MiroEncryptionKey = Trimmed(configuration[MiroEncryptionKey]);
        options.MiroEncryptionKeyPrevious = Trimmed(configuration[MiroEncryptionKeyPrevious]);
        options.McpPublicUrl = Trimmed(configuration[McpPublicUrl]);
        options.PostgresConnectionString = Trimmed(configuration[PostgresConnectionString]);
        options.TokenStoragePath = Trimmed(configuration[TokenStoragePath]) ?? ServerOptions.DefaultTokenStoragePath;
        options.MiroApiBaseUrl = Trimmed(configuration[MiroApiBaseUrl]) ?? ServerOptions.DefaultMiroApiBaseUrl;
        options.MiroAuthorizeUrl = Trimmed(configuration[MiroAuthorizeUrl]) ?? ServerOptions.DefaultMiroAuthorizeUrl;
        options.SecretsFromGateway = configuration[SecretsGatewayConfigurationProvider.SourceKey] is not null;
        options.SecretsGatewayError = Trimmed(configuration[SecretsGatewayConfigurationProvider.ErrorKey]);
        options.SecretsGatewayTokenMissing = SecretsGatewaySettings.FromConfiguration(configuration) is { Token.Length: 0 };
        options.MiroToolProfile = Trimmed(configuration[MiroToolProfile])?.ToLowerInvariant() ?? ServerOptions.DefaultMiroToolProfile;
    }

    /// <summary>The tool profile named by MIRO_TOOL_PROFILE (validated at start-up by <see cref="ServerOptionsValidator"/>).</summary>
    internal static Tools.MiroToolProfile ReadToolProfile(IConfiguration configuration) =>
        Trimmed(configuration[MiroToolProfile])?.ToLowerInvariant() switch
        {
            "essentials" => Tools.MiroToolProfile.Essentials,
            null or "full" => Tools.MiroToolProfile.Full,
            _ => throw new InvalidOperationException($"{MiroToolProfile} must be 'essentials' or 'full'."),
        };

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
