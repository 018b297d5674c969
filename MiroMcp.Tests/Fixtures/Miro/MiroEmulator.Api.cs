using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>The api.miro.com side: bearer authentication, credit-based rate limiting and its headers.</summary>
public sealed partial class MiroEmulator
{
    /// <summary>Miro's credit cost per rate-limit level (1–4).</summary>
    private static readonly int[] LevelCredits = [0, 50, 100, 500, 2000];

    private readonly Dictionary<string, CreditWindow> _credits = new(StringComparer.Ordinal);
    private int _pendingThrottles;
    private int _throttleRetryAfterSeconds = -1;
    private int _apiRequestCount;
    private int _throttledCount;

    /// <summary>API requests that reached authentication (rejected ones included).</summary>
    public int ApiRequestCount => Volatile.Read(ref _apiRequestCount);

    /// <summary>429 answers given so far.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttledCount);

    /// <summary>The next <paramref name="count"/> API calls answer 429; with <paramref name="retryAfter"/> null no
    /// Retry-After header is sent (Miro does not promise one) and X-RateLimit-Reset is one second away.</summary>
    public void ThrottleNext(int count, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _pendingThrottles = count;
            _throttleRetryAfterSeconds = retryAfter is null ? -1 : (int)retryAfter.Value.TotalSeconds;
        }
    }

    /// <summary>Credits the user has left in the current minute.</summary>
    public int RemainingCredits(string userId)
    {
        lock (_gate)
        {
            return CurrentWindowLocked(userId).Remaining(_options.CreditsPerMinute);
        }
    }

    /// <summary>
    /// Authenticates the bearer token and charges the operation's credits. Returns the user id, or an error result
    /// (401 for a missing, expired or revoked token; 429 when throttled or out of credits).
    /// </summary>
    private (string? UserId, IResult? Error) Admit(HttpContext context, int level)
    {
        Interlocked.Increment(ref _apiRequestCount);
        var token = BearerToken(context.Request);
        var now = Now;
        lock (_gate)
        {
            if (token is null)
            {
                return (null, MiroError(401, "tokenNotProvided", "No access token was provided."));
            }

            if (!_accessTokens.TryGetValue(token, out var record) || !record.IsLive(now))
            {
                return (null, MiroError(401, "tokenNotFound", "The access token is invalid, expired or revoked."));
            }

            var window = CurrentWindowLocked(record.UserId);
            if (_pendingThrottles > 0)
            {
                _pendingThrottles--;
                Interlocked.Increment(ref _throttledCount);
                var reset = now.AddSeconds(1).ToUnixTimeSeconds();
                SetRateLimitHeaders(context, window, reset);
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                if (_throttleRetryAfterSeconds >= 0)
                {
                    context.Response.Headers.RetryAfter = _throttleRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                }

                return (null, MiroError(429, "tooManyRequests", "Too many requests: the rate limit of the app for this user was exceeded."));
            }

            var cost = LevelCredits[Math.Clamp(level, 1, 4)];
            if (window.Used + cost > _options.CreditsPerMinute)
            {
                Interlocked.Increment(ref _throttledCount);
                SetRateLimitHeaders(context, window, window.Start.AddMinutes(1).ToUnixTimeSeconds());
                return (null, MiroError(429, "tooManyRequests", "Too many requests: the rate limit of the app for this user was exceeded."));
            }

            window.Used += cost;
            SetRateLimitHeaders(context, window, window.Start.AddMinutes(1).ToUnixTimeSeconds());
            return (record.UserId, null);
        }
    }

    private void AddRateLimitHeaders(HttpContext context, string userId, int cost)
    {
        lock (_gate)
        {
            var window = CurrentWindowLocked(userId);
            window.Used += cost;
            SetRateLimitHeaders(context, window, window.Start.AddMinutes(1).ToUnixTimeSeconds());
        }
    }

    private void SetRateLimitHeaders(HttpContext context, CreditWindow window, long reset)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = _options.CreditsPerMinute.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = window.Remaining(_options.CreditsPerMinute).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
    }

    private CreditWindow CurrentWindowLocked(string userId)
    {
        var now = Now;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        if (!_credits.TryGetValue(userId, out var window) || window.Start != start)
        {
            window = new CreditWindow(start);
            _credits[userId] = window;
        }

        return window;
    }

    private sealed class CreditWindow(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Used { get; set; }

        public int Remaining(int limit) => Math.Max(0, limit - Used);
    }
}
