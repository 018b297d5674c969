using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.Tests.Unit.SecretsGateway;

/// <summary>A store whose answers the test scripts; counts calls.</summary>
internal sealed class FakeSecretBackend : ISecretBackend
{
    private int _calls;

    /// <summary>Called with the name and the 1-based call number.</summary>
    public Func<string, int, CancellationToken, Task<SecretValue>> Handler { get; set; } =
        (name, call, _) => Task.FromResult(Value(name, call));

    public int Calls => Volatile.Read(ref _calls);

    public string Name => "fake";

    public Task<SecretValue> FetchAsync(string name, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Handler(name, call, cancellationToken);
    }

    public static SecretValue Value(string name, int revision, bool expiresOnceAccessed = false) =>
        new(name, $"value-{revision}", "id-" + name, revision, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, expiresOnceAccessed);

    public static Task<SecretValue> Fail(SecretStoreFailure failure, string name) =>
        Task.FromException<SecretValue>(new SecretStoreException(failure, name, $"{failure} for {name}"));
}
