namespace MiroMcp.SecretsGateway;

/// <summary>Every log line of the gateway. Names, ids and revisions only: never a secret value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully (backend {Backend}; {Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, MiroMcp.SecretsGateway.Configuration.SecretsBackend backend, string names);
}
