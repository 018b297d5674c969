using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Access tokens that OpenIddict has fully validated (signature, decryption, audience, lifetime, and the token and
/// authorization entries in the OAuth database), remembered for a short while so that the next request with the
/// same token skips the two database look-ups and the cryptography (decision 007).
/// <para>
/// Revocation still takes effect at once in this process. A change to a token or authorization entry in the OAuth
/// database (revoked, redeemed, deleted) invalidates the entries of that token or authorization id; a change the
/// OAuth stores cannot attribute to ids (a bulk revocation or prune, a changed client registration or scope)
/// invalidates everything; each store (Auth/Storage) says so once its write is committed. Each invalidation takes a
/// new <see cref="Generation"/>, and an entry records the generation read *before* its validation began, so a
/// revocation committed during a validation is never hidden by the entry it produces. New tokens and sign-ins (inserts) invalidate nothing.
/// </para>
/// <para>
/// Entries are keyed by the SHA-256 of the token (the token itself is not kept), end with the token's own expiry,
/// and live at most <see cref="OAuthSettings.ValidatedTokenCacheLifetime"/> (the delay after which another
/// instance's revocation is seen when several share one PostgreSQL database).
/// </para>
/// </summary>
internal sealed class ValidatedTokenCache(IOptionsMonitor<OAuthSettings> settings, TimeProvider time, TokenCheckMetrics? metrics = null)
{
    /// <summary>Bounded: past this many entries the expired ones go, and if that is not enough, all of them.</summary>
    public const int MaxEntries = 4_096;

    /// <summary>Bounded: past this many remembered id invalidations, they are replaced by one invalidation of everything.</summary>
    public const int MaxInvalidatedIds = 1_024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _invalidatedIds = new(StringComparer.Ordinal);
    private long _generation;
    private long _floor;

    public long Generation => Interlocked.Read(ref _generation);

    public int Count => _entries.Count;

    /// <summary>Forgets every entry.</summary>
    public void InvalidateAll()
    {
        RaiseFloor(Interlocked.Increment(ref _generation));
        metrics?.Invalidated(everything: true);
    }

    /// <summary>Forgets the entries of these token entry ids and authorization ids.</summary>
    public void Invalidate(IReadOnlyCollection<string> tokenIds, IReadOnlyCollection<string> authorizationIds)
    {
        if (tokenIds.Count == 0 && authorizationIds.Count == 0)
        {
            return;
        }

        var generation = Interlocked.Increment(ref _generation);
        metrics?.Invalidated(everything: false);
        foreach (var id in tokenIds)
        {
            _invalidatedIds[TokenKey(id)] = generation;
        }

        foreach (var id in authorizationIds)
        {
            _invalidatedIds[AuthorizationKey(id)] = generation;
        }

        if (_invalidatedIds.Count > MaxInvalidatedIds)
        {
            // Every entry older than these invalidations goes; then they need not be remembered one by one.
            RaiseFloor(generation);
            foreach (var (key, value) in _invalidatedIds)
            {
                if (value <= generation)
                {
                    _invalidatedIds.TryRemove(new KeyValuePair<string, long>(key, value));
                }
            }
        }
    }

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(Key(token), out var entry)
            && entry.Generation >= Interlocked.Read(ref _floor)
            && !InvalidatedSince(TokenKey(entry.TokenId), entry.Generation)
            && !InvalidatedSince(AuthorizationKey(entry.AuthorizationId), entry.Generation)
            && time.GetUtcNow() < entry.NotAfter)
        {
            principal = entry.Principal.Clone();
            return true;
        }

        principal = null!;
        return false;
    }

    /// <summary>
    /// Remembers a validated principal. <paramref name="generation"/> is <see cref="Generation"/> read before the
    /// validation began. A principal without token entry id or authorization id is not remembered: nothing could
    /// invalidate it narrowly.
    /// </summary>
    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset? expires, long generation)
    {
        var lifetime = settings.CurrentValue.ValidatedTokenCacheLifetime;
        var tokenId = principal.FindFirst(OpenIddictConstants.Claims.Private.TokenId)?.Value;
        var authorizationId = principal.FindFirst(OpenIddictConstants.Claims.Private.AuthorizationId)?.Value;
        if (lifetime <= TimeSpan.Zero || expires is null || string.IsNullOrEmpty(tokenId) || string.IsNullOrEmpty(authorizationId))
        {
            return;
        }

        var now = time.GetUtcNow();
        var notAfter = now + lifetime < expires.Value ? now + lifetime : expires.Value;
        if (notAfter <= now)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            var floor = Interlocked.Read(ref _floor);
            foreach (var (key, old) in _entries)
            {
                if (old.NotAfter <= now || old.Generation < floor)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[Key(token)] = new Entry(principal.Clone(), notAfter, generation, tokenId, authorizationId);
    }

    private bool InvalidatedSince(string key, long generation) =>
        _invalidatedIds.TryGetValue(key, out var invalidated) && invalidated > generation;

    private void RaiseFloor(long generation)
    {
        var current = Interlocked.Read(ref _floor);
        while (current < generation)
        {
            var seen = Interlocked.CompareExchange(ref _floor, generation, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static string TokenKey(string id) => "t:" + id;

    private static string AuthorizationKey(string id) => "a:" + id;

    /// <summary>SHA-256 of the string's own UTF-16 bytes: the key never leaves this process, so no encoding (and no copy) is needed.</summary>
    private static string Key(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan()), hash);
        return Convert.ToBase64String(hash);
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset NotAfter, long Generation, string TokenId, string AuthorizationId);
}

/// <summary>
/// The authentication scheme requests are checked with: a bearer token already validated (and still current) is
/// answered from <see cref="ValidatedTokenCache"/>; anything else goes to OpenIddict's validation, whose successful
/// results are remembered. Challenges and forbids stay with the MCP scheme (WWW-Authenticate with resource metadata).
/// </summary>
internal sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidatedTokenCache cache, TokenCheckMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MiroMcp.Bearer";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers[HeaderNames.Authorization]);
        if (token is not null && cache.TryGet(token, out var cached))
        {
            metrics.Cached();
            return AuthenticateResult.Success(new AuthenticationTicket(cached, Scheme.Name));
        }

        var generation = cache.Generation;
        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            if (!result.None)
            {
                metrics.Refused();
            }

            return result.None ? AuthenticateResult.NoResult() : result;
        }

        metrics.Validated();

        if (token is not null)
        {
            cache.Add(token, result.Principal, result.Properties?.ExpiresUtc, generation);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, result.Properties, Scheme.Name));
    }

    private static string? BearerToken(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (header.Count != 1 || header[0] is not { } value
            || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
        {
            return null;
        }

        return value[BearerPrefix.Length..].Trim();
    }
}
