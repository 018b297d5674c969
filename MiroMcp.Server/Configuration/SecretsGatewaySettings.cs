namespace MiroMcp.Server.Configuration;

/// <summary>How the server reaches the secrets gateway. Holds the caller token and access key: masked in <see cref="ToString"/>.</summary>
internal sealed class SecretsGatewaySettings
{
    /// <summary>Aspire service discovery's keys for the gateway resource named "secrets-gateway".</summary>
    public static readonly string[] ServiceDiscoveryKeys = ["services:secrets-gateway:https:0", "services:secrets-gateway:http:0"];

    /// <summary>Setting (not an env name of the seed): how often the server asks the gateway for new versions.</summary>
    public const string RefreshIntervalKey = "SecretsGateway:RefreshInterval";

    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    public required Uri BaseUri { get; init; }

    public required string Token { get; init; }

    /// <summary>
    /// Sent as <c>X-Auth-Token</c> when set (SECRETS_GATEWAY_ACCESS_KEY): what a private Scaleway Serverless
    /// Container requires of its callers, on top of our own bearer token.
    /// </summary>
    public string? AccessKey { get; init; }

    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>Start-up tries before giving up with the one-line failure.</summary>
    public int StartupAttempts { get; init; } = 5;

    public TimeSpan StartupRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tests only: the handler under the provider's own HttpClient.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>
    /// The settings when a gateway is configured (SECRETS_GATEWAY_URL, else service discovery, plus
    /// SECRETS_GATEWAY_TOKEN); null when the server should read its secrets from environment variables.
    /// A URL without a token still returns settings (with an empty token) so the validator can name the gap.
    /// </summary>
    public static SecretsGatewaySettings? FromConfiguration(IConfiguration configuration)
    {
        var url = configuration[ConfigurationNames.SecretsGatewayUrl];
        if (string.IsNullOrWhiteSpace(url))
        {
            url = ServiceDiscoveryKeys.Select(key => configuration[key]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        }

        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var refresh = TimeSpan.TryParse(configuration[RefreshIntervalKey], System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : DefaultRefreshInterval;
        return new SecretsGatewaySettings
        {
            BaseUri = uri,
            Token = configuration[ConfigurationNames.SecretsGatewayToken]?.Trim() ?? string.Empty,
            AccessKey = configuration[ConfigurationNames.SecretsGatewayAccessKey]?.Trim() is { Length: > 0 } key ? key : null,
            RefreshInterval = refresh,
        };
    }

    public override string ToString() =>
        $"{nameof(SecretsGatewaySettings)} {{ BaseUri = {BaseUri}, Token = ***, AccessKey = {(AccessKey is null ? "(none)" : "***")} }}";
}
