using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiroMcp.SecretsGateway.Caching;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.Tests.Unit.SecretsGateway;

public sealed class SecretCacheTests
{
    private const string Name = "MIRO_CLIENT_SECRET";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSecretBackend _backend = new();

    private static SecretCacheOptions Options() => new()
    {
        Ttl = TimeSpan.FromMinutes(5),
        TtlJitter = 0,
        StaleWhileRevalidate = TimeSpan.FromMinutes(1),
        MaxStaleness = TimeSpan.FromHours(1),
        NegativeTtl = TimeSpan.FromSeconds(30),
        MaxEntries = 100,
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.Zero,
        RetryMaxDelay = TimeSpan.Zero,
        UpstreamTimeout = TimeSpan.FromSeconds(10),
    };

    private SecretCache Cache(SecretCacheOptions? options = null, double random = 0) =>
        new(_backend, _time, options ?? Options(), NullLogger<SecretCache>.Instance, () => random);

    [Fact]
    public async Task GetAsync_WithinTtl_ServesCacheWithoutUpstreamCall()
    {
        using var cache = Cache();
        var first = await cache.GetAsync(Name, default);
        _time.Advance(TimeSpan.FromMinutes(4));

        var second = await cache.GetAsync(Name, default);

        Assert.Equal(CacheResult.Miss, first.Result);
        Assert.Equal(CacheResult.Hit, second.Result);
        Assert.Equal(1, second.Value.Revision);
        Assert.Equal(1, _backend.Calls);
    }

    [Fact]
    public async Task GetAsync_PastTtlAndRevalidateWindow_FetchesNewRevision()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _time.Advance(TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(1));

        var read = await cache.GetAsync(Name, default);

        Assert.Equal(CacheResult.Miss, read.Result);
        Assert.Equal(2, read.Value.Revision);
    }

    [Theory]
    [InlineData(0.0, 299, true)]
    [InlineData(1.0, 269, true)]
    [InlineData(1.0, 271, false)]
    public async Task GetAsync_TtlJitter_ShortensFreshnessByUpToJitterFraction(double random, int secondsLater, bool fresh)
    {
        var options = Options();
        options.TtlJitter = 0.1; // 5 min fresh, minus up to 30 s
        using var cache = Cache(options, random);
        await cache.GetAsync(Name, default);
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        var read = await cache.GetAsync(Name, default);

        Assert.Equal(fresh ? CacheResult.Hit : CacheResult.Stale, read.Result);
    }

    [Fact]
    public async Task GetAsync_HundredConcurrentColdReads_OneUpstreamCall()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.Handler = async (name, call, _) =>
        {
            await gate.Task;
            return FakeSecretBackend.Value(name, call);
        };
        using var cache = Cache();

        var reads = Enumerable.Range(0, 100).Select(_ => cache.GetAsync(Name, default).AsTask()).ToArray();
        gate.SetResult();
        var results = await Task.WhenAll(reads).WaitAsync(WaitLimit);

        Assert.Equal(1, _backend.Calls);
        Assert.All(results, read => Assert.Equal(1, read.Value.Revision));
    }

    [Fact]
    public async Task GetAsync_InRevalidateWindow_ReturnsStaleAndRefreshesOnceInBackground()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.Handler = async (name, call, _) =>
        {
            await gate.Task;
            return FakeSecretBackend.Value(name, call);
        };
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));

        var stale = await cache.GetAsync(Name, default);
        var staleAgain = await cache.GetAsync(Name, default);
        var refresh = cache.InFlight(Name);
        gate.SetResult();
        await refresh!.WaitAsync(WaitLimit);
        var fresh = await cache.GetAsync(Name, default);

        Assert.Equal((CacheResult.Stale, 1), (stale.Result, stale.Value.Revision));
        Assert.Equal(CacheResult.Stale, staleAgain.Result);
        Assert.Equal((CacheResult.Hit, 2), (fresh.Result, fresh.Value.Revision));
        Assert.Equal(2, _backend.Calls);
    }

    [Fact]
    public async Task GetAsync_StoreDownWithinMaxStaleness_ServesLastGoodValue()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name);
        _time.Advance(TimeSpan.FromMinutes(59));

        var read = await cache.GetAsync(Name, default);

        Assert.Equal(CacheResult.StaleIfError, read.Result);
        Assert.Equal(1, read.Value.Revision);
    }

    [Fact]
    public async Task GetAsync_KnownOutage_ServesStaleAtOnceWhileRetryingInBackground()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name);
        _time.Advance(TimeSpan.FromMinutes(10));
        var first = await cache.GetAsync(Name, default); // waits for the failed fetch
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.Handler = async (name, call, _) =>
        {
            await gate.Task;
            return FakeSecretBackend.Value(name, call);
        };

        var pending = cache.GetAsync(Name, default);
        var completedWithoutStore = pending.IsCompleted;
        var second = await pending;
        var background = cache.InFlight(Name);
        gate.SetResult();
        await background!.WaitAsync(WaitLimit);
        var recovered = await cache.GetAsync(Name, default);

        Assert.Equal(CacheResult.StaleIfError, first.Result);
        Assert.True(completedWithoutStore);
        Assert.Equal((CacheResult.StaleIfError, 1), (second.Result, second.Value.Revision));
        Assert.Equal(CacheResult.Hit, recovered.Result);
        Assert.True(recovered.Value.Revision > 1);
    }

    [Fact]
    public async Task GetAsync_StoreDownPastMaxStaleness_ThrowsClearError()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name);
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());

        Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
        Assert.Contains("older than the maximum staleness", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_TransientFailuresThenSuccess_RetriesUntilSuccess()
    {
        _backend.Handler = (name, call, _) => call <= 2
            ? FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name)
            : Task.FromResult(FakeSecretBackend.Value(name, call));
        using var cache = Cache();

        var read = await cache.GetAsync(Name, default);

        Assert.Equal(3, read.Value.Revision);
        Assert.Equal(3, _backend.Calls);
    }

    [Fact]
    public async Task GetAsync_TransientFailuresBeyondRetries_ThrowsAfterOnePlusMaxRetriesCalls()
    {
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name);
        using var cache = Cache();

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());

        Assert.True(error.IsTransient);
        Assert.Equal(3, _backend.Calls);
    }

    [Fact]
    public async Task GetAsync_RetryDelay_WaitsForBackoffOnTheTimeProvider()
    {
        var options = Options();
        options.RetryBaseDelay = TimeSpan.FromSeconds(1);
        options.RetryMaxDelay = TimeSpan.FromSeconds(10);
        var firstFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.Handler = (name, call, _) =>
        {
            if (call == 1)
            {
                firstFailed.SetResult();
                return FakeSecretBackend.Fail(SecretStoreFailure.Unavailable, name);
            }

            return Task.FromResult(FakeSecretBackend.Value(name, call));
        };
        using var cache = Cache(options, random: 1.0);

        var read = cache.GetAsync(Name, default).AsTask();
        await firstFailed.Task.WaitAsync(WaitLimit);
        var callsBeforeDelay = _backend.Calls;
        while (!read.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        Assert.Equal(1, callsBeforeDelay);
        Assert.Equal(2, (await read).Value.Revision);
    }

    [Fact]
    public async Task GetAsync_UpstreamTimeout_IsTransientAndNamesTheTimeout()
    {
        var options = Options();
        options.MaxRetries = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.Handler = async (_, _, cancellationToken) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        using var cache = Cache(options);

        var read = cache.GetAsync(Name, default).AsTask();
        await started.Task.WaitAsync(WaitLimit);
        _time.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => read.WaitAsync(WaitLimit));

        Assert.True(error.IsTransient);
        Assert.Contains("did not answer within", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0.0, 50)]
    [InlineData(0, 1.0, 100)]
    [InlineData(3, 0.0, 400)]
    [InlineData(3, 1.0, 800)]
    [InlineData(10, 1.0, 2000)]
    public void Delay_AttemptAndJitter_IsExponentialWithEqualJitterAndCapped(int attempt, double random, int expectedMilliseconds)
    {
        var delay = Backoff.Delay(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), random);

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData(nameof(SecretStoreFailure.NotFound))]
    [InlineData(nameof(SecretStoreFailure.Denied))]
    public async Task GetAsync_AuthoritativeFailure_EvictsValueAndIsRememberedForNegativeTtl(string failureName)
    {
        var failure = Enum.Parse<SecretStoreFailure>(failureName);
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(failure, name);
        _time.Advance(TimeSpan.FromMinutes(7));

        var first = await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());
        _time.Advance(TimeSpan.FromSeconds(29));
        var remembered = await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());
        var callsWhileRemembered = _backend.Calls;
        _backend.Handler = (name, call, _) => Task.FromResult(FakeSecretBackend.Value(name, call));
        _time.Advance(TimeSpan.FromSeconds(2));
        var after = await cache.GetAsync(Name, default);

        Assert.Equal(failure, first.Failure);
        Assert.Equal(failure, remembered.Failure);
        Assert.Equal(2, callsWhileRemembered);
        Assert.Equal((CacheResult.Miss, 3), (after.Result, after.Value.Revision));
    }

    [Fact]
    public async Task GetAsync_AuthoritativeFailure_IsNotRetried()
    {
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.NotFound, name);
        using var cache = Cache();

        await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());

        Assert.Equal(1, _backend.Calls);
    }

    [Fact]
    public async Task GetAsync_NotFoundAfterExpiry_DoesNotServeStaleValue()
    {
        using var cache = Cache();
        await cache.GetAsync(Name, default);
        _backend.Handler = (name, _, _) => FakeSecretBackend.Fail(SecretStoreFailure.NotFound, name);
        _time.Advance(TimeSpan.FromMinutes(7));

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => cache.GetAsync(Name, default).AsTask());

        Assert.Equal(SecretStoreFailure.NotFound, error.Failure);
    }

    [Fact]
    public async Task GetAsync_VersionExpiresOnceAccessed_IsNeverCached()
    {
        _backend.Handler = (name, call, _) => Task.FromResult(FakeSecretBackend.Value(name, call, expiresOnceAccessed: true));
        using var cache = Cache();

        var first = await cache.GetAsync(Name, default);
        var second = await cache.GetAsync(Name, default);

        Assert.Equal((CacheResult.Miss, 1), (first.Result, first.Value.Revision));
        Assert.Equal((CacheResult.Miss, 2), (second.Result, second.Value.Revision));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task GetAsync_OverCapacity_EvictsLeastRecentlyUsed()
    {
        var options = Options();
        options.MaxEntries = 2;
        using var cache = Cache(options);
        await cache.GetAsync("A", default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync("B", default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync("A", default); // A is now more recent than B
        _time.Advance(TimeSpan.FromSeconds(1));

        await cache.GetAsync("C", default);
        var a = await cache.GetAsync("A", default);
        var b = await cache.GetAsync("B", default);

        Assert.Equal(CacheResult.Hit, a.Result);
        Assert.Equal(CacheResult.Miss, b.Result);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void ToString_SecretValue_MasksTheValue()
    {
        var value = FakeSecretBackend.Value(Name, 7);

        Assert.DoesNotContain("value-7", value.ToString(), StringComparison.Ordinal);
    }
}
