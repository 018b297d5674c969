using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Local;

/// <summary>
/// Values from configuration keys named like the secret (MIRO_CLIENT_SECRET env var, user-secrets, …): local runs
/// and tests. The revision counts changes of a value seen by this process, starting at 1.
/// </summary>
internal sealed class LocalSecretBackend(IConfiguration configuration, TimeProvider timeProvider) : ISecretBackend
{
    private readonly Dictionary<string, (string Value, int Revision, DateTimeOffset CreatedAt)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Name => "local";

    public Task<SecretValue> FetchAsync(string name, CancellationToken cancellationToken)
    {
        var value = configuration[name];
        if (string.IsNullOrEmpty(value))
        {
            return Task.FromException<SecretValue>(new SecretStoreException(SecretStoreFailure.NotFound, name,
                $"{name} is not set in the gateway's local configuration"));
        }

        lock (_lock)
        {
            if (!_seen.TryGetValue(name, out var known) || !string.Equals(known.Value, value, StringComparison.Ordinal))
            {
                known = (value, known.Revision + 1, timeProvider.GetUtcNow());
                _seen[name] = known;
            }

            return Task.FromResult(new SecretValue(name, value, "local:" + name, known.Revision, known.CreatedAt, known.CreatedAt, false));
        }
    }
}
