using MiroMcp.SecretsGateway.Auditing;
using MiroMcp.SecretsGateway.Configuration;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway;

/// <summary>Every log line of the gateway (EventIds 2000–2999). Names, ids and revisions only: never a secret value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Configuration loaded successfully (backend {Backend}; {Names})")]
    public static partial void ConfigurationLoaded(ILogger logger, SecretsBackend backend, string names);

    [LoggerMessage(EventId = 2001, EventName = "GatewayReady", Level = LogLevel.Information,
        Message = "Secrets gateway serving; required secrets: {Required}; callers: {Callers}")]
    public static partial void GatewayReady(ILogger logger, string required, string callers);

    [LoggerMessage(EventId = 2002, EventName = "RequiredSecretsProblem", Level = LogLevel.Warning,
        Message = "{Message}")]
    public static partial void RequiredSecretsProblem(ILogger logger, string message);

    /// <summary>The access audit event: one per secret per request.</summary>
    [LoggerMessage(EventId = 2100, EventName = "SecretAccess", Level = LogLevel.Information,
        Message = "Secret access: caller {Caller} secret {SecretName} id {SecretId} revision {Revision} outcome {Outcome} cache {Cache}")]
    public static partial void SecretAccess(ILogger logger, string caller, string secretName, string secretId, int revision, AccessOutcome outcome, string cache);

    [LoggerMessage(EventId = 2200, EventName = "UpstreamRetry", Level = LogLevel.Warning,
        Message = "Reading {SecretName} failed (attempt {Attempt}), retrying in {Delay}: {Reason}")]
    public static partial void UpstreamRetry(ILogger logger, string secretName, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 2201, EventName = "UpstreamFailed", Level = LogLevel.Error,
        Message = "Reading {SecretName} failed after {Attempts} attempts: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string secretName, int attempts, string reason);

    [LoggerMessage(EventId = 2202, EventName = "UpstreamAuthoritativeFailure", Level = LogLevel.Warning,
        Message = "Reading {SecretName}: {Failure}, cached value evicted: {Reason}")]
    public static partial void UpstreamAuthoritativeFailure(ILogger logger, string secretName, SecretStoreFailure failure, string reason);

    [LoggerMessage(EventId = 2203, EventName = "ServingStaleAfterError", Level = LogLevel.Warning,
        Message = "Serving the cached revision {Revision} of {SecretName} after a store failure: {Reason}")]
    public static partial void ServingStaleAfterError(ILogger logger, string secretName, int revision, string reason);
}
