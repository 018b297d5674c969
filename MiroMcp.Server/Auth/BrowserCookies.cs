using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.DataProtection;

namespace MiroMcp.Server.Auth;

/// <summary>
/// The few cookies of the sign-in flow, each a Data Protection envelope with its own purpose and lifetime.
/// On https they are <c>__Host-</c> cookies (Secure, Path=/, no Domain); on a loopback http URL (local runs,
/// tests) the prefix is dropped because browsers and HTTP clients refuse Secure cookies over plain http.
/// </summary>
internal sealed class BrowserCookies(IDataProtectionProvider protection, TimeProvider time, bool secure)
{
    public const string Consent = "consent";
    public const string Pending = "pending";
    public const string Login = "login";

    public string Name(string cookie) => (secure ? "__Host-" : "") + "miromcp-" + cookie;

    /// <summary>Sets <paramref name="cookie"/> to <paramref name="value"/> as JSON (<paramref name="contract"/>: no reflection).</summary>
    public void Write<T>(HttpResponse response, string cookie, T value, JsonTypeInfo<T> contract, TimeSpan lifetime)
    {
        var protector = Protector(cookie);
        var payload = protector.Protect(JsonSerializer.SerializeToUtf8Bytes(value, contract), time.GetUtcNow() + lifetime);
        response.Cookies.Append(Name(cookie), Convert.ToBase64String(payload).TrimEnd('=').Replace('+', '-').Replace('/', '_'), new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }

    /// <summary>The value of <paramref name="cookie"/>, read with <paramref name="contract"/>; null when absent or not ours.</summary>
    public T? Read<T>(HttpRequest request, string cookie, JsonTypeInfo<T> contract) where T : class
    {
        if (!request.Cookies.TryGetValue(Name(cookie), out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            var padded = raw.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var bytes = Protector(cookie).Unprotect(Convert.FromBase64String(padded), out _);
            return JsonSerializer.Deserialize(bytes, contract);
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null; // Tampered, expired or from another key ring: as good as absent.
        }
    }

    public void Delete(HttpResponse response, string cookie) =>
        response.Cookies.Delete(Name(cookie), new CookieOptions { Secure = secure, Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });

    private ITimeLimitedDataProtector Protector(string cookie) =>
        protection.CreateProtector("MiroMcp.Auth.Cookie", cookie).ToTimeLimitedDataProtector();
}

/// <summary>The clients this browser has approved.</summary>
internal sealed record ConsentCookie(List<string> ClientIds);

/// <summary>A Miro sign-in in flight: our state and PKCE verifier for Miro, and the MCP client's request to resume.</summary>
internal sealed record PendingLogin(string State, string CodeVerifier, string AuthorizeQuery, string ClientId)
{
    public override string ToString() => $"{nameof(PendingLogin)} {{ ClientId = {ClientId} }}";
}

/// <summary>The outcome of a Miro sign-in, bound to the authorization request it completes.</summary>
internal sealed record CompletedLogin(string RequestBinding, string? GrantId, string? Subject, bool Denied);
