using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Dynamic Client Registration (RFC 7591) at <c>POST /register</c>. Clients are public (PKCE, no secret);
/// Claude.ai registers a new client per connection, so registrations are cheap, rate-limited and expire unused.
/// </summary>
internal static class ClientRegistrationApi
{
    public const string Path = "/register";
    public const string RateLimitPolicy = "registration";
    public const string CreatedAtProperty = "miromcp_registered_at";
    public const string KindProperty = "miromcp_kind";
    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapClientRegistration(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, RegisterAsync).RequireRateLimiting(RateLimitPolicy).DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<Results<Created<RegistrationResponse>, BadRequest<OAuthError>, StatusCodeHttpResult>> RegisterAsync(
        HttpContext context, IOpenIddictApplicationManager applications, TimeProvider time, ILoggerFactory loggers)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.BadRequest(new OAuthError("invalid_client_metadata", "the body must be a JSON object (Content-Type: application/json)"));
        }

        ClientMetadata? metadata;
        try
        {
            metadata = await JsonSerializer.DeserializeAsync(context.Request.Body, OAuthJsonContext.Default.ClientMetadata, context.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.BadRequest(new OAuthError("invalid_client_metadata", "the body is not valid client metadata JSON"));
        }

        if (metadata is null)
        {
            return TypedResults.BadRequest(new OAuthError("invalid_client_metadata", "the body must be a JSON object"));
        }

        if (ClientMetadataRules.Validate(metadata) is { } problem)
        {
            return TypedResults.BadRequest(new OAuthError(problem.Error, problem.Description));
        }

        var now = time.GetUtcNow();
        var clientId = "dcr_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var descriptor = NewPublicClient(clientId, metadata.ClientName ?? "Unnamed MCP client", metadata.RedirectUris!);
        descriptor.Properties[CreatedAtProperty] = JsonSerializer.SerializeToElement(now.ToUnixTimeSeconds(), OAuthJsonContext.Default.Int64);
        descriptor.Properties[KindProperty] = JsonSerializer.SerializeToElement("dcr", OAuthJsonContext.Default.String);
        await applications.CreateAsync(descriptor, context.RequestAborted);

        var logger = loggers.CreateLogger(typeof(ClientRegistrationApi));
        var redirectUriCount = metadata.RedirectUris!.Count;
        Log.ClientRegistered(logger, clientId, redirectUriCount);

        return TypedResults.Created(
            (string?)null,
            new RegistrationResponse(
                clientId,
                now.ToUnixTimeSeconds(),
                metadata.ClientName,
                metadata.RedirectUris!,
                "none",
                ["authorization_code", "refresh_token"],
                ["code"],
                string.Join(' ', OAuthScopes.All)));
    }

    /// <summary>A public PKCE client allowed to use the code and refresh flows for our scopes.</summary>
    public static OpenIddictApplicationDescriptor NewPublicClient(string clientId, string displayName, IEnumerable<string> redirectUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = displayName,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var scope in OAuthScopes.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        return descriptor;
    }

    internal sealed record RegistrationResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("client_id")] string ClientId,
        [property: System.Text.Json.Serialization.JsonPropertyName("client_id_issued_at")] long ClientIdIssuedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("client_name")] string? ClientName,
        [property: System.Text.Json.Serialization.JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
        [property: System.Text.Json.Serialization.JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod,
        [property: System.Text.Json.Serialization.JsonPropertyName("grant_types")] IReadOnlyList<string> GrantTypes,
        [property: System.Text.Json.Serialization.JsonPropertyName("response_types")] IReadOnlyList<string> ResponseTypes,
        [property: System.Text.Json.Serialization.JsonPropertyName("scope")] string Scope);
}

/// <summary>RFC 6749 / RFC 7591 error body.</summary>
internal sealed record OAuthError(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string ErrorDescription);
