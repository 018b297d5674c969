using System.Security.Claims;
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

    private static ClaimsPrincipal Principal(string subject, string? tokenId = null, string? authorizationId = null) =>
        new(new ClaimsIdentity(
            [
                new Claim("sub", subject),
                new Claim(OpenIddictConstants.Claims.Private.TokenId, tokenId ?? "token-" + subject),
                new Claim(OpenIddictConstants.Claims.Private.AuthorizationId, authorizationId ?? "grant-" + subject),
            ], "test"));

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
    public void TryGet_AfterInvalidateAll_Misses()
    {
        var cache = NewCache();
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);

        cache.InvalidateAll();

        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void Invalidate_TokenId_MissesThatTokenOnly()
    {
        var cache = NewCache();
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);
        cache.Add("token-b", Principal("bob"), InOneHour, cache.Generation);

        cache.Invalidate(["token-alice"], []);

        Assert.False(cache.TryGet("token-a", out _));
        Assert.True(cache.TryGet("token-b", out _));
    }

    [Fact]
    public void Invalidate_AuthorizationId_MissesEveryTokenOfThatGrant()
    {
        var cache = NewCache();
        cache.Add("token-a1", Principal("alice", "t1", "grant-1"), InOneHour, cache.Generation);
        cache.Add("token-a2", Principal("alice", "t2", "grant-1"), InOneHour, cache.Generation);
        cache.Add("token-b", Principal("bob", "t3", "grant-2"), InOneHour, cache.Generation);

        cache.Invalidate([], ["grant-1"]);

        Assert.False(cache.TryGet("token-a1", out _));
        Assert.False(cache.TryGet("token-a2", out _));
        Assert.True(cache.TryGet("token-b", out _));
    }

    [Fact]
    public void Add_WithGenerationReadBeforeAnInvalidation_IsNeverServed()
    {
        var cache = NewCache();
        var beforeAll = cache.Generation;
        cache.InvalidateAll(); // a bulk revocation committed while the token was being validated
        cache.Add("token-a", Principal("alice"), InOneHour, beforeAll);

        var beforeOne = cache.Generation;
        cache.Invalidate(["token-bob"], []); // a revocation of this very token committed during its validation
        cache.Add("token-b", Principal("bob"), InOneHour, beforeOne);

        Assert.False(cache.TryGet("token-a", out _));
        Assert.False(cache.TryGet("token-b", out _));
    }

    [Fact]
    public void Add_AfterAnInvalidationOfItsId_IsServed()
    {
        var cache = NewCache();
        cache.Invalidate(["token-alice"], ["grant-alice"]); // committed before this validation began
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);

        Assert.True(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void Invalidate_PastMaxInvalidatedIds_StillMissesEveryInvalidatedToken()
    {
        var cache = NewCache();
        cache.Add("token-a", Principal("alice"), InOneHour, cache.Generation);
        cache.Add("token-b", Principal("bob"), InOneHour, cache.Generation);
        cache.Invalidate(["token-alice"], []);
        for (var i = 0; i <= ValidatedTokenCache.MaxInvalidatedIds; i++)
        {
            cache.Invalidate(["other-" + i], []);
        }

        Assert.False(cache.TryGet("token-a", out _));
        Assert.False(cache.TryGet("token-b", out _)); // the fallback forgets everything older, never less
    }

    [Fact]
    public void Invalidations_AreCountedByScope()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var collector = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            meters, TokenCheckMetrics.MeterName, TokenCheckMetrics.InvalidationsInstrument);
        using var metrics = new TokenCheckMetrics(meters);
        var cache = new ValidatedTokenCache(new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), _time, metrics);

        cache.Invalidate(["t1"], []);
        cache.Invalidate([], ["a1"]);
        cache.Invalidate([], []); // nothing changed: not an invalidation
        cache.InvalidateAll();

        var scopes = collector.GetMeasurementSnapshot().Select(measurement => measurement.Tags["scope"]).ToList();
        Assert.Equal(["ids", "ids", "all"], scopes);
    }

    [Fact]
    public void Add_WithoutTokenOrAuthorizationId_KeepsNothing()
    {
        var cache = NewCache();
        cache.Add("token-a", new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")], "test")), InOneHour, cache.Generation);

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

/// <summary>The OAuth database's writes, made by OpenIddict itself through our stores, are what invalidate the validated-token cache.</summary>
public sealed class OAuthStoreInvalidationTests : IAsyncLifetime
{
    private readonly ValidatedTokenCache _cache = new(
        new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System);
    private OAuthTestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await OAuthTestDatabase.CreateAsync(_cache);
        _services = _database.Services;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static ClaimsPrincipal Principal(string tokenId, string authorizationId) =>
        new(new ClaimsIdentity(
            [new Claim(OpenIddictConstants.Claims.Private.TokenId, tokenId), new Claim(OpenIddictConstants.Claims.Private.AuthorizationId, authorizationId)],
            "test"));

    private async Task<(string TokenId, string AuthorizationId)> CreateAccessTokenAsync(string subject)
    {
        await using var scope = _services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            Subject = subject, Status = OpenIddictConstants.Statuses.Valid, Type = OpenIddictConstants.AuthorizationTypes.Permanent,
        });
        var authorizationId = (await authorizations.GetIdAsync(authorization))!;
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            Type = OpenIddictConstants.TokenTypeHints.AccessToken,
            Status = OpenIddictConstants.Statuses.Valid,
            Subject = subject,
            AuthorizationId = authorizationId,
            ExpirationDate = DateTimeOffset.UtcNow.AddHours(1),
        });
        return ((await tokens.GetIdAsync(token))!, authorizationId);
    }

    private void Remember(string token, (string TokenId, string AuthorizationId) ids) =>
        _cache.Add(token, Principal(ids.TokenId, ids.AuthorizationId), DateTimeOffset.UtcNow.AddHours(1), _cache.Generation);

    [Fact]
    public async Task NewTokensAndReads_InvalidateNothing()
    {
        var alice = await CreateAccessTokenAsync("alice");
        Remember("alice-token", alice);

        _ = await CreateAccessTokenAsync("bob");
        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(alice.TokenId));
        }

        Assert.True(_cache.TryGet("alice-token", out _));
    }

    [Fact]
    public async Task TokenLookupWarmUp_EmptyDatabase_LoadsNothing()
    {
        Assert.Null(await AuthorizationServerExtensions.WarmUpTokenLookupAsync(_services, CancellationToken.None));
    }

    [Fact]
    public async Task TokenLookupWarmUp_LoadsAStoredTokenThroughOpenIddict_AndInvalidatesNothing()
    {
        var alice = await CreateAccessTokenAsync("alice");
        Remember("alice-token", alice);
        var generation = _cache.Generation;

        var loaded = await AuthorizationServerExtensions.WarmUpTokenLookupAsync(_services, CancellationToken.None);

        Assert.Equal(alice.TokenId, loaded);
        Assert.Equal(generation, _cache.Generation);
        Assert.True(_cache.TryGet("alice-token", out _));
    }

    [Fact]
    public async Task RevokingOneToken_InvalidatesThatTokenOnly()
    {
        var alice = await CreateAccessTokenAsync("alice");
        var bob = await CreateAccessTokenAsync("bob");
        Remember("alice-token", alice);
        Remember("bob-token", bob);

        await using (var scope = _services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            Assert.True(await tokens.TryRevokeAsync((await tokens.FindByIdAsync(alice.TokenId))!));
        }

        Assert.False(_cache.TryGet("alice-token", out _));
        Assert.True(_cache.TryGet("bob-token", out _));
    }

    [Fact]
    public async Task RevokingAnAuthorization_InvalidatesItsTokens()
    {
        var alice = await CreateAccessTokenAsync("alice");
        var bob = await CreateAccessTokenAsync("bob");
        Remember("alice-token", alice);
        Remember("bob-token", bob);

        await using (var scope = _services.CreateAsyncScope())
        {
            var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            Assert.True(await authorizations.TryRevokeAsync((await authorizations.FindByIdAsync(alice.AuthorizationId))!));
        }

        Assert.False(_cache.TryGet("alice-token", out _));
        Assert.True(_cache.TryGet("bob-token", out _));
    }

    [Fact]
    public async Task BulkRevocation_InvalidatesEverything()
    {
        var alice = await CreateAccessTokenAsync("alice");
        var bob = await CreateAccessTokenAsync("bob");
        Remember("alice-token", alice);
        Remember("bob-token", bob);

        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeByAuthorizationIdAsync(alice.AuthorizationId);
        }

        Assert.False(_cache.TryGet("alice-token", out _));
        Assert.False(_cache.TryGet("bob-token", out _));
    }
}
