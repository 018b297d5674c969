namespace MiroMcp.Server.Tokens;

/// <summary>
/// Opens the grant store at start (loads the file or migrates the schema) and runs the re-encryption sweep at
/// start and again after every key change. Never stops the server: a failure is logged and retried at the next
/// key change (and every operation retries opening the store itself).
/// </summary>
internal sealed class GrantStoreMaintenanceService : BackgroundService
{
    private readonly EncryptedGrantStore _store;
    private readonly GrantKeyRingProvider _keys;
    private readonly ILogger<GrantStoreMaintenanceService> _logger;
    private readonly SemaphoreSlim _keysChanged = new(0, 1);

    public GrantStoreMaintenanceService(EncryptedGrantStore store, GrantKeyRingProvider keys, ILogger<GrantStoreMaintenanceService> logger)
    {
        _store = store;
        _keys = keys;
        _logger = logger;
        _keys.Changed += OnKeysChanged;
    }

    /// <summary>Raised after each sweep that ran (for tests and diagnostics).</summary>
    internal event EventHandler<SweepResult>? SweepFinished;

    public override void Dispose()
    {
        _keys.Changed -= OnKeysChanged;
        _keysChanged.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One sweep with its log lines: what the hosted loop runs, and what tests call directly.</summary>
    internal async Task<SweepResult?> RunSweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _store.InitializeAsync(cancellationToken);
            var ring = _keys.Current;
            if (ring.Current is null)
            {
                return null;
            }

            Log.SweepStarted(_logger, _store.Kind, ring.Current.KeyIdHex, ring.Previous?.KeyIdHex ?? "none");
            var result = await _store.SweepAsync(cancellationToken);
            Log.SweepCompleted(_logger, result.Examined, result.Reencrypted, result.UnknownKey, result.Damaged);
            if (result.UnknownKey > 0)
            {
                var keyIds = string.Join(", ", result.UnknownKeyIds.Select(pair => $"{pair.Key}: {pair.Value}"));
                Log.SweepFoundUnknownKeys(_logger, result.UnknownKey, keyIds);
            }

            if (result.Damaged > 0)
            {
                Log.SweepFoundDamaged(_logger, result.Damaged);
            }

            SweepFinished?.Invoke(this, result);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.GrantStoreMaintenanceFailed(_logger, _store.Kind, exception);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunSweepAsync(stoppingToken);
                await _keysChanged.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private void OnKeysChanged(object? sender, EventArgs e)
    {
        try
        {
            _keysChanged.Release();
        }
        catch (SemaphoreFullException)
        {
            // a sweep is already pending
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }
}
