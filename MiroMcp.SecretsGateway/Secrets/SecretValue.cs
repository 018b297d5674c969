namespace MiroMcp.SecretsGateway.Secrets;

/// <summary>
/// One version of one secret as the gateway hands it out. Holds the value: <see cref="ToString"/> masks it, and
/// nothing logs this type whole.
/// </summary>
internal sealed record SecretValue(
    string Name,
    string Value,
    string SecretId,
    int Revision,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool ExpiresOnceAccessed)
{
    public override string ToString() => $"{nameof(SecretValue)} {{ Name = {Name}, SecretId = {SecretId}, Revision = {Revision}, Value = *** }}";
}
