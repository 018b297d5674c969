using MiroMcp.ServiceDefaults.Telemetry;

namespace MiroMcp.Tests.Unit.Telemetry;

public sealed class SecretScrubberTests
{
    [Theory]
    [InlineData("?code=abc123&state=xyz", "?code=Redacted&state=Redacted")]
    [InlineData("?access_token=eyJ.abc", "?access_token=Redacted")]
    [InlineData("?flag", "?flag")]
    [InlineData("", "")]
    public void RedactQueryValues_QueryString_EveryValueRedacted(string query, string expected) =>
        Assert.Equal(expected, SecretScrubber.RedactQueryValues(query));

    [Theory]
    [InlineData("GET /oauth/callback?code=Zx9_aB-12345 failed")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload")]
    [InlineData("key 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 rejected")]
    [InlineData("refresh_token=rt_1")]
    public void Scrub_CredentialLikeText_Removed(string text)
    {
        var scrubbed = SecretScrubber.Scrub(text)!;

        Assert.Contains(SecretScrubber.Replacement, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("Zx9_aB-12345", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("0f1e2d3c4b5a6978", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("rt_1", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_StackTraceWords_Kept()
    {
        const string text = "at MiroMcp.Server.Auth.AuthorizeEndpoints.CompleteMiroLoginAsync(HttpContext context)";

        Assert.False(SecretScrubber.NeedsScrubbing(text));
        Assert.Equal(text, SecretScrubber.Scrub(text));
    }

    [Theory]
    [InlineData("http.request.header.authorization", true)]
    [InlineData("http.request.header.x-auth-token", true)]
    [InlineData("http.request.header.x_token", true)]
    [InlineData("http.response.header.set-cookie", true)]
    [InlineData("http.request.header.accept", false)]
    [InlineData("url.path", false)]
    public void IsSensitiveHeaderAttribute_HeaderAttribute_Classified(string key, bool sensitive) =>
        Assert.Equal(sensitive, SecretScrubber.IsSensitiveHeaderAttribute(key));
}
