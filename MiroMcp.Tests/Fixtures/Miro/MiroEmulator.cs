using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>
/// An in-process Miro: one real HTTP server (Kestrel on 127.0.0.1, a free port) that serves both the web authorize
/// page (<c>miro.com/oauth/authorize</c>) and the <c>api.miro.com</c> paths from <see cref="BaseUrl"/>. The test user
/// approves every authorization at once. Wire contracts follow DESIGN.md §4 and the OpenAPI spec.
/// </summary>
public sealed partial class MiroEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MiroEmulatorOptions _options;
    private readonly object _gate = new();
    private readonly HashSet<string> _redirectUris;
    private readonly Dictionary<string, EmulatedUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _tokenRequests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _secretsSeen = new();
    private int _refreshCount;
    private int _tokenInfoCount;
    private long _accessTokenLifetimeTicks;

    private MiroEmulator(WebApplication app, MiroEmulatorOptions options)
    {
        _app = app;
        _options = options;
        _redirectUris = new HashSet<string>(options.RedirectUris, StringComparer.Ordinal);
        _accessTokenLifetimeTicks = options.AccessTokenLifetime.Ticks;
        ApprovingUserId = options.UserId;
        AddUser(options.UserId, options.UserName);
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Use as MIRO_AUTHORIZE_URL.</summary>
    public Uri AuthorizeUrl => new(BaseUrl, "/oauth/authorize");

    public string ClientId => _options.ClientId;

    public string ClientSecret => _options.ClientSecret;

    public string UserId => _options.UserId;

    public string UserName => _options.UserName;

    public string TeamId => _options.TeamId;

    public string TeamName => _options.TeamName;

    public string Scope => _options.Scope;

    /// <summary>The user who approves the next authorizations (default: the test user; see <see cref="AddUser"/>).</summary>
    public string ApprovingUserId { get; set; }

    /// <summary>Lifetime of access tokens issued from now on (default 1 h).</summary>
    public TimeSpan AccessTokenLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _accessTokenLifetimeTicks));
        set => Interlocked.Exchange(ref _accessTokenLifetimeTicks, value.Ticks);
    }

    /// <summary>When set, the token endpoint answers with this status and Miro's error body instead of tokens.</summary>
    public HttpStatusCode? TokenEndpointFailure { get; set; }

    /// <summary>Successful refreshes so far.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    /// <summary>Requests to <c>GET /v1/oauth-token</c> (token information; not an API request in the credit sense).</summary>
    public int TokenInfoCount => Volatile.Read(ref _tokenInfoCount);

    /// <summary>Access tokens that still work (not expired, not revoked, not rotated away).</summary>
    public int LiveAccessTokenCount
    {
        get
        {
            var now = Now;
            lock (_gate)
            {
                return _accessTokens.Values.Count(token => token.IsLive(now));
            }
        }
    }

    /// <summary>
    /// Every credential that crossed the emulator: codes, access and refresh tokens it issued, the states and
    /// PKCE verifiers it received. The telemetry leak audit searches the services' telemetry for each of them.
    /// </summary>
    public IReadOnlyCollection<string> SecretsSeen => [.. _secretsSeen];

    private void RecordSecret(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _secretsSeen.Enqueue(value);
        }
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public static async Task<MiroEmulator> StartAsync(MiroEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MiroEmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new MiroEmulator(app, options);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                emulator._violations.Enqueue($"emulator failure on {context.Request.Method} {context.Request.Path}: {exception}");
                throw;
            }
        });
        emulator.MapOAuth(app);
        emulator.MapApi(app);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        emulator.BaseUrl = new Uri(addresses.Addresses.First().TrimEnd('/') + "/");
        return emulator;
    }

    /// <summary>Registers one more redirect URI for the app (exact match).</summary>
    public void RegisterRedirectUri(string redirectUri)
    {
        lock (_gate)
        {
            _redirectUris.Add(redirectUri);
        }
    }

    /// <summary>Adds a Miro user in the test team; set <see cref="ApprovingUserId"/> to sign in as them.</summary>
    public void AddUser(string userId, string name)
    {
        lock (_gate)
        {
            _users[userId] = new EmulatedUser(userId, name);
        }
    }

    /// <summary>Token-endpoint calls with this grant_type (failed ones included).</summary>
    public int TokenRequestCount(string grantType) => _tokenRequests.TryGetValue(grantType, out var count) ? count : 0;

    /// <summary>Mints a token pair for the user directly (tests that do not need the authorization flow).</summary>
    public MiroTokenPair IssueTokens(string? userId = null)
    {
        lock (_gate)
        {
            return IssuePairLocked(userId ?? _options.UserId, _options.Scope);
        }
    }

    /// <summary>Expires every access token of the user now (their refresh tokens keep working).</summary>
    public int ExpireAccessTokens(string userId)
    {
        var now = Now;
        lock (_gate)
        {
            var expired = 0;
            foreach (var token in _accessTokens.Values.Where(token => token.UserId == userId && token.IsLive(now)))
            {
                token.ExpiresAt = now.AddTicks(-1);
                expired++;
            }

            return expired;
        }
    }

    /// <summary>Kills one refresh token (as if the user uninstalled the app or it expired); its access token too.</summary>
    public bool RevokeRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var record) || record.Revoked)
            {
                return false;
            }

            record.Revoked = true;
            if (_accessTokens.TryGetValue(record.AccessToken, out var access))
            {
                access.Revoked = true;
            }

            return true;
        }
    }

    /// <summary>True when the access token would be accepted by the API now.</summary>
    public bool IsAccessTokenLive(string accessToken)
    {
        var now = Now;
        lock (_gate)
        {
            return _accessTokens.TryGetValue(accessToken, out var token) && token.IsLive(now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private MiroTokenPair IssuePairLocked(string userId, string scope)
    {
        var now = Now;
        var access = NewSecret("eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_");
        var refresh = NewSecret("eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_");
        var lifetime = AccessTokenLifetime;
        _accessTokens[access] = new AccessToken(access, userId, scope, now) { ExpiresAt = now + lifetime };
        _refreshTokens[refresh] = new RefreshToken(refresh, userId, scope, now + _options.RefreshTokenLifetime) { AccessToken = access };
        RecordSecret(access);
        RecordSecret(refresh);
        return new MiroTokenPair(access, refresh, (int)Math.Max(0, lifetime.TotalSeconds - 1), scope, userId, _options.TeamId);
    }

    private static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Miro's error body: <c>{"status":…,"code":"…","message":"…","type":"error"}</c>.</summary>
    private static IResult MiroError(int status, string code, string message) =>
        Results.Json(new JsonObject { ["status"] = status, ["code"] = code, ["message"] = message, ["type"] = "error" }, statusCode: status);

    private sealed record EmulatedUser(string Id, string Name);

    private sealed record AuthorizationCode(string Code, string UserId, string RedirectUri, string Scope, string? Challenge, string? ChallengeMethod, DateTimeOffset ExpiresAt);

    private sealed class AccessToken(string value, string userId, string scope, DateTimeOffset createdAt)
    {
        public string Value { get; } = value;

        public string UserId { get; } = userId;

        public string Scope { get; } = scope;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Revoked { get; set; }

        public bool IsLive(DateTimeOffset now) => !Revoked && now < ExpiresAt;
    }

    private sealed class RefreshToken(string value, string userId, string scope, DateTimeOffset expiresAt)
    {
        public string Value { get; } = value;

        public string UserId { get; } = userId;

        public string Scope { get; } = scope;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public required string AccessToken { get; init; }

        public bool Revoked { get; set; }
    }
}

/// <summary>A token pair as the emulator issued it.</summary>
public sealed record MiroTokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string Scope, string UserId, string TeamId)
{
    public override string ToString() => $"{nameof(MiroTokenPair)} {{ UserId = {UserId}, tokens = *** }}";
}
