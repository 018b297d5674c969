using Microsoft.Extensions.Options;
using MiroMcp.SecretsGateway.Caching;
using MiroMcp.SecretsGateway.Configuration;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Apis;

/// <summary>Which required secrets the store lacks (through the cache, so probes cost no upstream call).</summary>
internal sealed class RequiredSecretsChecker(SecretCache cache, IOptions<GatewayOptions> options)
{
    public const string MissingHeader = "Missing required secrets in Scaleway Secret Manager:";

    public IReadOnlyList<string> Required => options.Value.RequiredSecrets;

    public async Task<ValidationResponse> CheckAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var unavailable = new List<string>();
        foreach (var name in Required)
        {
            try
            {
                await cache.GetAsync(name, cancellationToken);
            }
            catch (SecretStoreException ex) when (ex.Failure == SecretStoreFailure.NotFound)
            {
                missing.Add(name);
            }
            catch (SecretStoreException)
            {
                unavailable.Add(name);
            }
        }

        var message = missing.Count > 0
            ? FormatMissing(missing)
            : unavailable.Count > 0 ? $"Secret store unavailable for: {string.Join(", ", unavailable)}" : null;
        return new ValidationResponse(message is null, Required, missing, unavailable, message);
    }

    /// <summary>The seed's message: the header, then one <c>  - NAME</c> line per missing secret.</summary>
    public static string FormatMissing(IEnumerable<string> missing) =>
        MissingHeader + string.Concat(missing.Select(name => "\n  - " + name));
}
