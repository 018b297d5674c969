namespace MiroMcp.Server;

/// <summary>Every log line of the server. Names and ids only: never a secret, token, code or verifier.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully ({Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, string names);

    [LoggerMessage(EventId = 1300, EventName = "SecretsLoadedFromGateway", Level = LogLevel.Information,
        Message = "Secrets loaded from the secrets gateway at {GatewayUri} ({Names})")]
    public static partial void SecretsLoadedFromGateway(ILogger logger, Uri gatewayUri, string names);

    [LoggerMessage(EventId = 1301, EventName = "SecretsGatewayLoadFailed", Level = LogLevel.Error,
        Message = "Secrets could not be loaded from the secrets gateway: {Reason}")]
    public static partial void SecretsGatewayLoadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1302, EventName = "SecretsRotated", Level = LogLevel.Information,
        Message = "New secret versions from the secrets gateway: {Changed}")]
    public static partial void SecretsRotated(ILogger logger, string changed);

    [LoggerMessage(EventId = 1303, EventName = "SecretsRefreshFailed", Level = LogLevel.Warning,
        Message = "Refreshing secrets from the secrets gateway failed; keeping the current values: {Reason}")]
    public static partial void SecretsRefreshFailed(ILogger logger, string reason);
}
