using System.Text.Json.Serialization;

namespace MiroMcp.SecretsGateway.Scaleway;

// Wire shapes of Scaleway Secret Manager v1beta1 (scaleway.secret_manager.v1beta1.Api.yml): only the fields the
// gateway reads. Unknown fields are ignored, missing required ones are reported as an invalid response.

/// <summary><c>AccessSecretVersionResponse</c>. Holds the value: masked in <see cref="ToString"/>.</summary>
internal sealed class ScalewayAccessResponse
{
    [JsonPropertyName("secret_id")]
    public string? SecretId { get; set; }

    [JsonPropertyName("revision")]
    public int? Revision { get; set; }

    /// <summary>Base64 payload.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; set; }

    [JsonPropertyName("data_crc32")]
    public uint? DataCrc32 { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    public override string ToString() => $"{nameof(ScalewayAccessResponse)} {{ SecretId = {SecretId}, Revision = {Revision}, Data = *** }}";
}

/// <summary><c>SecretVersion</c> (metadata only, no payload).</summary>
internal sealed class ScalewaySecretVersion
{
    [JsonPropertyName("revision")]
    public int? Revision { get; set; }

    [JsonPropertyName("secret_id")]
    public string? SecretId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("latest")]
    public bool Latest { get; set; }

    [JsonPropertyName("ephemeral_properties")]
    public ScalewayEphemeralProperties? EphemeralProperties { get; set; }
}

internal sealed class ScalewayEphemeralProperties
{
    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; set; }

    [JsonPropertyName("expires_once_accessed")]
    public bool? ExpiresOnceAccessed { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }
}

/// <summary>The documented error body, e.g. <c>{"message":"resource is not found","resource":"secret",
/// "resource_id":"…","type":"not_found"}</c>.</summary>
internal sealed class ScalewayError
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("resource")]
    public string? Resource { get; set; }
}

[JsonSerializable(typeof(ScalewayAccessResponse))]
[JsonSerializable(typeof(ScalewaySecretVersion))]
[JsonSerializable(typeof(ScalewayError))]
internal sealed partial class ScalewayJsonContext : JsonSerializerContext;
