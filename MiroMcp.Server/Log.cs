using MiroMcp.ServiceDefaults.Telemetry;

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
        Message = "Miro sign-in completed for client {ClientId}; grant {GrantId}; Miro user {MiroUserId}")]
    public static partial void MiroLoginCompleted(ILogger logger, string clientId, string grantId, [PersonalData] string miroUserId);

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

    [LoggerMessage(EventId = 1211, EventName = "RegistrationCleanupFailed", Level = LogLevel.Warning,
        Message = "Deleting unused client registrations failed ({ExceptionType}); retrying in an hour")]
    public static partial void RegistrationCleanupFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1210, EventName = "McpRequestRejected", Level = LogLevel.Warning,
        Message = "Rejected an MCP request: {Reason}")]
    public static partial void McpRequestRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1212, EventName = "TokenLookupWarmUpFailed", Level = LogLevel.Warning,
        Message = "The start-up warm-up of the token look-up failed ({ExceptionType}); the first request will do the work instead")]
    public static partial void TokenLookupWarmUpFailed(ILogger logger, string exceptionType);

    // ---- Tokens (1100-1199): key ids and counts, never a key, token or plaintext ----

    [LoggerMessage(EventId = 1100, EventName = "GrantStoreOpened", Level = LogLevel.Information,
        Message = "Grant store ({Store}) opened with {Count} records; new writes use key id {KeyId}")]
    public static partial void GrantStoreOpened(ILogger logger, string store, long count, string keyId);

    [LoggerMessage(EventId = 1101, EventName = "GrantRecordRejected", Level = LogLevel.Warning,
        Message = "A grant record was rejected ({Reason}, key id {KeyId}) and counts as absent; it is kept, not deleted")]
    public static partial void GrantRecordRejected(ILogger logger, string reason, string keyId);

    [LoggerMessage(EventId = 1102, EventName = "EncryptionKeysChanged", Level = LogLevel.Information,
        Message = "Encryption keys changed: new writes use key id {CurrentKeyId}; previous key id {PreviousKeyId}; re-encryption sweep scheduled")]
    public static partial void EncryptionKeysChanged(ILogger logger, string currentKeyId, string previousKeyId);

    [LoggerMessage(EventId = 1103, EventName = "ReencryptionSweepStarted", Level = LogLevel.Information,
        Message = "Re-encryption sweep of the {Store} grant store started (current key id {CurrentKeyId}, previous key id {PreviousKeyId})")]
    public static partial void SweepStarted(ILogger logger, string store, string currentKeyId, string previousKeyId);

    [LoggerMessage(EventId = 1104, EventName = "ReencryptionSweepProgress", Level = LogLevel.Information,
        Message = "Re-encryption sweep: {Examined} of {Total} records examined, {Reencrypted} re-encrypted")]
    public static partial void SweepProgress(ILogger logger, long examined, long total, long reencrypted);

    [LoggerMessage(EventId = 1105, EventName = "ReencryptionSweepCompleted", Level = LogLevel.Information,
        Message = "Re-encryption sweep completed: {Examined} records not under the current key examined, {Reencrypted} re-encrypted, {UnknownKey} under an unknown key, {Damaged} damaged")]
    public static partial void SweepCompleted(ILogger logger, long examined, long reencrypted, long unknownKey, long damaged);

    [LoggerMessage(EventId = 1106, EventName = "GrantsUnderUnknownKey", Level = LogLevel.Warning,
        Message = "{Count} grant records are encrypted under key ids matching neither MIRO_ENCRYPTION_KEY nor MIRO_ENCRYPTION_KEY_PREVIOUS ({KeyIds}); they count as absent (those users sign in again) and are kept: set MIRO_ENCRYPTION_KEY_PREVIOUS to the old key to recover them")]
    public static partial void SweepFoundUnknownKeys(ILogger logger, long count, string keyIds);

    [LoggerMessage(EventId = 1107, EventName = "GrantsDamaged", Level = LogLevel.Warning,
        Message = "{Count} grant records failed authentication (damaged or tampered); they count as absent and are kept")]
    public static partial void SweepFoundDamaged(ILogger logger, long count);

    [LoggerMessage(EventId = 1108, EventName = "GrantStoreMaintenanceFailed", Level = LogLevel.Error,
        Message = "The {Store} grant store could not be opened or swept; the server keeps serving and retries on the next use")]
    public static partial void GrantStoreMaintenanceFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = 1109, EventName = "TokenFileDamaged", Level = LogLevel.Error,
        Message = "The token file {Path} is damaged ({DamagedBytes} bytes unreadable, {RejectedFrames} records rejected); {Recovered} grants recovered; a copy of the damaged file is kept at {CopyPath}")]
    public static partial void TokenFileDamaged(ILogger logger, string path, long damagedBytes, int rejectedFrames, int recovered, string copyPath);

    [LoggerMessage(EventId = 1110, EventName = "TokenFileTornTail", Level = LogLevel.Warning,
        Message = "The token file {Path} ended in an unfinished record ({Bytes} bytes, a write interrupted by a crash); it was cut off, no committed record is lost")]
    public static partial void TokenFileTornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 1111, EventName = "TokenFileCompacted", Level = LogLevel.Debug,
        Message = "The token file {Path} was compacted: {Records} records, {BytesBefore} -> {BytesAfter} bytes")]
    public static partial void TokenFileCompacted(ILogger logger, string path, int records, long bytesBefore, long bytesAfter);

    [LoggerMessage(EventId = 1112, EventName = "TokenFileCompactionFailed", Level = LogLevel.Error,
        Message = "Compacting the token file {Path} failed; the log stays as it was (nothing lost) and compaction is retried later")]
    public static partial void TokenFileCompactionFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 1113, EventName = "PostgresSchemaMigrated", Level = LogLevel.Information,
        Message = "Grant store schema migrated from version {From} to {To}")]
    public static partial void PostgresSchemaMigrated(ILogger logger, int from, int to);
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
