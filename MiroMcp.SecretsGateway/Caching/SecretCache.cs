using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Caching;

/// <summary>
/// In-memory cache in front of the store. Rules: TTL with jitter; one upstream fetch per name at a time
/// (single-flight); stale-while-revalidate; stale-if-error up to <see cref="SecretCacheOptions.MaxStaleness"/>;
/// retries with exponential backoff and jitter on transient failures; 404/403 evict and are remembered for
/// <see cref="SecretCacheOptions.NegativeTtl"/>; versions that expire once accessed are never stored; LRU bound.
/// </summary>
internal sealed class SecretCache : IDisposable
{
    private readonly ISecretBackend _backend;
    private readonly TimeProvider _time;
    private readonly SecretCacheOptions _options;
    private readonly Func<double> _random;
    private readonly ILogger<SecretCache> _logger;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<SecretValue>>> _inflight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _evictionLock = new();

    public SecretCache(ISecretBackend backend, TimeProvider time, IOptions<SecretCacheOptions> options, ILogger<SecretCache> logger)
        : this(backend, time, options.Value, logger, Random.Shared.NextDouble)
    {
    }

    internal SecretCache(ISecretBackend backend, TimeProvider time, SecretCacheOptions options, ILogger<SecretCache> logger, Func<double> random)
    {
        _backend = backend;
        _time = time;
        _options = options;
        _logger = logger;
        _random = random;
    }

    public int Count => _entries.Count;

    public string BackendName => _backend.Name;

    /// <summary>The value of <paramref name="name"/>; throws <see cref="SecretStoreException"/> when there is none
    /// to give.</summary>
    public async ValueTask<CachedRead> GetAsync(string name, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _entries.TryGetValue(name, out var entry);
        if (entry is not null)
        {
            entry.LastAccess = now.UtcTicks;
            if (entry.Failure is { } failure && now < entry.FreshUntil)
            {
                throw new SecretStoreException(failure.Failure, name, failure.Message);
            }

            if (entry.Value is { } value)
            {
                if (now < entry.FreshUntil)
                {
                    return new CachedRead(value, CacheResult.Hit);
                }

                if (now < entry.FreshUntil + _options.StaleWhileRevalidate)
                {
                    RefreshInBackground(name);
                    return new CachedRead(value, CacheResult.Stale);
                }

                // A refresh already failed (known outage): do not make every caller wait for the store's
                // time-outs and retries again; serve the last good value and keep trying in the background.
                if (entry.RefreshFailed && now - entry.FetchedAt <= _options.MaxStaleness)
                {
                    RefreshInBackground(name);
                    return new CachedRead(value, CacheResult.StaleIfError);
                }
            }
        }

        try
        {
            var fetched = await FetchOnceAsync(name).WaitAsync(cancellationToken);
            return new CachedRead(fetched, CacheResult.Miss);
        }
        catch (SecretStoreException ex) when (ex.IsTransient && entry?.Value is { } stale)
        {
            var age = _time.GetUtcNow() - entry.FetchedAt;
            if (age <= _options.MaxStaleness)
            {
                Log.ServingStaleAfterError(_logger, name, stale.Revision, ex.Message);
                return new CachedRead(stale, CacheResult.StaleIfError);
            }

            throw new SecretStoreException(SecretStoreFailure.Unavailable, name,
                $"{ex.Message}; the cached value of {name} is older than the maximum staleness ({_options.MaxStaleness}) and is no longer served", ex);
        }
    }

    /// <summary>The fetch in flight for <paramref name="name"/>, if any (tests wait on background refreshes).</summary>
    internal Task<SecretValue>? InFlight(string name) => _inflight.TryGetValue(name, out var fetch) ? fetch.Value : null;

    /// <summary>Forgets everything (tests, and an operator's "flush" if one is ever wanted).</summary>
    public void Clear() => _entries.Clear();

    /// <summary>Stops background refreshes and retry waits. The token source is cancelled, not disposed: a
    /// refresh still finishing may read its token.</summary>
    public void Dispose() => _stopping.Cancel();

    private void RefreshInBackground(string name) =>
        _ = FetchOnceAsync(name).ContinueWith(
            static (task, state) => _ = task.Exception, // observed: failures are logged by the fetch itself
            null,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>Single-flight: every caller of one name shares the fetch in flight.</summary>
    private Task<SecretValue> FetchOnceAsync(string name) =>
        _inflight.GetOrAdd(name, static (key, cache) => new Lazy<Task<SecretValue>>(() => cache.FetchAndStoreAsync(key)), this).Value;

    private async Task<SecretValue> FetchAndStoreAsync(string name)
    {
        try
        {
            // Let the caller that created the Lazy return first, so the fetch never runs under GetOrAdd.
            await Task.Yield();
            var value = await FetchWithRetriesAsync(name);
            Store(name, value);
            return value;
        }
        catch (SecretStoreException ex) when (ex.IsTransient)
        {
            if (_entries.TryGetValue(name, out var current) && current.Value is not null)
            {
                current.RefreshFailed = true;
            }

            throw;
        }
        catch (SecretStoreException ex) when (ex.IsAuthoritative)
        {
            var now = _time.GetUtcNow();
            _entries[name] = new Entry { Failure = (ex.Failure, ex.Message), FetchedAt = now, FreshUntil = now + _options.NegativeTtl, LastAccess = now.UtcTicks };
            Log.UpstreamAuthoritativeFailure(_logger, name, ex.Failure, ex.Message);
            throw;
        }
        finally
        {
            _inflight.TryRemove(name, out _);
        }
    }

    private async Task<SecretValue> FetchWithRetriesAsync(string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(_options.UpstreamTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            SecretStoreException failure;
            try
            {
                return await _backend.FetchAsync(name, linked.Token);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                failure = new SecretStoreException(SecretStoreFailure.Unavailable, name,
                    $"Secret store did not answer within {_options.UpstreamTimeout} while reading {name}", ex);
            }
            catch (SecretStoreException ex) when (ex.IsTransient)
            {
                failure = ex;
            }

            if (attempt >= _options.MaxRetries)
            {
                Log.UpstreamFailed(_logger, name, attempt + 1, failure.Message);
                throw failure;
            }

            var delay = Backoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, _random());
            Log.UpstreamRetry(_logger, name, attempt + 1, delay, failure.Message);
            await Task.Delay(delay, _time, _stopping.Token);
        }
    }

    private void Store(string name, SecretValue value)
    {
        if (value.ExpiresOnceAccessed)
        {
            // The store has already spent this version on us: never keep it for a second reader.
            _entries.TryRemove(name, out _);
            return;
        }

        var now = _time.GetUtcNow();
        var ttl = _options.Ttl * (1 - (Math.Clamp(_options.TtlJitter, 0, 1) * _random()));
        _entries[name] = new Entry { Value = value, FetchedAt = now, FreshUntil = now + ttl, LastAccess = now.UtcTicks };
        EvictOverCapacity();
    }

    private void EvictOverCapacity()
    {
        if (_entries.Count <= _options.MaxEntries)
        {
            return;
        }

        lock (_evictionLock)
        {
            while (_entries.Count > _options.MaxEntries)
            {
                var oldest = _entries.MinBy(pair => pair.Value.LastAccess);
                _entries.TryRemove(oldest);
            }
        }
    }

    private sealed class Entry
    {
        public SecretValue? Value { get; init; }

        public (SecretStoreFailure Failure, string Message)? Failure { get; init; }

        public DateTimeOffset FetchedAt { get; init; }

        public DateTimeOffset FreshUntil { get; init; }

        private long _lastAccess;
        private int _refreshFailed;

        /// <summary>The last refresh of this value failed transiently (the store is having an outage).</summary>
        public bool RefreshFailed
        {
            get => Volatile.Read(ref _refreshFailed) == 1;
            set => Volatile.Write(ref _refreshFailed, value ? 1 : 0);
        }

        public long LastAccess
        {
            get => Interlocked.Read(ref _lastAccess);
            set => Interlocked.Exchange(ref _lastAccess, value);
        }

        public override string ToString() => $"Entry {{ Revision = {Value?.Revision}, FreshUntil = {FreshUntil:O} }}";
    }
}
