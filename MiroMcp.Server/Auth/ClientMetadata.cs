using System.Net;
using System.Text.Json.Serialization;

namespace MiroMcp.Server.Auth;

/// <summary>RFC 7591 client metadata, as sent to /register and as found in a client ID metadata document.</summary>
internal sealed class ClientMetadata
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("redirect_uris")]
    public List<string>? RedirectUris { get; set; }

    [JsonPropertyName("client_name")]
    public string? ClientName { get; set; }

    [JsonPropertyName("client_uri")]
    public string? ClientUri { get; set; }

    [JsonPropertyName("token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; set; }

    [JsonPropertyName("grant_types")]
    public List<string>? GrantTypes { get; set; }

    [JsonPropertyName("response_types")]
    public List<string>? ResponseTypes { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }
}

/// <summary>Checks shared by dynamic registration and client ID metadata documents.</summary>
internal static class ClientMetadataRules
{
    public const int MaxRedirectUris = 10;
    public const int MaxClientNameLength = 200;

    /// <summary>Null when acceptable; else the RFC 7591 error code and a description naming the problem.</summary>
    public static (string Error, string Description)? Validate(ClientMetadata metadata)
    {
        if (metadata.RedirectUris is not { Count: > 0 } uris)
        {
            return ("invalid_redirect_uri", "redirect_uris must list at least one URI");
        }

        if (uris.Count > MaxRedirectUris)
        {
            return ("invalid_redirect_uri", $"at most {MaxRedirectUris} redirect_uris are accepted");
        }

        foreach (var uri in uris)
        {
            if (RedirectUriProblem(uri) is { } problem)
            {
                return ("invalid_redirect_uri", problem);
            }
        }

        if (metadata.TokenEndpointAuthMethod is { } method && method != "none")
        {
            return ("invalid_client_metadata", "token_endpoint_auth_method must be 'none': clients are public and use PKCE");
        }

        if (metadata.GrantTypes is { } grants && grants.Any(grant => grant is not ("authorization_code" or "refresh_token")))
        {
            return ("invalid_client_metadata", "grant_types may contain only authorization_code and refresh_token");
        }

        if (metadata.ResponseTypes is { } responses && responses.Any(response => response != "code"))
        {
            return ("invalid_client_metadata", "response_types may contain only code");
        }

        if (metadata.ClientName is { Length: > MaxClientNameLength })
        {
            return ("invalid_client_metadata", $"client_name is longer than {MaxClientNameLength} characters");
        }

        if (metadata.Scope is { } scope && scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Any(item => !OAuthScopes.All.Contains(item, StringComparer.Ordinal) && item != "offline_access"))
        {
            return ("invalid_client_metadata", $"scope may contain only {string.Join(", ", OAuthScopes.All)} and offline_access");
        }

        return null;
    }

    /// <summary>https anywhere, or http on a loopback address (native clients); absolute, no fragment, no userinfo.</summary>
    public static string? RedirectUriProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "every redirect URI must be an absolute URI";
        }

        if (!string.IsNullOrEmpty(uri.Fragment) || value.Contains('#', StringComparison.Ordinal))
        {
            return "a redirect URI must not contain a fragment";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "a redirect URI must not contain user information";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(uri))
        {
            return null;
        }

        return "redirect URIs must use https (plain http only on a loopback address)";
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
