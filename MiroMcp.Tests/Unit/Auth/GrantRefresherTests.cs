using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Unit.Auth;

/// <summary>Miro kills the old pair on every refresh: concurrent callers of one grant must cause ONE refresh.</summary>
public sealed class GrantRefresherTests
{
    private sealed class MemoryStore : IGrantStore
    {
        private readonly ConcurrentDictionary<string, Grant> _grants = new();
        public int Reads;

        public Task<Grant?> GetAsync(string grantId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            return Task.FromResult(_grants.TryGetValue(grantId, out var grant) ? grant : null);
        }

        public Task<Grant?> SaveAsync(Grant grant, long expectedVersion, CancellationToken cancellationToken)
        {
            lock (_grants)
            {
                var current = _grants.GetValueOrDefault(grant.GrantId);
                if ((current?.Version ?? 0) != expectedVersion)
                {
                    return Task.FromResult<Grant?>(null);
                }

                var saved = grant with { Version = expectedVersion + 1 };
                _grants[grant.GrantId] = saved;
                return Task.FromResult<Grant?>(saved);
            }
        }

        public Task<bool> DeleteAsync(string grantId, CancellationToken cancellationToken) => Task.FromResult(_grants.TryRemove(grantId, out _));
    }

    /// <summary>Miro's token endpoint: counts refreshes; the first one waits until released.</summary>
    private sealed class MiroTokenEndpoint(TaskCompletionSource release) : HttpMessageHandler
    {
        public int Refreshes;
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var count = Interlocked.Increment(ref Refreshes);
            Entered.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            var json = $$"""{"access_token":"access-{{count}}","refresh_token":"refresh-{{count}}","expires_in":3600,"scope":"boards:read boards:write","token_type":"bearer"}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }

    private static (GrantRefresher Refresher, MemoryStore Store, MiroTokenEndpoint Miro) Create(TaskCompletionSource release)
    {
        var store = new MemoryStore();
        var miro = new MiroTokenEndpoint(release);
        var server = new ServerOptions
        {
            MiroClientId = "client", MiroClientSecret = TestSecrets.NewToken("secret"),
            MiroRedirectUri = "http://127.0.0.1/oauth/callback", MiroApiBaseUrl = "http://127.0.0.1:9",
        };
        var client = new MiroOAuthClient(new HttpClient(miro), new StaticOptionsMonitor<ServerOptions>(server), TimeProvider.System);
        var refresher = new GrantRefresher(store, client, new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System, NullLogger<GrantRefresher>.Instance);
        return (refresher, store, miro);
    }

    private static async Task<Grant> SeedExpiringAsync(MemoryStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var grant = new Grant("grant-1", "user", "team", "client",
            new MiroTokenPair("old-access", "old-refresh", now.AddMinutes(1), null, "boards:read"), now, now, 0);
        return (await store.SaveAsync(grant, 0, CancellationToken.None))!;
    }

    [Fact]
    public async Task GetFreshAsync_ConcurrentCallersOnExpiringGrant_RefreshOnceAndShareThePair()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (refresher, store, miro) = Create(release);
        await SeedExpiringAsync(store);

        var first = refresher.GetFreshAsync("grant-1", null, CancellationToken.None);
        await miro.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var readsBefore = store.Reads;
        var others = Enumerable.Range(0, 7).Select(_ => refresher.GetFreshAsync("grant-1", null, CancellationToken.None)).ToList();
        // Every other caller has read the old grant (one read each) before the refresh completes.
        Assert.Equal(readsBefore + 7, store.Reads);
        release.SetResult();
        var results = await Task.WhenAll(others.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, miro.Refreshes);
        Assert.All(results, grant => Assert.Equal("access-1", grant.Tokens.AccessToken));
        Assert.Equal(2, (await store.GetAsync("grant-1", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task GetFreshAsync_FreshGrant_DoesNotCallMiro()
    {
        var release = new TaskCompletionSource();
        release.SetResult();
        var (refresher, store, miro) = Create(release);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(new Grant("grant-1", "u", "t", "c", new MiroTokenPair("a", "r", now.AddHours(1), null, ""), now, now, 0), 0, CancellationToken.None);

        var grant = await refresher.GetFreshAsync("grant-1", null, CancellationToken.None);

        Assert.Equal(0, miro.Refreshes);
        Assert.Equal("a", grant.Tokens.AccessToken);
    }

    [Fact]
    public async Task GetFreshAsync_RejectedAccessToken_RefreshesEvenWhenNotExpiring()
    {
        var release = new TaskCompletionSource();
        release.SetResult();
        var (refresher, store, miro) = Create(release);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(new Grant("grant-1", "u", "t", "c", new MiroTokenPair("a", "r", now.AddHours(1), null, ""), now, now, 0), 0, CancellationToken.None);

        var grant = await refresher.GetFreshAsync("grant-1", rejectedAccessToken: "a", CancellationToken.None);

        Assert.Equal(1, miro.Refreshes);
        Assert.Equal("access-1", grant.Tokens.AccessToken);
    }

    [Fact]
    public async Task GetFreshAsync_UnknownGrant_ThrowsAuthorizationException()
    {
        var (refresher, _, _) = Create(new TaskCompletionSource());

        await Assert.ThrowsAsync<MiroAuthorizationException>(() => refresher.GetFreshAsync("missing", null, CancellationToken.None));
    }
}
