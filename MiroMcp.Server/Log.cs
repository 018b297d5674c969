namespace MiroMcp.Server;

/// <summary>Every log line of the server. Names and ids only: never a secret, token, code or verifier.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully ({Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, string names);

    [LoggerMessage(EventId = 1200, EventName = "ClientRegistered", Level = LogLevel.Information,
        Message = "Registered MCP client {ClientId} with {RedirectUriCount} redirect URI(s)")]
    public static partial void ClientRegistered(ILogger logger, string clientId, int redirectUriCount);

    [LoggerMessage(EventId = 1201, EventName = "ClientMetadataFetched", Level = LogLevel.Information,
        Message = "Fetched the client ID metadata document of {ClientId}")]
    public static partial void ClientMetadataFetched(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1202, EventName = "ClientMetadataRejected", Level = LogLevel.Warning,
        Message = "Rejected the client ID metadata document of {ClientId}: {Reason}")]
    public static partial void ClientMetadataRejected(ILogger logger, string clientId, string reason);

    [LoggerMessage(EventId = 1203, EventName = "MiroLoginStarted", Level = LogLevel.Information,
        Message = "Sending the user to Miro to sign in for client {ClientId}")]
    public static partial void MiroLoginStarted(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1204, EventName = "MiroLoginCompleted", Level = LogLevel.Information,
        Message = "Miro sign-in completed for client {ClientId}; grant {GrantId}")]
    public static partial void MiroLoginCompleted(ILogger logger, string clientId, string grantId);

    [LoggerMessage(EventId = 1205, EventName = "MiroLoginFailed", Level = LogLevel.Warning,
        Message = "Miro sign-in failed: {Reason}")]
    public static partial void MiroLoginFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1206, EventName = "ConsentDenied", Level = LogLevel.Information,
        Message = "The user denied access to client {ClientId}")]
    public static partial void ConsentDenied(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1207, EventName = "MiroTokenRefreshed", Level = LogLevel.Information,
        Message = "Refreshed the Miro token pair of grant {GrantId}")]
    public static partial void MiroTokenRefreshed(ILogger logger, string grantId);

    [LoggerMessage(EventId = 1208, EventName = "MiroTokenRefreshFailed", Level = LogLevel.Warning,
        Message = "Could not refresh the Miro token pair of grant {GrantId}: {Reason}")]
    public static partial void MiroTokenRefreshFailed(ILogger logger, string grantId, string reason);

    [LoggerMessage(EventId = 1209, EventName = "RegistrationsExpired", Level = LogLevel.Information,
        Message = "Deleted {Count} dynamic client registration(s) that were never used")]
    public static partial void RegistrationsExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 1210, EventName = "McpRequestRejected", Level = LogLevel.Warning,
        Message = "Rejected an MCP request: {Reason}")]
    public static partial void McpRequestRejected(ILogger logger, string reason);
}
