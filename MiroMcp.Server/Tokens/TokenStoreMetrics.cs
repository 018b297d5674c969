using System.Diagnostics.Metrics;

namespace MiroMcp.Server.Tokens;

/// <summary>The meter "MiroMcp.Tokens": what the grant store did, never what it holds.</summary>
internal sealed class TokenStoreMetrics : IDisposable
{
    public const string MeterName = "MiroMcp.Tokens";

    private readonly Meter _meter;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _reencrypted;
    private readonly Counter<long> _unreadable;
    private long _sweepPending;

    public TokenStoreMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _writes = _meter.CreateCounter<long>("miromcp.tokens.writes", "{record}", "Grant records written.");
        _conflicts = _meter.CreateCounter<long>("miromcp.tokens.write_conflicts", "{record}", "Saves refused because another writer saved first.");
        _reencrypted = _meter.CreateCounter<long>("miromcp.tokens.reencrypted", "{record}", "Records re-encrypted under the current key (tag trigger: access | sweep).");
        _unreadable = _meter.CreateCounter<long>("miromcp.tokens.unreadable", "{record}", "Records that counted as absent (tag reason: unknown_key | tampered | malformed | unreadable).");
        _meter.CreateObservableGauge("miromcp.tokens.sweep.pending", () => Interlocked.Read(ref _sweepPending), "{record}",
            "Records the running re-encryption sweep has still to look at.");
    }

    public void Written() => _writes.Add(1);

    public void Conflict() => _conflicts.Add(1);

    public void Reencrypted(string trigger) => _reencrypted.Add(1, new KeyValuePair<string, object?>("trigger", trigger));

    public void Unreadable(TokenProtectionFailure reason) =>
        _unreadable.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            TokenProtectionFailure.UnknownKey => "unknown_key",
            TokenProtectionFailure.Tampered => "tampered",
            TokenProtectionFailure.Malformed => "malformed",
            _ => "unreadable",
        }));

    public void SweepPending(long count) => Interlocked.Exchange(ref _sweepPending, count);

    public void Dispose() => _meter.Dispose();
}
