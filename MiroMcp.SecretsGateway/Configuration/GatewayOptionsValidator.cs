using Microsoft.Extensions.Options;
using static MiroMcp.SecretsGateway.Configuration.GatewayConfigurationExtensions;

namespace MiroMcp.SecretsGateway.Configuration;

/// <summary>Collects every problem at once; messages carry names and rules, never values.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();

        if (options.UnknownBackend is not null)
        {
            failures.Add($"{SecretsBackendName} must be 'scaleway' or 'local'");
        }

        if (string.IsNullOrWhiteSpace(options.ServerCallerToken))
        {
            failures.Add($"Environment variable {SecretsGatewayTokenName} not found");
        }

        if (options.Backend == SecretsBackend.Scaleway && options.UnknownBackend is null)
        {
            if (string.IsNullOrWhiteSpace(options.ScalewaySecretKey))
            {
                failures.Add($"Environment variable {ScalewaySecretKeyName} not found");
            }

            if (string.IsNullOrWhiteSpace(options.ScalewayProjectId))
            {
                failures.Add($"Environment variable {ScalewayProjectIdName} not found");
            }

            if (!GatewayOptions.KnownRegions.Contains(options.ScalewayRegion, StringComparer.Ordinal))
            {
                failures.Add($"{ScalewayRegionName} must be one of {string.Join(", ", GatewayOptions.KnownRegions)}");
            }

            if (!Uri.TryCreate(options.ScalewayApiUrl, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                failures.Add($"{ScalewayApiUrlName} must be an absolute https URL (http only on a loopback address)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
