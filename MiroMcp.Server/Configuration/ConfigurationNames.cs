namespace MiroMcp.Server.Configuration;

/// <summary>Environment variable names: public API, see DESIGN.md §2 and README's configuration table.</summary>
internal static class ConfigurationNames
{
    public const string MiroClientId = "MIRO_CLIENT_ID";
    public const string MiroClientSecret = "MIRO_CLIENT_SECRET";
    public const string MiroRedirectUri = "MIRO_REDIRECT_URI";
    public const string MiroEncryptionKey = "MIRO_ENCRYPTION_KEY";
    public const string MiroEncryptionKeyPrevious = "MIRO_ENCRYPTION_KEY_PREVIOUS";
    public const string TokenStoragePath = "TOKEN_STORAGE_PATH";
    public const string McpPublicUrl = "MCP_PUBLIC_URL";
    public const string MiroApiBaseUrl = "MIRO_API_BASE_URL";
    public const string MiroAuthorizeUrl = "MIRO_AUTHORIZE_URL";
    public const string SecretsGatewayUrl = "SECRETS_GATEWAY_URL";
    public const string SecretsGatewayToken = "SECRETS_GATEWAY_TOKEN";

    /// <summary>
    /// Optional secret: the secret key of a Scaleway IAM API key allowed to call private containers
    /// (ContainersPrivateAccess), sent as X-Auth-Token so that the gateway can run as a private Serverless Container.
    /// </summary>
    public const string SecretsGatewayAccessKey = "SECRETS_GATEWAY_ACCESS_KEY";
    public const string PostgresConnectionString = "POSTGRES_CONNECTION_STRING";
    public const string MiroToolProfile = "MIRO_TOOL_PROFILE";

    private static readonly string[] All =
    [
        MiroClientId, MiroClientSecret, MiroRedirectUri, MiroEncryptionKey, MiroEncryptionKeyPrevious,
        TokenStoragePath, McpPublicUrl, MiroApiBaseUrl, MiroAuthorizeUrl, SecretsGatewayUrl, SecretsGatewayToken,
        SecretsGatewayAccessKey, PostgresConnectionString, MiroToolProfile,
    ];

    /// <summary>The names that have a value, comma-separated, for the start-up line. Names only, never values.</summary>
    public static string Present(IConfiguration configuration) =>
        string.Join(", ", All.Where(name => !string.IsNullOrWhiteSpace(configuration[name])));
}
