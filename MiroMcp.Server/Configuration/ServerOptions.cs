namespace MiroMcp.Server.Configuration;

/// <summary>
/// The server's settings. The environment variable names are public API (DESIGN.md §2); they are mapped onto
/// these properties in one place, <see cref="ServerConfigurationExtensions"/>.
/// </summary>
internal sealed class ServerOptions
{
    public const string DefaultTokenStoragePath = "/app/data/tokens.enc";
    public const string DefaultMiroApiBaseUrl = "https://api.miro.com";
    public const string DefaultMiroAuthorizeUrl = "https://miro.com/oauth/authorize";
    public const string DefaultMiroToolProfile = "full";

    public string? MiroClientId { get; set; }

    public string? MiroRedirectUri { get; set; }

    public string? McpPublicUrl { get; set; }

    public string TokenStoragePath { get; set; } = DefaultTokenStoragePath;

    public string MiroApiBaseUrl { get; set; } = DefaultMiroApiBaseUrl;

    public string MiroAuthorizeUrl { get; set; } = DefaultMiroAuthorizeUrl;

    /// <summary>MIRO_TOOL_PROFILE: <c>full</c> (default) or <c>essentials</c>; see docs/decisions/004-tool-profiles.md.</summary>
    public string MiroToolProfile { get; set; } = DefaultMiroToolProfile;

    /// <summary>Secret. Never logged, never in <see cref="ToString"/>.</summary>
    public string? MiroClientSecret { get; set; }

    /// <summary>Secret: 64 hex characters (32 bytes).</summary>
    public string? MiroEncryptionKey { get; set; }

    /// <summary>Secret, optional: the key before the last rotation.</summary>
    public string? MiroEncryptionKeyPrevious { get; set; }

    /// <summary>Secret, optional: an Npgsql connection string. Set: grants live in PostgreSQL; else in the file.</summary>
    public string? PostgresConnectionString { get; set; }
    /// <summary>True when the secrets come from the secrets gateway (else from environment variables).</summary>
    public bool SecretsFromGateway { get; set; }

    /// <summary>Why the gateway could not be read at start-up (names and status codes only), if it could not.</summary>
    public string? SecretsGatewayError { get; set; }

    /// <summary>A gateway URL is configured but SECRETS_GATEWAY_TOKEN is not.</summary>
    public bool SecretsGatewayTokenMissing { get; set; }

    /// <summary>The public base URL: <c>MCP_PUBLIC_URL</c>, else the origin of <c>MIRO_REDIRECT_URI</c>.</summary>
    public Uri PublicBaseUri =>
        Uri.TryCreate(string.IsNullOrWhiteSpace(McpPublicUrl) ? MiroRedirectUri : McpPublicUrl, UriKind.Absolute, out var uri)
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + (string.IsNullOrWhiteSpace(McpPublicUrl) ? "/" : EnsureTrailingSlash(uri.AbsolutePath)))
            : throw new InvalidOperationException("The public URL is not configured.");

    public override string ToString() => $"{nameof(ServerOptions)} {{ MiroClientId = {MiroClientId}, MiroRedirectUri = {MiroRedirectUri}, secrets = *** }}";

    private static string EnsureTrailingSlash(string path) => path.EndsWith('/') ? path : path + "/";
}
