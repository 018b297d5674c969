namespace MiroMcp.Server.Auth.Storage;

// The rows of OpenIddict's four tables, as OpenIddict's own EF Core stores laid them out (decision 009): the same
// table and column names, list and dictionary columns as JSON text, so a database written before decision 009
// reads unchanged. A new entity gets a random id and concurrency token, as OpenIddict's EF Core entities did.

/// <summary>A row of <c>OpenIddictApplications</c>: a client (dynamic registration or client ID metadata document).</summary>
internal sealed class OAuthApplication
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    public string? ApplicationType { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? ClientType { get; set; }

    public string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();

    public string? ConsentType { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>JSON object: culture name → display name.</summary>
    public string? DisplayNames { get; set; }

    /// <summary>JSON Web Key Set document.</summary>
    public string? JsonWebKeySet { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? Permissions { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? PostLogoutRedirectUris { get; set; }

    /// <summary>JSON object: name → any JSON value.</summary>
    public string? Properties { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? RedirectUris { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? Requirements { get; set; }

    /// <summary>JSON object: name → string.</summary>
    public string? Settings { get; set; }
}

/// <summary>A row of <c>OpenIddictAuthorizations</c>: a user's consent to a client (one MiroMcp grant).</summary>
internal sealed class OAuthAuthorization
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    public string? ApplicationId { get; set; }

    public string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();

    /// <summary>UTC.</summary>
    public DateTime? CreationDate { get; set; }

    /// <summary>JSON object: name → any JSON value.</summary>
    public string? Properties { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? Scopes { get; set; }

    public string? Status { get; set; }

    public string? Subject { get; set; }

    public string? Type { get; set; }
}

/// <summary>A row of <c>OpenIddictScopes</c>.</summary>
internal sealed class OAuthScope
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    public string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();

    public string? Description { get; set; }

    /// <summary>JSON object: culture name → description.</summary>
    public string? Descriptions { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>JSON object: culture name → display name.</summary>
    public string? DisplayNames { get; set; }

    public string? Name { get; set; }

    /// <summary>JSON object: name → any JSON value.</summary>
    public string? Properties { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string? Resources { get; set; }
}

/// <summary>A row of <c>OpenIddictTokens</c>: an authorization code, access or refresh token entry.</summary>
internal sealed class OAuthToken
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    public string? ApplicationId { get; set; }

    public string? AuthorizationId { get; set; }

    public string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();

    /// <summary>UTC.</summary>
    public DateTime? CreationDate { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? ExpirationDate { get; set; }

    public string? Payload { get; set; }

    /// <summary>JSON object: name → any JSON value.</summary>
    public string? Properties { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? RedemptionDate { get; set; }

    public string? ReferenceId { get; set; }

    public string? Status { get; set; }

    public string? Subject { get; set; }

    public string? Type { get; set; }
}
