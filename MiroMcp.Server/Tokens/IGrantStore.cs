namespace MiroMcp.Server.Tokens;

/// <summary>
/// Durable, encrypted storage of grants (Miro token pairs). Implementations: the file store (default) and the
/// PostgreSQL store. Every record is an AES-256-GCM envelope bound to its grant id. Thread-safe.
/// </summary>
internal interface IGrantStore
{
    /// <summary>The grant, or null when absent, tampered with, or encrypted under a key we no longer have.</summary>
    Task<Grant?> GetAsync(string grantId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts (<paramref name="expectedVersion"/> = 0) or replaces the grant whose stored version is
    /// <paramref name="expectedVersion"/>; the saved record gets version expectedVersion + 1. Returns the saved
    /// grant, or null when the stored version differs (someone else saved first). Durable when it returns.
    /// </summary>
    Task<Grant?> SaveAsync(Grant grant, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the grant; false when it was not there.</summary>
    Task<bool> DeleteAsync(string grantId, CancellationToken cancellationToken);
}
