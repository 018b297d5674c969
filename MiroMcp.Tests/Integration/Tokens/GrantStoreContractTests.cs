using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>
/// What every grant store must do, run against each engine for real (the file, and a real PostgreSQL server).
/// Each test gets empty storage; "reopen" means a new store instance over the same storage.
/// </summary>
public abstract class GrantStoreContractTests : IAsyncLifetime
{
    private readonly List<IDisposable> _disposables = [];

    protected string KeyA { get; } = TestSecrets.NewHexKey();

    protected string KeyB { get; } = TestSecrets.NewHexKey();

    protected string KeyC { get; } = TestSecrets.NewHexKey();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>A new store instance over this test's storage.</summary>
    private protected abstract Task<EncryptedGrantStore> OpenStoreAsync(GrantKeyRingProvider keys);

    /// <summary>Releases a store instance (the file store holds a lock until then).</summary>
    private protected abstract Task CloseStoreAsync(EncryptedGrantStore store);

    /// <summary>Flips one byte of the stored envelope of <paramref name="grantId"/> at <paramref name="offset"/>, behind the store's back.</summary>
    private protected abstract Task FlipEnvelopeByteAsync(string grantId, int offset);

    [Fact]
    public async Task SaveAsync_NewGrant_GetReturnsItAtVersionOne()
    {
        var store = await OpenAsync(KeyA);
        var grant = SampleGrants.Create("grant-1", 7);

        var saved = await store.SaveAsync(grant, 0, CancellationToken.None);
        var read = await store.GetAsync("grant-1", CancellationToken.None);

        Assert.NotNull(saved);
        Assert.Equal(1, saved.Version);
        Assert.Equal(grant with { Version = 1 }, read);
    }

    [Fact]
    public async Task GetAsync_AfterReopen_ReturnsEverySavedGrant()
    {
        var store = await OpenAsync(KeyA);
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull(await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), 1), 0, CancellationToken.None));
        }

        Assert.NotNull(await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(3), 2), 1, CancellationToken.None));
        Assert.True(await store.DeleteAsync(SampleGrants.Id(5), CancellationToken.None));
        await CloseStoreAsync(store);

        var reopened = await OpenAsync(KeyA);

        for (var i = 0; i < 20; i++)
        {
            var grant = await reopened.GetAsync(SampleGrants.Id(i), CancellationToken.None);
            var expected = i == 5 ? null : SampleGrants.Create(SampleGrants.Id(i), i == 3 ? 2 : 1);
            Assert.Equal(expected, grant);
        }

        Assert.Equal(19, await reopened.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_StaleExpectedVersion_ReturnsNullAndKeepsStoredGrant()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None);
        await store.SaveAsync(SampleGrants.Create("g", 2), 1, CancellationToken.None);

        var stale = await store.SaveAsync(SampleGrants.Create("g", 9), 1, CancellationToken.None);
        var insertOverExisting = await store.SaveAsync(SampleGrants.Create("g", 9), 0, CancellationToken.None);

        Assert.Null(stale);
        Assert.Null(insertOverExisting);
        Assert.Equal(SampleGrants.Create("g", 2), await store.GetAsync("g", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWritersOnOneGrant_ExactlyOneWinsEachVersion()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("contended", 1), 0, CancellationToken.None);

        for (var round = 1; round <= 5; round++)
        {
            var expected = round;
            var attempts = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => store.SaveAsync(SampleGrants.Create("contended", expected + 1), expected, CancellationToken.None)));
            var results = await Task.WhenAll(attempts);

            Assert.Single(results, result => result is not null);
        }

        Assert.Equal(6, (await store.GetAsync("contended", CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWritersOnManyGrants_AllDurableAfterReopen()
    {
        var store = await OpenAsync(KeyA);

        var writers = Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; n < 10; n++)
            {
                var id = SampleGrants.Id((writer * 10) + n);
                Assert.NotNull(await store.SaveAsync(SampleGrants.Create(id, 1), 0, CancellationToken.None));
                Assert.NotNull(await store.SaveAsync(SampleGrants.Create(id, 2), 1, CancellationToken.None));
            }
        }));
        await Task.WhenAll(writers);
        await CloseStoreAsync(store);
        var reopened = await OpenAsync(KeyA);

        Assert.Equal(160, await reopened.CountAsync(CancellationToken.None));
        for (var i = 0; i < 160; i++)
        {
            Assert.Equal(SampleGrants.Create(SampleGrants.Id(i), 2), await reopened.GetAsync(SampleGrants.Id(i), CancellationToken.None));
        }
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndAbsent_ReportsWhetherItWasThere()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None);

        Assert.True(await store.DeleteAsync("g", CancellationToken.None));
        Assert.False(await store.DeleteAsync("g", CancellationToken.None));
        Assert.Null(await store.GetAsync("g", CancellationToken.None));
    }

    [Theory]
    [InlineData(0)] // magic
    [InlineData(4)] // format version
    [InlineData(7)] // key id
    [InlineData(15)] // nonce
    [InlineData(30)] // ciphertext
    [InlineData(-1)] // last byte of the tag
    public async Task GetAsync_OneFlippedEnvelopeByte_OnlyThatGrantIsAbsentAndItIsKept(int offset)
    {
        var store = await OpenAsync(KeyA);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.SaveAsync(SampleGrants.Create(id, 1), 0, CancellationToken.None);
        }

        await CloseStoreAsync(store);
        await FlipEnvelopeByteAsync("b", offset);
        var reopened = await OpenAsync(KeyA);

        Assert.Null(await reopened.GetAsync("b", CancellationToken.None));
        Assert.Equal(SampleGrants.Create("a", 1), await reopened.GetAsync("a", CancellationToken.None));
        Assert.Equal(SampleGrants.Create("c", 1), await reopened.GetAsync("c", CancellationToken.None));
        Assert.Equal(3, await reopened.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WrongKey_CountsAsAbsentAndDeletesNothing()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None);
        await CloseStoreAsync(store);

        var wrong = await OpenAsync(KeyB);
        var underWrongKey = await wrong.GetAsync("g", CancellationToken.None);
        var sweep = await wrong.SweepAsync(CancellationToken.None);
        await CloseStoreAsync(wrong);
        var right = await OpenAsync(KeyA);

        Assert.Null(underWrongKey);
        Assert.Equal(1, sweep.UnknownKey);
        Assert.Equal(SampleGrants.Create("g", 1), await right.GetAsync("g", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_RotatedWithPreviousKey_ReadsAndReencryptsUnderNewKey()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None);
        await CloseStoreAsync(store);

        var rotated = await OpenAsync(KeyB, KeyA);
        var duringRotation = await rotated.GetAsync("g", CancellationToken.None);
        await CloseStoreAsync(rotated);
        var newKeyOnly = await OpenAsync(KeyB);

        Assert.Equal(SampleGrants.Create("g", 1), duringRotation);
        Assert.Equal(SampleGrants.Create("g", 1), await newKeyOnly.GetAsync("g", CancellationToken.None));
    }

    [Fact]
    public async Task SweepAsync_RotatedWithPreviousKey_ReencryptsEveryGrantWithoutAccess()
    {
        var store = await OpenAsync(KeyA);
        for (var i = 0; i < 25; i++)
        {
            await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), 1), 0, CancellationToken.None);
        }

        await CloseStoreAsync(store);
        var rotated = await OpenAsync(KeyB, KeyA);

        var first = await rotated.SweepAsync(CancellationToken.None);
        var second = await rotated.SweepAsync(CancellationToken.None);
        await CloseStoreAsync(rotated);
        var newKeyOnly = await OpenAsync(KeyB);

        Assert.Equal((25L, 25L, 0L, 0L), (first.Examined, first.Reencrypted, first.UnknownKey, first.Damaged));
        Assert.Equal(0, second.Examined);
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(SampleGrants.Create(SampleGrants.Id(i), 1), await newKeyOnly.GetAsync(SampleGrants.Id(i), CancellationToken.None));
        }
    }

    [Fact]
    public async Task SweepAsync_RotatedWithoutPreviousKey_GrantsAbsentUntilPreviousKeyIsGiven()
    {
        var store = await OpenAsync(KeyA);
        for (var i = 0; i < 5; i++)
        {
            await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), 1), 0, CancellationToken.None);
        }

        await CloseStoreAsync(store);

        var forgotten = await OpenAsync(KeyB);
        var sweep = await forgotten.SweepAsync(CancellationToken.None);
        var absent = await forgotten.GetAsync(SampleGrants.Id(0), CancellationToken.None);
        var count = await forgotten.CountAsync(CancellationToken.None);
        await CloseStoreAsync(forgotten);
        var recovered = await OpenAsync(KeyB, KeyA);
        var recoveredSweep = await recovered.SweepAsync(CancellationToken.None);

        Assert.Equal(5, sweep.UnknownKey);
        Assert.Equal(0, sweep.Reencrypted);
        Assert.Single(sweep.UnknownKeyIds);
        Assert.Null(absent);
        Assert.Equal(5, count);
        Assert.Equal(5, recoveredSweep.Reencrypted);
        Assert.Equal(SampleGrants.Create(SampleGrants.Id(4), 1), await recovered.GetAsync(SampleGrants.Id(4), CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_KeysChangedAtRunTime_NewWritesUseTheNewKey()
    {
        var keys = Track(new GrantKeyRingProvider(KeyA));
        var store = await OpenStoreAsync(keys);
        await store.SaveAsync(SampleGrants.Create("before", 1), 0, CancellationToken.None);

        keys.Update(KeyB, KeyA);
        await store.SaveAsync(SampleGrants.Create("after", 1), 0, CancellationToken.None);
        var before = await store.GetAsync("before", CancellationToken.None);
        await CloseStoreAsync(store);
        var newKeyOnly = await OpenAsync(KeyB);

        Assert.Equal(SampleGrants.Create("before", 1), before);
        Assert.Equal(SampleGrants.Create("after", 1), await newKeyOnly.GetAsync("after", CancellationToken.None));
        Assert.Equal(SampleGrants.Create("before", 1), await newKeyOnly.GetAsync("before", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_InsertOverGrantUnderUnknownKey_ReplacesIt()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create("g", 3), 0, CancellationToken.None);
        await store.SaveAsync(SampleGrants.Create("g", 3), 1, CancellationToken.None);
        await CloseStoreAsync(store);
        var other = await OpenAsync(KeyC);

        var saved = await other.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None);

        Assert.NotNull(saved);
        Assert.Equal(SampleGrants.Create("g", 1), await other.GetAsync("g", CancellationToken.None));
    }

    [Fact]
    public async Task ImportAsync_ManyGrants_InsertsAbsentOnesOnly()
    {
        var store = await OpenAsync(KeyA);
        await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(0), 1), 0, CancellationToken.None);

        var inserted = await store.ImportAsync([.. Enumerable.Range(0, 300).Select(i => SampleGrants.Create(SampleGrants.Id(i), 1))], CancellationToken.None);

        Assert.Equal(299, inserted);
        Assert.Equal(300, await store.CountAsync(CancellationToken.None));
        Assert.Equal(SampleGrants.Create(SampleGrants.Id(299), 1), await store.GetAsync(SampleGrants.Id(299), CancellationToken.None));
    }

    private protected T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private protected Task<EncryptedGrantStore> OpenAsync(string currentKey, string? previousKey = null) =>
        OpenStoreAsync(Track(new GrantKeyRingProvider(currentKey, previousKey)));

    private protected static TokenStoreMetrics NewMetrics() => new();

    private protected static ILogger Logger => NullLogger.Instance;
}
