using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// A scripted MCP client and browser for the attack tests: registers, authorises (consent + Miro emulator),
/// redeems codes and refreshes, one hop at a time so each step can be tampered with. Cookies are kept like a
/// browser's; redirects are never followed automatically.
/// </summary>
internal sealed partial class OAuthTestClient : IDisposable
{
    public const string ClaudeCallback = "https://claude.ai/api/mcp/auth_callback";

    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };

    public OAuthTestClient(Uri server)
    {
        Server = server;
        Http = new HttpClient(_handler) { BaseAddress = server };
    }

    public Uri Server { get; }

    public HttpClient Http { get; }

    public string Resource => new Uri(Server, "/mcp").AbsoluteUri;

    public string Issuer => Server.AbsoluteUri;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<HttpResponseMessage> RegisterRawAsync(object metadata) =>
        await Http.PostAsJsonAsync("/register", metadata);

    public async Task<string> RegisterAsync(string redirectUri = ClaudeCallback, string name = "Attack test client")
    {
        using var response = await RegisterRawAsync(new { client_name = name, redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("client_id").GetString()!;
    }

    public Dictionary<string, string?> AuthorizeParameters(string clientId, string challenge, string redirectUri = ClaudeCallback, string? resource = null, string scope = "boards:read boards:write") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = "S256",
        ["state"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
        ["scope"] = scope,
        ["resource"] = resource ?? Resource,
    };

    public Task<HttpResponseMessage> GetAuthorizeAsync(IDictionary<string, string?> parameters) =>
        Http.GetAsync(QueryHelpers.AddQueryString("/authorize", parameters));

    /// <summary>Opens the consent page and returns its form fields (hidden inputs, CSRF token included).</summary>
    public async Task<List<KeyValuePair<string, string>>> OpenConsentAsync(IDictionary<string, string?> parameters)
    {
        using var response = await GetAuthorizeAsync(parameters);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"authorize answered {(int)response.StatusCode}: {html}");
        return [.. HiddenInput().Matches(html).Select(match => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value)))];
    }

    public Task<HttpResponseMessage> PostConsentAsync(IEnumerable<KeyValuePair<string, string>> fields, string decision) =>
        Http.PostAsync("/authorize", new FormUrlEncodedContent(fields.Append(new("decision", decision))));

    /// <summary>Follows redirects (across the server and the Miro emulator) until one leaves for the client.</summary>
    public async Task<Uri> FollowToClientAsync(HttpResponseMessage response, string redirectUri = ClaudeCallback)
    {
        var current = response;
        for (var hop = 0; hop < 8; hop++)
        {
            Assert.True((int)current.StatusCode is >= 300 and < 400, $"expected a redirect, got {(int)current.StatusCode}: {await current.Content.ReadAsStringAsync()}");
            var location = new Uri(current.RequestMessage!.RequestUri!, current.Headers.Location!);
            if (location.AbsoluteUri.StartsWith(redirectUri, StringComparison.Ordinal))
            {
                return location;
            }

            current = await Http.GetAsync(location);
        }

        throw new Xunit.Sdk.XunitException("Too many redirects.");
    }

    /// <summary>The whole legitimate flow: consent approved, Miro signs in, our code comes back.</summary>
    public async Task<string> AuthorizeAsync(string clientId, string challenge, string redirectUri = ClaudeCallback, string scope = "boards:read boards:write")
    {
        var parameters = AuthorizeParameters(clientId, challenge, redirectUri, scope: scope);
        var fields = await OpenConsentAsync(parameters);
        using var approved = await PostConsentAsync(fields, "approve");
        var final = await FollowToClientAsync(approved, redirectUri);
        var query = QueryHelpers.ParseQuery(final.Query);
        Assert.False(query.ContainsKey("error"), $"authorization failed: {final.Query}");
        Assert.Equal(parameters["state"], query["state"].ToString());
        return query["code"].ToString();
    }

    public Task<HttpResponseMessage> TokenAsync(IDictionary<string, string> form) =>
        Http.PostAsync("/token", new FormUrlEncodedContent(form));

    public Task<HttpResponseMessage> RedeemAsync(string clientId, string code, string verifier, string redirectUri = ClaudeCallback, string? resource = null) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = redirectUri,
            ["resource"] = resource ?? Resource,
        });

    public Task<HttpResponseMessage> RefreshAsync(string clientId, string refreshToken) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
            ["resource"] = Resource,
        });

    /// <summary>
    /// A JSON-RPC message to /mcp as an MCP client sends it: JSON body, both Accept types, protocol version 2025-11-25,
    /// and the bearer token when given; <paramref name="tamper"/> may change anything before it is sent.
    /// </summary>
    public async Task<HttpResponseMessage> PostMcpAsync(string? bearer, string body, Action<HttpRequestMessage>? tamper = null, string path = "/mcp")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        tamper?.Invoke(request);
        return await Http.SendAsync(request);
    }

    /// <summary>The JSON-RPC body of a tools/call of <paramref name="tool"/> with <paramref name="arguments"/> (a JSON object).</summary>
    public static string ToolsCall(string tool, string arguments, int id = 1) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";

    /// <summary>Registration, authorization and redemption in one: a signed-in client's token set.</summary>
    public async Task<(string ClientId, JsonElement Tokens)> SignInAsync(string scope = "boards:read boards:write")
    {
        var clientId = await RegisterAsync();
        var (verifier, challenge) = NewPkce();
        var code = await AuthorizeAsync(clientId, challenge, scope: scope);
        using var response = await RedeemAsync(clientId, code, verifier);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token answered {(int)response.StatusCode}: {body}");
        return (clientId, body);
    }

    public static async Task<string?> OAuthErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
