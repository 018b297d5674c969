namespace MiroMcp.Server;

/// <summary>Every log line of the server. Names and ids only: never a secret, token, code or verifier.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully ({Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, string names);
}
