using Microsoft.Extensions.Options;
using static MiroMcp.Server.Configuration.ConfigurationNames;

namespace MiroMcp.Server.Configuration;

internal static class ServerConfigurationExtensions
{
    /// <summary>The one place where the flat, public environment variable names meet <see cref="ServerOptions"/>.</summary>
    public static IHostApplicationBuilder AddServerConfiguration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddOptions<ServerOptions>()
            .Configure<IConfiguration>(static (options, configuration) => Bind(options, configuration))
            .ValidateOnStart();
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
        options.TokenStoragePath = Trimmed(configuration[TokenStoragePath]) ?? ServerOptions.DefaultTokenStoragePath;
        options.MiroApiBaseUrl = Trimmed(configuration[MiroApiBaseUrl]) ?? ServerOptions.DefaultMiroApiBaseUrl;
        options.MiroAuthorizeUrl = Trimmed(configuration[MiroAuthorizeUrl]) ?? ServerOptions.DefaultMiroAuthorizeUrl;
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
