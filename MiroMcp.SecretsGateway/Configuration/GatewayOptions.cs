namespace MiroMcp.SecretsGateway.Configuration;

/// <summary>Which store the gateway reads secrets from.</summary>
internal enum SecretsBackend
{
    /// <summary>Values from configuration or user-secrets: local runs and tests.</summary>
    Local,

    /// <summary>Scaleway Secret Manager over its HTTP API.</summary>
    Scaleway,
}

/// <summary>
/// The gateway's settings; environment variable names are public API (DESIGN.md §2), mapped in
/// <see cref="GatewayConfigurationExtensions"/>.
/// </summary>
internal sealed class GatewayOptions
{
    public const string DefaultScalewayApiUrl = "https://api.scaleway.com";
    public const string DefaultScalewayRegion = "fr-par";
    public const string DefaultScalewaySecretPath = "/";

    /// <summary>Required by default (setting <c>RequiredSecrets</c> overrides the list).</summary>
    public static readonly string[] DefaultRequiredSecrets = ["MIRO_CLIENT_SECRET", "MIRO_ENCRYPTION_KEY"];

    public static readonly string[] KnownRegions = ["fr-par", "nl-ams", "pl-waw"];

    public SecretsBackend Backend { get; set; } = SecretsBackend.Local;

    /// <summary>The raw SECRETS_BACKEND value when it named no known backend (reported by the validator).</summary>
    public string? UnknownBackend { get; set; }

    public string ScalewayRegion { get; set; } = DefaultScalewayRegion;

    public string? ScalewayProjectId { get; set; }

    public string ScalewayApiUrl { get; set; } = DefaultScalewayApiUrl;

    /// <summary>The Scaleway folder holding the secrets (setting <c>Scaleway:SecretPath</c>), default "/".</summary>
    public string ScalewaySecretPath { get; set; } = DefaultScalewaySecretPath;

    /// <summary>Names whose absence makes readiness fail.</summary>
    public IReadOnlyList<string> RequiredSecrets { get; set; } = DefaultRequiredSecrets;

    /// <summary>Secret: the Scaleway IAM secret key sent as X-Auth-Token.</summary>
    public string? ScalewaySecretKey { get; set; }

    /// <summary>Secret: the MCP server's caller token.</summary>
    public string? ServerCallerToken { get; set; }

    public override string ToString() => $"{nameof(GatewayOptions)} {{ Backend = {Backend}, ScalewayRegion = {ScalewayRegion}, secrets = *** }}";
}
