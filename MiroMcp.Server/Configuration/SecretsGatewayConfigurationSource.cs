namespace MiroMcp.Server.Configuration;

/// <summary>Adds the secrets from the gateway to configuration (see <see cref="SecretsGatewayConfigurationProvider"/>).</summary>
internal sealed class SecretsGatewayConfigurationSource(SecretsGatewaySettings settings) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretsGatewayConfigurationProvider(settings);
}
