using System.Text.Json.Serialization;

namespace MiroMcp.Server.Tokens;

/// <summary>The plaintext inside a grant envelope: the grant as compact JSON (source-generated, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Grant))]
internal sealed partial class GrantJsonContext : JsonSerializerContext;
