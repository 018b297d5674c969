using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>What the operator sees: counts and key ids, never a key or a token.</summary>
public sealed class GrantStoreLoggingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("miromcp-logging-");
    private readonly string _oldKey = TestSecrets.NewHexKey();
    private readonly string _newKey = TestSecrets.NewHexKey();
    private readonly RecordingLogger _log = new();

    private string FilePath => Path.Combine(_directory.FullName, "tokens.enc");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RunSweepAsync_RecordsUnderUnknownKey_WarnsWithCountAndKeyIdAndKeepsServing()
    {
        await SeedAsync(_oldKey, 3);
        using var keys = new GrantKeyRingProvider(_newKey);
        using var metrics = new TokenStoreMetrics();
        using var store = new FileGrantStore(FilePath, keys, metrics, _log);
        using var service = new GrantStoreMaintenanceService(store, keys, new TypedLogger<GrantStoreMaintenanceService>(_log));
        using var oldKey = EncryptionKey.FromHex(_oldKey);

        var result = await service.RunSweepAsync(CancellationToken.None);
        var saved = await store.SaveAsync(SampleGrants.Create("new-user", 1), 0, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal(3, result.UnknownKey);
        Assert.NotNull(saved);
        var warning = Assert.Single(_log.Entries, entry => entry.EventId.Id == 1106);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("3 grant records", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"{oldKey.KeyIdHex}: 3", warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, await store.CountAsync(CancellationToken.None)); // the 3 unreadable ones are kept
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task GetAsync_DuringRotation_LogsNoKeyAndNoToken()
    {
        await SeedAsync(_oldKey, 2);
        using var keys = new GrantKeyRingProvider(_newKey, _oldKey);
        using var metrics = new TokenStoreMetrics();
        using var store = new FileGrantStore(FilePath, keys, metrics, _log);
        using var service = new GrantStoreMaintenanceService(store, keys, new TypedLogger<GrantStoreMaintenanceService>(_log));

        Assert.NotNull(await store.GetAsync(SampleGrants.Id(0), CancellationToken.None));
        var result = await service.RunSweepAsync(CancellationToken.None);

        Assert.Equal(1, result?.Reencrypted);
        Assert.Contains(_log.Entries, entry => entry.EventId.Id == 1105);
        AssertNoSecretLogged();
    }

    private void AssertNoSecretLogged()
    {
        var grant = SampleGrants.Create(SampleGrants.Id(0), 1);
        foreach (var entry in _log.Entries)
        {
            var text = entry.Message + entry.Exception;
            Assert.DoesNotContain(_oldKey, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(_newKey, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
            Assert.DoesNotContain(grant.Tokens.RefreshToken, text, StringComparison.Ordinal);
        }
    }

    private async Task SeedAsync(string key, int count)
    {
        using var keys = new GrantKeyRingProvider(key);
        using var metrics = new TokenStoreMetrics();
        using var store = new FileGrantStore(FilePath, keys, metrics, NullLogger.Instance);
        for (var i = 0; i < count; i++)
        {
            Assert.NotNull(await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), 1), 0, CancellationToken.None));
        }
    }

    private sealed record Entry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<Entry> _entries = [];

        public IReadOnlyList<Entry> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add(new Entry(logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }

    private sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
