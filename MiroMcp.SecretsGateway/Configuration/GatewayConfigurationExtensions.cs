using Microsoft.Extensions.Options;

namespace MiroMcp.SecretsGateway.Configuration;

internal static class GatewayConfigurationExtensions
{
    public const string SecretsBackendName = "SECRETS_BACKEND";
    public const string ScalewayRegionName = "SCALEWAY_REGION";
    public const string ScalewayProjectIdName = "SCALEWAY_PROJECT_ID";
    public const string ScalewayApiUrlName = "SCALEWAY_API_URL";
    public const string ScalewaySecretKeyName = "SCALEWAY_SECRET_KEY";
    public const string SecretsGatewayTokenName = "SECRETS_GATEWAY_TOKEN";
    public const string RequiredSecretsSection = "RequiredSecrets";
    public const string ScalewaySecretPathKey = "Scaleway:SecretPath";

    private static readonly string[] AllNames =
    [
        SecretsBackendName, ScalewayRegionName, ScalewayProjectIdName, ScalewayApiUrlName, ScalewaySecretKeyName,
        SecretsGatewayTokenName,
    ];

    public static IHostApplicationBuilder AddGatewayConfiguration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddOptions<GatewayOptions>()
            .Configure<IConfiguration>(static (options, configuration) => Bind(options, configuration))
            .ValidateOnStart();
        return builder;
    }

    internal static void Bind(GatewayOptions options, IConfiguration configuration)
    {
        options.ScalewaySecretKey = Trimmed(configuration[ScalewaySecretKeyName]);
        options.ScalewayProjectId = Trimmed(configuration[ScalewayProjectIdName]);
        options.ScalewayRegion = Trimmed(configuration[ScalewayRegionName]) ?? GatewayOptions.DefaultScalewayRegion;
        options.ScalewayApiUrl = Trimmed(configuration[ScalewayApiUrlName]) ?? GatewayOptions.DefaultScalewayApiUrl;
        options.ServerCallerToken = Trimmed(configuration[SecretsGatewayTokenName]);
        options.ScalewaySecretPath = Trimmed(configuration[ScalewaySecretPathKey]) ?? GatewayOptions.DefaultScalewaySecretPath;
        var required = configuration.GetSection(RequiredSecretsSection).Get<string[]>();
        options.RequiredSecrets = required is { Length: > 0 }
            ? required.Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name.Trim()).ToArray()
            : GatewayOptions.DefaultRequiredSecrets;

        var backend = Trimmed(configuration[SecretsBackendName]);
        if (backend is null)
        {
            // The embedded default: local unless a Scaleway key is configured.
            options.Backend = options.ScalewaySecretKey is null ? SecretsBackend.Local : SecretsBackend.Scaleway;
        }
        else if (Enum.TryParse<SecretsBackend>(backend, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            options.Backend = parsed;
        }
        else
        {
            options.UnknownBackend = backend;
        }
    }

    /// <summary>The names that have a value, for the start-up line. Names only.</summary>
    public static string PresentNames(IConfiguration configuration) =>
        string.Join(", ", AllNames.Where(name => !string.IsNullOrWhiteSpace(configuration[name])));

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
