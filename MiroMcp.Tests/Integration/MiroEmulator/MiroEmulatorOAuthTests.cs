using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using MiroMcp.Tests.Fixtures.Miro;


namespace MiroMcp.Tests.Integration.MiroEmulatorTests;

/// <summary>The emulator's OAuth endpoints behave as Miro documents (DESIGN.md §4).</summary>
public sealed class MiroEmulatorOAuthTests : IAsyncLifetime, IDisposable
{
    private const string RedirectUri = "http://127.0.0.1:5999/oauth/callback";

    private MiroEmulator _miro = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var options = new MiroEmulatorOptions();
        options.RedirectUris.Add(RedirectUri);
        _miro = await MiroEmulator.StartAsync(options);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _miro.BaseUrl };
    }

    public async Task DisposeAsync() => await _miro.DisposeAsync();

    public void Dispose() => _http?.Dispose();

    [Fact]
    public async Task Authorize_RegisteredRedirectUri_RedirectsWithCodeStateClientIdAndTeamId()
    {
        using var response = await _http.GetAsync(AuthorizeUrl(state: "s-123"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.Equal("s-123", query["state"].ToString());
        Assert.Equal(_miro.ClientId, query["client_id"].ToString());
        Assert.Equal(_miro.TeamId, query["team_id"].ToString());
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectUri_ShowsErrorPage()
    {
        using var response = await _http.GetAsync(AuthorizeUrl(redirectUri: RedirectUri + "/evil"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Authorize_UnknownClient_ShowsErrorPage()
    {
        using var response = await _http.GetAsync(AuthorizeUrl(clientId: "nobody"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Authorize_RedirectUriRegisteredAtRunTime_IsAccepted()
    {
        const string Later = "http://127.0.0.1:6000/cb";
        _miro.RegisterRedirectUri(Later);

        using var response = await _http.GetAsync(AuthorizeUrl(redirectUri: Later));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Token_AuthorizationCode_ReturnsMiroTokenPair()
    {
        var code = await AuthorizeAsync();

        using var response = await PostTokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refresh_token").GetString()));
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 3500, 3600);
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal("boards:read boards:write", json.GetProperty("scope").GetString());
        Assert.Equal(_miro.UserId, json.GetProperty("user_id").GetString());
        Assert.Equal(_miro.TeamId, json.GetProperty("team_id").GetString());
        Assert.Equal(1, _miro.TokenRequestCount("authorization_code"));
        Assert.Equal(1, _miro.LiveAccessTokenCount);
    }

    [Fact]
    public async Task Token_CodeRedeemedTwice_SecondIsInvalidGrant()
    {
        var code = await AuthorizeAsync();
        using var first = await PostTokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));

        using var second = await PostTokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        var json = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.Equal("oauthError", json.GetProperty("code").GetString());
        Assert.Equal(401, json.GetProperty("status").GetInt32());
        Assert.Equal("error", json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Token_RedirectUriDiffers_IsInvalidGrant()
    {
        var code = await AuthorizeAsync();

        using var response = await PostTokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Redirect URI mismatch.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Token_WrongClientSecret_IsInvalidClient()
    {
        var code = await AuthorizeAsync();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
            ["client_id"] = _miro.ClientId, ["client_secret"] = "wrong",
        });

        using var response = await _http.PostAsync("/v1/oauth/token", form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_PkceVerifier_MustMatchChallenge()
    {
        var verifier = "verifier-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var challenge = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var wrongCode = await AuthorizeAsync(challenge);
        var rightCode = await AuthorizeAsync(challenge);

        using var wrong = await PostTokenAsync(("grant_type", "authorization_code"), ("code", wrongCode), ("redirect_uri", RedirectUri), ("code_verifier", verifier + "x"));
        using var right = await PostTokenAsync(("grant_type", "authorization_code"), ("code", rightCode), ("redirect_uri", RedirectUri), ("code_verifier", verifier));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Token_RefreshGrant_ReturnsNewPairAndKillsTheOldOne()
    {
        var old = _miro.IssueTokens();

        using var response = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", old.RefreshToken));
        using var reuse = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", old.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newAccess = json.GetProperty("access_token").GetString()!;
        Assert.NotEqual(old.AccessToken, newAccess);
        Assert.NotEqual(old.RefreshToken, json.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.False(_miro.IsAccessTokenLive(old.AccessToken));
        Assert.True(_miro.IsAccessTokenLive(newAccess));
        Assert.Equal(1, _miro.RefreshCount);
        Assert.Equal(2, _miro.TokenRequestCount("refresh_token"));
        Assert.Equal(1, _miro.LiveAccessTokenCount);
    }

    [Fact]
    public async Task Token_RevokedRefreshToken_IsInvalidGrant()
    {
        var pair = _miro.IssueTokens();
        Assert.True(_miro.RevokeRefreshToken(pair.RefreshToken));

        using var response = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", pair.RefreshToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _miro.RefreshCount);
    }

    [Fact]
    public async Task Token_FailureSwitchOn_AnswersWithThatStatus()
    {
        var pair = _miro.IssueTokens();
        _miro.TokenEndpointFailure = HttpStatusCode.ServiceUnavailable;

        using var response = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", pair.RefreshToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(_miro.IsAccessTokenLive(pair.AccessToken));
    }

    [Fact]
    public async Task TokenInfo_LiveToken_DescribesUserTeamAndScopes()
    {
        var pair = _miro.IssueTokens();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/oauth-token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pair.AccessToken);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_miro.UserId, json.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(_miro.UserName, json.GetProperty("createdBy").GetProperty("name").GetString());
        Assert.Equal(_miro.TeamId, json.GetProperty("team").GetProperty("id").GetString());
        Assert.Equal(["boards:read", "boards:write"], json.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task TokenInfo_AccessTokenExpiredByTest_IsRejectedButRefreshStillWorks()
    {
        var pair = _miro.IssueTokens();
        Assert.Equal(1, _miro.ExpireAccessTokens(_miro.UserId));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/oauth-token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pair.AccessToken);

        using var info = await _http.SendAsync(request);
        using var refresh = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", pair.RefreshToken));

        Assert.Equal(HttpStatusCode.BadRequest, info.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task Token_ShortLifetimeSetAtRunTime_IsReportedInExpiresIn()
    {
        _miro.AccessTokenLifetime = TimeSpan.FromSeconds(30);
        var pair = _miro.IssueTokens();

        using var response = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", pair.RefreshToken));

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(29, json.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Revoke_V2_KillsAccessAndRefreshToken()
    {
        var pair = _miro.IssueTokens();

        using var response = await _http.PostAsJsonAsync("/v2/oauth/revoke", new { accessToken = pair.AccessToken, clientId = _miro.ClientId, clientSecret = _miro.ClientSecret });
        using var again = await _http.PostAsJsonAsync("/v2/oauth/revoke", new { accessToken = pair.AccessToken, clientId = _miro.ClientId, clientSecret = _miro.ClientSecret });
        using var refresh = await PostTokenAsync(("grant_type", "refresh_token"), ("refresh_token", pair.RefreshToken));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.False(_miro.IsAccessTokenLive(pair.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    private string AuthorizeUrl(string? redirectUri = null, string? clientId = null, string state = "state-1", string? challenge = null)
    {
        var url = QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId ?? _miro.ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["state"] = state,
        });
        return challenge is null ? url : QueryHelpers.AddQueryString(url, new Dictionary<string, string?> { ["code_challenge"] = challenge, ["code_challenge_method"] = "S256" });
    }

    private async Task<string> AuthorizeAsync(string? challenge = null)
    {
        using var response = await _http.GetAsync(AuthorizeUrl(challenge: challenge));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query)["code"].ToString();
    }

    private Task<HttpResponseMessage> PostTokenAsync(params (string Name, string Value)[] parameters)
    {
        var values = parameters.ToDictionary(parameter => parameter.Name, parameter => parameter.Value);
        values["client_id"] = _miro.ClientId;
        values["client_secret"] = _miro.ClientSecret;
        return _http.PostAsync("/v1/oauth/token", new FormUrlEncodedContent(values));
    }
}
