namespace MiroMcp.SecretsGateway.Secrets;

/// <summary>Where values come from: Scaleway Secret Manager or local configuration.</summary>
internal interface ISecretBackend
{
    /// <summary>A short name for logs and the audit trail ("scaleway", "local").</summary>
    string Name { get; }

    /// <summary>
    /// The latest enabled version of <paramref name="name"/>. Throws <see cref="SecretStoreException"/> for every
    /// failure, never anything else (cancellation aside).
    /// </summary>
    Task<SecretValue> FetchAsync(string name, CancellationToken cancellationToken);
}
