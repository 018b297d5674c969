namespace MiroMcp.SecretsGateway.Apis;

/// <summary>One secret as the caller API returns it. Holds the value: masked in <see cref="ToString"/>.</summary>
internal sealed record SecretResponse(
    string Name,
    string Value,
    int Revision,
    string SecretId,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public override string ToString() => $"{nameof(SecretResponse)} {{ Name = {Name}, Revision = {Revision}, Value = *** }}";
}

/// <summary>Answer to a read of several names: the ones found, and the names that have no enabled version.</summary>
internal sealed record SecretsResponse(IReadOnlyList<SecretResponse> Secrets, IReadOnlyList<string> Missing);

/// <summary>Answer of <c>GET /v1/validation</c>: names only, never values.</summary>
internal sealed record ValidationResponse(bool Valid, IReadOnlyList<string> Required, IReadOnlyList<string> Missing, IReadOnlyList<string> Unavailable, string? Message);
