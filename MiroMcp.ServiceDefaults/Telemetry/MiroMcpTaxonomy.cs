using Microsoft.Extensions.Compliance.Classification;

namespace MiroMcp.ServiceDefaults.Telemetry;

/// <summary>
/// The data classes of MiroMcp's telemetry. A <c>[LoggerMessage]</c> parameter marked <see cref="SecretAttribute"/>
/// is erased; one marked <see cref="PersonalDataAttribute"/> (Miro user ids, emails) is replaced by an HMAC
/// pseudonym, so an operator can follow one user across log lines without learning who the user is.
/// </summary>
public static class MiroMcpTaxonomy
{
    public const string Name = "MiroMcp";

    /// <summary>Keys, tokens, codes, verifiers, client secrets: never exported in any form.</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(Secret));

    /// <summary>Data about a person (Miro user id, email): exported only as a keyed pseudonym.</summary>
    public static DataClassification PersonalData { get; } = new(Name, nameof(PersonalData));
}

/// <summary>The value is a secret: the redactor erases it.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, AllowMultiple = false)]
public sealed class SecretAttribute : DataClassificationAttribute
{
    public SecretAttribute()
        : base(MiroMcpTaxonomy.Secret)
    {
    }
}

/// <summary>The value identifies a person: the redactor replaces it with an HMAC pseudonym.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, AllowMultiple = false)]
public sealed class PersonalDataAttribute : DataClassificationAttribute
{
    public PersonalDataAttribute()
        : base(MiroMcpTaxonomy.PersonalData)
    {
    }
}
