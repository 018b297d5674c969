using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Caching;

/// <summary>Where a value came from, for the audit trail.</summary>
internal enum CacheResult
{
    /// <summary>Fresh in the cache.</summary>
    Hit,

    /// <summary>Fetched from the store for this read (or joined a fetch in flight).</summary>
    Miss,

    /// <summary>Past its TTL, served while a background refresh runs.</summary>
    Stale,

    /// <summary>The store failed; served the last good value within the maximum staleness.</summary>
    StaleIfError,

    /// <summary>A remembered 404/403.</summary>
    NegativeHit,
}

/// <summary>A value and where it came from.</summary>
internal readonly record struct CachedRead(SecretValue Value, CacheResult Result);
