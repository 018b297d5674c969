using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>Miro's OAuth 2.0 endpoints: authorize (web), token, token info, revoke (v2).</summary>
public sealed partial class MiroEmulator
{
    private void MapOAuth(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth/authorize", Authorize);
        routes.MapPost("/v1/oauth/token", TokenAsync);
        routes.MapGet("/v1/oauth-token", TokenInfo);
        routes.MapPost("/v2/oauth/revoke", RevokeAsync);
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        string clientId = query["client_id"].ToString();
        string redirectUri = query["redirect_uri"].ToString();
        string state = query["state"].ToString();

        bool redirectAllowed;
        lock (_gate)
        {
            redirectAllowed = _redirectUris.Contains(redirectUri);
        }

        if (clientId != _options.ClientId)
        {
            return ErrorPage("The app was not found (unknown client_id).");
        }

        if (!redirectAllowed)
        {
            return ErrorPage("The redirect URI does not match any URI registered for the app.");
        }

        var challenge = NullIfEmpty(query["code_challenge"].ToString());
        var method = NullIfEmpty(query["code_challenge_method"].ToString()) ?? (challenge is null ? null : "plain");
        if (query["response_type"].ToString() != "code")
        {
            return RedirectWith(redirectUri, ("error", "unsupported_response_type"), ("state", state));
        }

        if (method is not null && method is not ("S256" or "plain"))
        {
            return RedirectWith(redirectUri, ("error", "invalid_request"), ("error_description", "code_challenge_method must be S256 or plain"), ("state", state));
        }

        var scope = NullIfEmpty(query["scope"].ToString()) ?? _options.Scope;
        var code = NewSecret("eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_");
        RecordSecret(code);
        RecordSecret(state);
        lock (_gate)
        {
            _codes[code] = new AuthorizationCode(code, ApprovingUserId, redirectUri, scope, challenge, method, Now + _options.AuthorizationCodeLifetime);
        }

        return RedirectWith(redirectUri, ("code", code), ("state", state), ("client_id", clientId), ("team_id", _options.TeamId));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, value) in form)
            {
                parameters[key] = value.ToString();
            }
        }

        var grantType = parameters.GetValueOrDefault("grant_type") ?? string.Empty;
        _tokenRequests.AddOrUpdate(grantType, 1, static (_, count) => count + 1);

        if (TokenEndpointFailure is { } failure)
        {
            return OAuthError((int)failure, "server_error", "The token endpoint is failing (emulated outage).");
        }

        var clientIdOk = FixedEquals(parameters.GetValueOrDefault("client_id"), _options.ClientId);
        var secretOk = FixedEquals(parameters.GetValueOrDefault("client_secret"), _options.ClientSecret);
        if (!clientIdOk || !secretOk)
        {
            return OAuthError(401, "invalid_client", "Client authentication failed: check client_id and client_secret.");
        }

        return grantType switch
        {
            "authorization_code" => RedeemCode(parameters),
            "refresh_token" => Refresh(parameters),
            _ => OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token."),
        };
    }

    private IResult RedeemCode(Dictionary<string, string> parameters)
    {
        var now = Now;
        lock (_gate)
        {
            var codeValue = parameters.GetValueOrDefault("code") ?? string.Empty;
            if (!_codes.Remove(codeValue, out var code) || code.ExpiresAt <= now)
            {
                return OAuthError(401, "invalid_grant", "Authorization code is invalid, expired or already used.");
            }

            if (parameters.GetValueOrDefault("redirect_uri") != code.RedirectUri)
            {
                return OAuthError(401, "invalid_grant", "Redirect URI mismatch.");
            }

            RecordSecret(parameters.GetValueOrDefault("code_verifier"));
            if (code.Challenge is not null && !VerifierMatches(code, parameters.GetValueOrDefault("code_verifier")))
            {
                return OAuthError(401, "invalid_grant", "code_verifier does not match the code_challenge.");
            }

            return TokenResponse(IssuePairLocked(code.UserId, code.Scope));
        }
    }

    private IResult Refresh(Dictionary<string, string> parameters)
    {
        var now = Now;
        lock (_gate)
        {
            var value = parameters.GetValueOrDefault("refresh_token") ?? string.Empty;
            if (!_refreshTokens.TryGetValue(value, out var old) || old.Revoked || old.ExpiresAt <= now)
            {
                return OAuthError(401, "invalid_grant", "Refresh token is invalid, expired or revoked.");
            }

            // Miro's rotation: the new pair replaces the old one, which stops working at once (both tokens).
            old.Revoked = true;
            if (_accessTokens.TryGetValue(old.AccessToken, out var oldAccess))
            {
                oldAccess.Revoked = true;
            }

            Interlocked.Increment(ref _refreshCount);
            return TokenResponse(IssuePairLocked(old.UserId, old.Scope));
        }
    }

    private IResult TokenInfo(HttpContext context)
    {
        Interlocked.Increment(ref _tokenInfoCount);
        var token = BearerToken(context.Request) ?? NullIfEmpty(context.Request.Query["access_token"].ToString());
        var now = Now;
        AccessToken? record;
        EmulatedUser? user;
        lock (_gate)
        {
            _accessTokens.TryGetValue(token ?? string.Empty, out record);
            user = record is null ? null : _users.GetValueOrDefault(record.UserId);
        }

        if (record is null || !record.IsLive(now) || user is null)
        {
            return MiroError(400, "invalidToken", "Invalid token provided.");
        }

        AddRateLimitHeaders(context, user.Id, 0);
        var userObject = new JsonObject { ["type"] = "user", ["name"] = user.Name, ["id"] = user.Id };
        return Results.Json(new JsonObject
        {
            ["type"] = "oauth_token",
            ["scopes"] = new JsonArray(record.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(scope => (JsonNode?)scope).ToArray()),
            ["organization"] = new JsonObject { ["type"] = "organization", ["name"] = _options.OrganizationName, ["id"] = _options.OrganizationId },
            ["team"] = new JsonObject { ["type"] = "team", ["name"] = _options.TeamName, ["id"] = _options.TeamId },
            ["createdBy"] = userObject.DeepClone(),
            ["user"] = userObject,
        });
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        RevokeBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RevokeBody>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.AccessToken is null || !FixedEquals(body.ClientId, _options.ClientId) || !FixedEquals(body.ClientSecret, _options.ClientSecret))
        {
            return MiroError(404, "revokeFailed", "Failed to revoke token: check accessToken, clientId and clientSecret.");
        }

        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(body.AccessToken, out var access) || access.Revoked)
            {
                return MiroError(404, "revokeFailed", "Failed to revoke token: the access token is unknown or already revoked.");
            }

            access.Revoked = true;
            foreach (var refresh in _refreshTokens.Values.Where(refresh => refresh.AccessToken == body.AccessToken))
            {
                refresh.Revoked = true;
            }
        }

        return Results.NoContent();
    }

    private static IResult TokenResponse(MiroTokenPair pair) => Results.Json(new JsonObject
    {
        ["user_id"] = pair.UserId,
        ["refresh_token"] = pair.RefreshToken,
        ["access_token"] = pair.AccessToken,
        ["expires_in"] = pair.ExpiresIn,
        ["team_id"] = pair.TeamId,
        ["scope"] = pair.Scope,
        ["token_type"] = "bearer",
    });

    /// <summary>
    /// Token-endpoint errors in Miro's documented shape (developers.miro.com "Troubleshoot OAuth2.0":
    /// <c>{"status":401,"code":"oauthError","message":"Redirect URI mismatch.","type":"error"}</c>; failed code
    /// exchanges answer 401), plus the RFC 6749 <c>error</c>/<c>error_description</c> members OAuth libraries read.
    /// Refresh failures use the same 401 shape: an assumption, Miro documents no example.
    /// </summary>
    private static IResult OAuthError(int status, string error, string description) => Results.Json(new JsonObject
    {
        ["status"] = status,
        ["code"] = "oauthError",
        ["message"] = description,
        ["type"] = "error",
        ["error"] = error,
        ["error_description"] = description,
    }, statusCode: status);

    private static bool VerifierMatches(AuthorizationCode code, string? verifier)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        var expected = code.ChallengeMethod == "S256"
            ? Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return FixedEquals(expected, code.Challenge);
    }

    private static bool FixedEquals(string? left, string? right) =>
        left is not null && right is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

    private static IResult RedirectWith(string redirectUri, params (string Name, string Value)[] parameters)
    {
        var url = redirectUri;
        foreach (var (name, value) in parameters.Where(parameter => !string.IsNullOrEmpty(parameter.Value)))
        {
            url = QueryHelpers.AddQueryString(url, name, value);
        }

        return Results.Redirect(url);
    }

    private static IResult ErrorPage(string message) =>
        Results.Content($"<!doctype html><title>Miro</title><h1>Something went wrong</h1><p>{WebUtility.HtmlEncode(message)}</p>", "text/html", Encoding.UTF8, 400);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? NullIfEmpty(header["Bearer ".Length..].Trim()) : null;
    }

    private sealed record RevokeBody(string? AccessToken, string? ClientId, string? ClientSecret);
}
