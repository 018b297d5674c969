using System.Net;
using MiroMcp.Server.Miro;

namespace MiroMcp.Tests.Integration.Tools;

/// <summary>The per-user credit budget in isolation (no HTTP).</summary>
public sealed class MiroRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_HeadersSayBudgetSpent_WaitsUntilReset()
    {
        var limiter = new MiroRateLimiter(TimeProvider.System);
        await limiter.AcquireAsync("u", 50, CancellationToken.None);
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("X-RateLimit-Limit", "100000");
        response.Headers.Add("X-RateLimit-Remaining", "0");
        response.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        limiter.Observe("u", response.Headers);
        using var cancellation = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync("u", 50, cancellation.Token).AsTask();
        var other = limiter.AcquireAsync("other-user", 50, CancellationToken.None).AsTask();
        await other;
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task EvictIdle_WindowEndedLongAgo_ForgetsTheUser()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var limiter = new MiroRateLimiter(time);
        await limiter.AcquireAsync("old", 50, CancellationToken.None);
        time.Now = time.Now.AddMinutes(30);
        await limiter.AcquireAsync("new", 50, CancellationToken.None);

        limiter.EvictIdle();

        Assert.Equal(1, limiter.TrackedUsers);
    }

    [Fact]
    public void Throttled_RetryAfterSeconds_PausesThatLong()
    {
        var limiter = new MiroRateLimiter(TimeProvider.System);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var wait = limiter.Throttled("u", response);

        Assert.Equal(TimeSpan.FromSeconds(7), wait);
    }

    [Fact]
    public void Throttled_NoHintsAtAll_WaitsOneSecond()
    {
        var limiter = new MiroRateLimiter(TimeProvider.System);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Throttled("u", response));
    }

    [Fact]
    public async Task AcquireAsync_PausedUser_LaterCallersQueueBehindTheFirst()
    {
        var limiter = new MiroRateLimiter(TimeProvider.System);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));
        limiter.Throttled("u", response);
        using var cancellation = new CancellationTokenSource();

        var first = limiter.AcquireAsync("u", 50, cancellation.Token).AsTask();
        var second = limiter.AcquireAsync("u", 50, cancellation.Token).AsTask();
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
