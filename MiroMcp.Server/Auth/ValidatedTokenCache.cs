using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Validation.AspNetCore;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Access tokens that OpenIddict has fully validated (signature, decryption, audience, lifetime, and the token and
/// authorization entries in the OAuth database), remembered for a short while so that the next request with the
/// same token skips the two database look-ups and the cryptography (decision 007).
/// <para>
/// Revocation still takes effect at once in this process: every write to the OAuth database (a revoked token or
/// authorization, a redeemed refresh token, a deleted registration) moves <see cref="Generation"/>, and an entry
/// is only used while its generation is current. Entries are keyed by the SHA-256 of the token (the token itself is
/// not kept), end with the token's own expiry, and live at most <see cref="OAuthSettings.ValidatedTokenCacheLifetime"/>
/// (the delay after which another instance's revocation is seen when several share one PostgreSQL database).
/// </para>
/// </summary>
internal sealed class ValidatedTokenCache(IOptionsMonitor<OAuthSettings> settings, TimeProvider time)
{
    /// <summary>Bounded: past this many entries the expired ones go, and if that is not enough, all of them.</summary>
    public const int MaxEntries = 4_096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public int Count => _entries.Count;

    /// <summary>Forgets every entry: something in the OAuth database changed.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(Key(token), out var entry)
            && entry.Generation == Generation
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
    /// validation began, so a revocation committed during the validation is never hidden by this entry.
    /// </summary>
    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset? expires, long generation)
    {
        var lifetime = settings.CurrentValue.ValidatedTokenCacheLifetime;
        if (lifetime <= TimeSpan.Zero || expires is null)
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
            foreach (var (key, old) in _entries)
            {
                if (old.NotAfter <= now || old.Generation != Generation)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[Key(token)] = new Entry(principal.Clone(), notAfter, generation);
    }

    private static string Key(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(token, bytes);
        SHA256.HashData(bytes[..written], hash);
        return Convert.ToBase64String(hash);
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset NotAfter, long Generation);
}

/// <summary>
/// The authentication scheme requests are checked with: a bearer token already validated (and still current) is
/// answered from <see cref="ValidatedTokenCache"/>; anything else goes to OpenIddict's validation, whose successful
/// results are remembered. Challenges and forbids stay with the MCP scheme (WWW-Authenticate with resource metadata).
/// </summary>
internal sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidatedTokenCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MiroMcp.Bearer";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers[HeaderNames.Authorization]);
        if (token is not null && cache.TryGet(token, out var cached))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(cached, Scheme.Name));
        }

        var generation = cache.Generation;
        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return result.None ? AuthenticateResult.NoResult() : result;
        }

        if (token is not null)
        {
            cache.Add(token, result.Principal, Expiry(result), generation);
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

    /// <summary>The token's own expiry: OpenIddict's ticket expiry, else the <c>exp</c> claim.</summary>
    private static DateTimeOffset? Expiry(AuthenticateResult result)
    {
        if (result.Properties?.ExpiresUtc is { } expires)
        {
            return expires;
        }

        return result.Principal?.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}

/// <summary>Moves <see cref="ValidatedTokenCache.Generation"/> after any write to the OAuth database.</summary>
internal sealed class OAuthWriteInterceptor(ValidatedTokenCache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        cache.Invalidate();
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        cache.Invalidate();
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        InvalidateUnlessRead(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        InvalidateUnlessRead(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => cache.Invalidate();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        cache.Invalidate();
        return Task.CompletedTask;
    }

    /// <summary>EF Core writes with readers too (INSERT … RETURNING); only a plain SELECT leaves the cache alone.</summary>
    private void InvalidateUnlessRead(DbCommand command)
    {
        if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            cache.Invalidate();
        }
    }
}
