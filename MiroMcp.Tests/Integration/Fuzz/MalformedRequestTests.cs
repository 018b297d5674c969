using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Fuzz;

/// <summary>
/// Regression tests for the 500s the fuzzer found (issue #9): each malformed request now gets a 4xx from
/// <c>MalformedRequestGuard</c> instead of an unhandled exception.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class MalformedRequestTests(AppHostFixture fixture) : IDisposable
{
    private readonly OAuthTestClient _client = new(fixture.ServerUrl);

    public static TheoryData<string, string> MalformedForms => new()
    {
        { "/token", "grant_type=refresh_token&refresh_token=a%00b" },
        { "/token", new string('k', 3_000) + "=v" },
        { "/authorize", "client_id=x&state=%00" },
        { "/register", new string('k', 3_000) + "=v" },
        { "/mcp", "a=%00" },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task Post_UndecodableForm_Answers400(string path, string body)
    {
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await _client.Http.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", await OAuthTestClient.OAuthErrorAsync(response));
    }

    [Fact]
    public async Task Post_BrokenMultipartBody_Answers400()
    {
        using var content = new StringContent("{\"jsonrpc\":\"2.0\"}");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var response = await _client.Http.PostAsync(new Uri("/mcp", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Request_InvalidPunycodeHost_Answers400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/mcp", UriKind.Relative));
        request.Headers.Host = "xn--";

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("application/json; charset=nonsense")]
    public async Task PostMcp_UnreadableContentType_Answers415(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    public static TheoryData<string, byte[]> UnreadableMessages => new()
    {
        { "2025-11-25", Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}") },
        { "2026-07-28", InvalidUtf8InString() },
    };

    private static byte[] InvalidUtf8InString() =>
        [.. Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"who_am_i\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""), 0xF6, .. Encoding.UTF8.GetBytes("\"}}}")];

    [Theory]
    [MemberData(nameof(UnreadableMessages))]
    public async Task PostMcp_MessageTheSdkCannotRead_Answers4xx(string protocolVersion, byte[] body)
    {
        var (_, tokens) = await _client.SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        request.Headers.Add("MCP-Protocol-Version", protocolVersion);

        using var response = await _client.Http.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _client.Dispose();
}
