using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiroMcp.Server.Auth;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Unit.Auth;

public sealed class ValidatedTokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    private ValidatedTokenCache NewCache(TimeSpan? lifetime = null) => new(
        new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings { ValidatedTokenCacheLifetime = lifetime ?? TimeSpan.FromSeconds(30) }), _time);

    private static ClaimsPrincipal Principal(string subject) =>
        new(new ClaimsIdentity([new Claim("sub", subject), new Claim("oi_au_id", "grant-" + subject)], "test"));

    private DateTimeOffset InOneHour => _time.GetUtcNow().AddHours(1);

    [Fact]
    public void TryGet_AfterAdd_ReturnsACopyOfThePrincipal()
    {
        var cache = NewCache();
        var principal = Principal("alice");
        cache.Add("token-a", principal, InOneHour, cache.Generation);

        Assert.True(cache.TryGet("token-a", out var found));
        Assert.Equal("alice", found.FindFirst("sub")!.Value);
        Assert.NotSame(principal, found);
        Assert.False(cache.TryGet("token-b", out _));
    }

    [Fact]
    public void TryGet_AfterInvalidate_Misses()
    {
        var cache = NewCache();
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);

        cache.Invalidate();

        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void Add_WithGenerationReadBeforeAnInvalidation_IsNeverServed()
    {
        var cache = NewCache();
        var generation = cache.Generation;
        cache.Invalidate(); // a revocation committed while the token was being validated

        cache.Add("token-a", Principal("alice"), InOneHour, generation);

        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void TryGet_AfterCacheLifetime_Misses()
    {
        var cache = NewCache(TimeSpan.FromSeconds(30));
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.TryGet("token-a", out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void TryGet_AfterTheTokensOwnExpiry_Misses()
    {
        var cache = NewCache(TimeSpan.FromMinutes(10));
        cache.Add("token-a", Principal("alice"), _time.GetUtcNow().AddSeconds(5), cache.Generation);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void Add_WithZeroLifetimeOrNoExpiry_KeepsNothing()
    {
        var off = NewCache(TimeSpan.Zero);
        off.Add("token-a", Principal("alice"), InOneHour, off.Generation);
        var on = NewCache();
        on.Add("token-a", Principal("alice"), null, on.Generation);

        Assert.False(off.TryGet("token-a", out _));
        Assert.False(on.TryGet("token-a", out _));
    }

    [Fact]
    public void Add_PastMaxEntries_StaysBounded()
    {
        var cache = NewCache();
        for (var i = 0; i < ValidatedTokenCache.MaxEntries * 2 + 10; i++)
        {
            cache.Add("token-" + i, Principal("user" + i), InOneHour, cache.Generation);
        }

        Assert.InRange(cache.Count, 1, ValidatedTokenCache.MaxEntries);
        Assert.True(cache.TryGet("token-" + (ValidatedTokenCache.MaxEntries * 2 + 9), out _));
    }
}

/// <summary>The OAuth database's writes, made by OpenIddict itself, are what invalidate the validated-token cache.</summary>
public sealed class OAuthWriteInterceptorTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"miromcp-interceptor-{Guid.NewGuid():N}.db");
    private readonly ValidatedTokenCache _cache = new(
        new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System);
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<OAuthDbContext>(options => options
            .UseSqlite($"Data Source={_database}").UseOpenIddict().AddInterceptors(new OAuthWriteInterceptor(_cache)));
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OAuthDbContext>());
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OAuthDbContext>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task Reads_LeaveTheGeneration_WritesMoveIt()
    {
        string id;
        await using (var scope = _services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var created = await tokens.CreateAsync(new OpenIddictTokenDescriptor
            {
                Type = OpenIddictConstants.TokenTypeHints.AccessToken,
                Status = OpenIddictConstants.Statuses.Valid,
                Subject = "alice",
                ExpirationDate = DateTimeOffset.UtcNow.AddHours(1),
            });
            id = (await tokens.GetIdAsync(created))!;
        }

        var beforeRead = _cache.Generation;
        await using (var scope = _services.CreateAsyncScope())
        {
            var found = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(id);
            Assert.NotNull(found);
        }

        Assert.Equal(beforeRead, _cache.Generation);

        await using (var scope = _services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            Assert.True(await tokens.TryRevokeAsync((await tokens.FindByIdAsync(id))!));
        }

        Assert.NotEqual(beforeRead, _cache.Generation);

        var beforeBulk = _cache.Generation;
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync("alice");
        }

        Assert.NotEqual(beforeBulk, _cache.Generation);
    }
}
