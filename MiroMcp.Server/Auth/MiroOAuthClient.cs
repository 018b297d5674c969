using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tokens;

namespace MiroMcp.Server.Auth;

/// <summary>
/// The server as an OAuth client of Miro (one confidential app): code exchange, refresh and token info. Reads the
/// client secret on every call, so a secret rotated through the gateway is used for the next call. No retries:
/// a repeated refresh could spend a refresh token Miro has already rotated.
/// </summary>
internal sealed partial class MiroOAuthClient(HttpClient http, IOptionsMonitor<ServerOptions> options, TimeProvider time)
{
    public const string HttpClientName = "miro-oauth";

    public async Task<MiroTokenPair> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        return await RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = settings.MiroClientId!,
                ["client_secret"] = settings.MiroClientSecret!,
                ["code"] = code,
                ["redirect_uri"] = settings.MiroRedirectUri!,
                ["code_verifier"] = codeVerifier,
            },
            cancellationToken);
    }

    public async Task<MiroTokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        return await RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = settings.MiroClientId!,
                ["client_secret"] = settings.MiroClientSecret!,
                ["refresh_token"] = refreshToken,
            },
            cancellationToken);
    }

    /// <summary>Who the token belongs to: <c>GET /v1/oauth-token</c>.</summary>
    public async Task<MiroIdentity> GetIdentityAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, "v1/oauth-token"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new MiroAuthorizationException($"Miro did not accept the new token (token info answered {(int)response.StatusCode}).");
        }

        var info = await response.Content.ReadFromJsonAsync(MiroJsonContext.Default.TokenInfo, cancellationToken)
            ?? throw new MiroAuthorizationException("Miro's token info was empty.");
        var userId = info.User?.Id ?? info.CreatedBy?.Id;
        if (string.IsNullOrEmpty(userId))
        {
            throw new MiroAuthorizationException("Miro's token info named no user.");
        }

        return new MiroIdentity(userId, info.User?.Name ?? info.CreatedBy?.Name, info.Team?.Id ?? "", info.Team?.Name);
    }

    private Uri BaseUri => new(options.CurrentValue.MiroApiBaseUrl.TrimEnd('/') + "/");

    private async Task<MiroTokenPair> RequestTokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri(BaseUri, "v1/oauth/token"), content, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // Miro refused the code or the refresh token: only a new sign-in helps. Its body is not echoed: it may
            // repeat what we sent.
            throw new MiroAuthorizationException($"Miro refused the token request ({(int)response.StatusCode}); the user must sign in again.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Miro's token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var token = await response.Content.ReadFromJsonAsync(MiroJsonContext.Default.TokenResponse, cancellationToken);
        if (token is null || string.IsNullOrEmpty(token.AccessToken) || string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new MiroAuthorizationException("Miro's token response had no token pair (are expiring tokens enabled for the Miro app?).");
        }

        var now = time.GetUtcNow();
        return new MiroTokenPair(
            token.AccessToken,
            token.RefreshToken,
            now.AddSeconds(token.ExpiresIn > 0 ? token.ExpiresIn : 3600),
            token.RefreshTokenExpiresIn > 0 ? now.AddSeconds(token.RefreshTokenExpiresIn) : null,
            token.Scope ?? "");
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn,
        [property: JsonPropertyName("refresh_token_expires_in")] long RefreshTokenExpiresIn,
        [property: JsonPropertyName("scope")] string? Scope)
    {
        public override string ToString() => nameof(TokenResponse);
    }

    private sealed record Named(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("name")] string? Name);

    private sealed record TokenInfo(
        [property: JsonPropertyName("user")] Named? User,
        [property: JsonPropertyName("createdBy")] Named? CreatedBy,
        [property: JsonPropertyName("team")] Named? Team);

    /// <summary>
    /// Miro's token bodies, read without reflection (Native AOT) and with the web defaults <c>ReadFromJsonAsync</c>
    /// applies: names matched case-insensitively, numbers also accepted as strings.
    /// </summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(TokenResponse))]
    [JsonSerializable(typeof(TokenInfo))]
    private sealed partial class MiroJsonContext : JsonSerializerContext;
}

/// <summary>The Miro account behind a token.</summary>
internal sealed record MiroIdentity(string UserId, string? UserName, string TeamId, string? TeamName);
