namespace MiroMcp.SecretsGateway.Caching;

/// <summary>
/// Cache rules (section <c>Cache</c> of the gateway's settings, e.g. <c>Cache__Ttl=00:05:00</c>). Defaults follow
/// the AWS Secrets Manager caching client and agent: minutes of freshness, hours of tolerated staleness.
/// </summary>
internal sealed class SecretCacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>How long a value is fresh. Each entry gets up to <see cref="TtlJitter"/> less, so that entries
    /// fetched together do not expire together.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction of <see cref="Ttl"/> removed at random per entry (0 = none, 0.1 = up to 10 %).</summary>
    public double TtlJitter { get; set; } = 0.1;

    /// <summary>After the TTL, a read within this window gets the old value at once while one background
    /// refresh runs.</summary>
    public TimeSpan StaleWhileRevalidate { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When the store fails, a value this old (since it was fetched) is still served; older is an error.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a 404/403 answer is remembered.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>LRU bound on the number of cached secrets.</summary>
    public int MaxEntries { get; set; } = 1000;

    /// <summary>Retries after the first try, on 5xx, 429, time-outs and garbage bodies.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time-out of one upstream attempt.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
