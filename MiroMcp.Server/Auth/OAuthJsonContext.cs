using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Source-generated contracts for the sign-in flow's own JSON (registration and error bodies, client metadata, the
/// cookies, application properties), so that it is written and read without reflection, which Native AOT lacks.
/// Default options, as the reflection serializer had: names come from <c>[JsonPropertyName]</c> or the members.
/// </summary>
[JsonSerializable(typeof(ClientMetadata))]
[JsonSerializable(typeof(ClientRegistrationApi.RegistrationResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(ConsentCookie))]
[JsonSerializable(typeof(PendingLogin))]
[JsonSerializable(typeof(CompletedLogin))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;

/// <summary>The sign-in flow's bodies on the minimal-API JSON options, which Native AOT cannot fill by reflection.</summary>
internal static class OAuthJsonExtensions
{
    /// <summary>
    /// Puts <see cref="OAuthJsonContext"/> first in the minimal-API JSON options, which write /register's typed results
    /// and <see cref="WriteOAuthErrorAsync"/>'s bodies.
    /// </summary>
    public static IServiceCollection AddOAuthJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, OAuthJsonContext.Default));

    /// <summary>
    /// Writes <paramref name="error"/> as <c>WriteAsJsonAsync</c> without a contract did: with the minimal-API JSON
    /// options (their relaxed escaping included), the contract resolved through <see cref="AddOAuthJson"/>.
    /// </summary>
    public static Task WriteOAuthErrorAsync(this HttpResponse response, OAuthError error)
    {
        var options = response.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return response.WriteAsJsonAsync(error, (JsonTypeInfo<OAuthError>)options.GetTypeInfo(typeof(OAuthError)), contentType: null, response.HttpContext.RequestAborted);
    }
}
