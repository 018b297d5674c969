using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using MiroMcp.Server.Auth;

namespace MiroMcp.Tests.Unit.Auth;

/// <summary>The sign-in cookies: __Host- and Secure on https, protected, and useless once tampered with.</summary>
public sealed class BrowserCookiesTests
{
    private static BrowserCookies Create(bool secure) =>
        new(new EphemeralDataProtectionProvider(), TimeProvider.System, secure);

    private static string SetCookieHeader(BrowserCookies cookies)
    {
        var context = new DefaultHttpContext();
        cookies.Write(context.Response, BrowserCookies.Consent, new ConsentCookie(["client-a"]), OAuthJsonContext.Default.ConsentCookie, TimeSpan.FromMinutes(5));
        return context.Response.Headers.SetCookie.ToString();
    }

    [Fact]
    public void Write_OnHttps_HostPrefixedSecureHttpOnlyCookieAtRoot()
    {
        var header = SetCookieHeader(Create(secure: true));

        Assert.StartsWith("__Host-miromcp-consent=", header, StringComparison.Ordinal);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("client-a", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RoundTripAndTampered_ValueThenNull()
    {
        var cookies = Create(secure: false);
        var header = SetCookieHeader(cookies);
        var value = header[(header.IndexOf('=', StringComparison.Ordinal) + 1)..header.IndexOf(';', StringComparison.Ordinal)];
        var flipped = (value[10] == 'A' ? 'B' : 'A') + "";

        var intact = new DefaultHttpContext();
        intact.Request.Headers.Cookie = $"miromcp-consent={value}";
        var tampered = new DefaultHttpContext();
        tampered.Request.Headers.Cookie = $"miromcp-consent={value[..10]}{flipped}{value[11..]}";

        Assert.Equal(["client-a"], cookies.Read(intact.Request, BrowserCookies.Consent, OAuthJsonContext.Default.ConsentCookie)!.ClientIds);
        Assert.Null(cookies.Read(tampered.Request, BrowserCookies.Consent, OAuthJsonContext.Default.ConsentCookie));
    }
}
