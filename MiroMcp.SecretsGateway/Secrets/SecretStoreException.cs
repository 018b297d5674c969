namespace MiroMcp.SecretsGateway.Secrets;

/// <summary>How a read from the store failed; decides caching and retries.</summary>
internal enum SecretStoreFailure
{
    /// <summary>The secret, or an enabled version of it, does not exist (authoritative: evict, cache briefly).</summary>
    NotFound,

    /// <summary>The store refused our credentials (authoritative: evict, cache briefly).</summary>
    Denied,

    /// <summary>The store is down, slow, answered 5xx/429 or garbage (transient: retry, serve stale).</summary>
    Unavailable,

    /// <summary>The store rejected the request itself (400): a bug or a bad setting, not retried.</summary>
    Rejected,
}

/// <summary>Every failure of a secret read. Messages name secrets and upstream error types, never values.</summary>
internal sealed class SecretStoreException : Exception
{
    public SecretStoreException(SecretStoreFailure failure, string secretName, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        SecretName = secretName;
    }

    public SecretStoreFailure Failure { get; }

    public string SecretName { get; }

    public bool IsTransient => Failure == SecretStoreFailure.Unavailable;

    public bool IsAuthoritative => Failure is SecretStoreFailure.NotFound or SecretStoreFailure.Denied;
}
