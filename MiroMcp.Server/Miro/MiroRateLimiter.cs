using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace MiroMcp.Server.Miro;

/// <summary>
/// Miro's credit budget per user (100,000 credits a minute; an operation costs 50–2,000 by level). Each user has a
/// FIFO gate: concurrent calls of one user are admitted in arrival order, each waits while the user is paused after
/// a 429 or out of credits, and reserves its credits before it is sent. The budget follows Miro's
/// <c>X-RateLimit-*</c> headers whenever a response carries them.
/// </summary>
internal sealed class MiroRateLimiter(TimeProvider timeProvider)
{
    public const int CreditsPerMinute = 100_000;

    /// <summary>Budgets idle this long are forgotten (keys by token hash change at every token rotation).</summary>
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, UserBudget> _budgets = new(StringComparer.Ordinal);
    private long _acquisitions;

    /// <summary>Waits until the user may spend <paramref name="credits"/>, then reserves them.</summary>
    public async ValueTask AcquireAsync(string userKey, int credits, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _acquisitions) % 1000 == 0)
        {
            EvictIdle();
        }

        var budget = _budgets.GetOrAdd(userKey, _ => new UserBudget(timeProvider.GetUtcNow()));
        await budget.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = timeProvider.GetUtcNow();
                TimeSpan wait;
                lock (budget)
                {
                    if (now >= budget.ResetAt)
                    {
                        budget.Remaining = budget.Limit;
                        budget.ResetAt = now.AddMinutes(1);
                    }

                    if (budget.PausedUntil > now)
                    {
                        wait = budget.PausedUntil - now;
                    }
                    else if (budget.Remaining >= credits)
                    {
                        budget.Remaining -= credits;
                        return;
                    }
                    else
                    {
                        wait = budget.ResetAt - now;
                    }
                }

                await Task.Delay(wait, timeProvider, cancellationToken);
            }
        }
        finally
        {
            budget.Gate.Release();
        }
    }

    /// <summary>Takes Miro's view of the budget from a response's <c>X-RateLimit-*</c> headers.</summary>
    public void Observe(string userKey, HttpResponseHeaders headers)
    {
        if (!_budgets.TryGetValue(userKey, out var budget))
        {
            return;
        }

        var limit = ReadLong(headers, "X-RateLimit-Limit");
        var remaining = ReadLong(headers, "X-RateLimit-Remaining");
        var reset = ReadLong(headers, "X-RateLimit-Reset");
        lock (budget)
        {
            if (limit is > 0)
            {
                budget.Limit = (int)Math.Min(limit.Value, int.MaxValue);
            }

            if (remaining is >= 0)
            {
                budget.Remaining = (int)Math.Min(remaining.Value, budget.Limit);
            }

            if (reset is > 0)
            {
                budget.ResetAt = DateTimeOffset.FromUnixTimeSeconds(reset.Value);
            }
        }
    }

    /// <summary>
    /// After a 429: how long to wait (Retry-After, else until X-RateLimit-Reset, else one second), and pauses every
    /// call of this user until then so that concurrent calls do not amplify the storm.
    /// </summary>
    public TimeSpan Throttled(string userKey, HttpResponseMessage response)
    {
        var now = timeProvider.GetUtcNow();
        TimeSpan wait;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.FromSeconds(1));
        }
        else if (ReadLong(response.Headers, "X-RateLimit-Reset") is > 0 and var reset)
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - now;
        }
        else
        {
            wait = TimeSpan.FromSeconds(1);
        }

        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait;
        var budget = _budgets.GetOrAdd(userKey, _ => new UserBudget(now));
        lock (budget)
        {
            var until = now + wait;
            if (until > budget.PausedUntil)
            {
                budget.PausedUntil = until;
            }
        }

        return wait;
    }

    /// <summary>Users tracked now (for tests and diagnostics).</summary>
    public int TrackedUsers => _budgets.Count;

    /// <summary>Forgets budgets whose window ended long ago and that nobody is waiting on.</summary>
    public void EvictIdle()
    {
        var cutoff = timeProvider.GetUtcNow() - IdleLifetime;
        foreach (var (key, budget) in _budgets)
        {
            bool idle;
            lock (budget)
            {
                idle = budget.ResetAt < cutoff && budget.PausedUntil < cutoff && budget.Gate.CurrentCount == 1;
            }

            if (idle)
            {
                _budgets.TryRemove(new KeyValuePair<string, UserBudget>(key, budget));
            }
        }
    }

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private sealed class UserBudget(DateTimeOffset now)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Limit { get; set; } = CreditsPerMinute;

        public int Remaining { get; set; } = CreditsPerMinute;

        public DateTimeOffset ResetAt { get; set; } = now.AddMinutes(1);

        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
