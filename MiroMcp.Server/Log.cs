namespace MiroMcp.Server;

/// <summary>Every log line of the server. Names and ids only: never a secret, token, code or verifier.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully ({Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, string names);

    [LoggerMessage(EventId = 1400, EventName = "MiroCallFailed", Level = LogLevel.Warning,
        Message = "Miro operation {OperationId} failed with status {Status}")]
    public static partial void MiroCallFailed(ILogger logger, string operationId, int status);

    [LoggerMessage(EventId = 1401, EventName = "MiroThrottled", Level = LogLevel.Information,
        Message = "Miro operation {OperationId} was rate limited; waiting {WaitMilliseconds} ms (retry {Attempt})")]
    public static partial void MiroThrottled(ILogger logger, string operationId, long waitMilliseconds, int attempt);

    [LoggerMessage(EventId = 1402, EventName = "MiroThrottleBudgetExhausted", Level = LogLevel.Warning,
        Message = "Miro operation {OperationId} gave up after {Attempts} rate-limited attempts")]
    public static partial void MiroThrottleBudgetExhausted(ILogger logger, string operationId, int attempts);

    [LoggerMessage(EventId = 1403, EventName = "MiroTokenRejected", Level = LogLevel.Information,
        Message = "Miro rejected the access token for {OperationId}; renewing once")]
    public static partial void MiroTokenRejected(ILogger logger, string operationId);
}
