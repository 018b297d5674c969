using System.Diagnostics.Metrics;

namespace MiroMcp.Server.Auth;

/// <summary>
/// The meter "MiroMcp.Auth": how bearer tokens were checked (from the validated-token cache or by OpenIddict) and how
/// often the cache was invalidated, so that its hit ratio and any invalidation storm show on a dashboard. Counts only.
/// </summary>
internal sealed class TokenCheckMetrics : IDisposable
{
    public const string MeterName = "MiroMcp.Auth";
    public const string ChecksInstrument = "miromcp.auth.token_checks";
    public const string InvalidationsInstrument = "miromcp.auth.token_cache.invalidations";

    private readonly Meter _meter;
    private readonly Counter<long> _checks;
    private readonly Counter<long> _invalidations;

    public TokenCheckMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _checks = _meter.CreateCounter<long>(ChecksInstrument, "{request}",
            "Requests whose bearer token was checked (tag result: cached | validated | refused).");
        _invalidations = _meter.CreateCounter<long>(InvalidationsInstrument, "{invalidation}",
            "Validated-token cache invalidations (tag scope: ids | all).");
    }

    public void Cached() => _checks.Add(1, new KeyValuePair<string, object?>("result", "cached"));

    public void Validated() => _checks.Add(1, new KeyValuePair<string, object?>("result", "validated"));

    public void Refused() => _checks.Add(1, new KeyValuePair<string, object?>("result", "refused"));

    public void Invalidated(bool everything) => _invalidations.Add(1, new KeyValuePair<string, object?>("scope", everything ? "all" : "ids"));

    public void Dispose() => _meter.Dispose();
}
