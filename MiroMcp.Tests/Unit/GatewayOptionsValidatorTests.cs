using Microsoft.Extensions.Configuration;
using MiroMcp.SecretsGateway.Configuration;

namespace MiroMcp.Tests.Unit;

public sealed class GatewayOptionsValidatorTests
{
    private static GatewayOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new GatewayOptions();
        GatewayConfigurationExtensions.Bind(options, configuration);
        return options;
    }

    [Fact]
    public void Bind_NoBackendNoScalewayKey_DefaultsToLocal()
    {
        var options = Bind(new() { ["SECRETS_GATEWAY_TOKEN"] = "t" });

        Assert.Equal(SecretsBackend.Local, options.Backend);
        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ScalewayBackendWithoutCredentials_NamesEachMissingVariable()
    {
        var result = new GatewayOptionsValidator().Validate(null, Bind(new() { ["SECRETS_BACKEND"] = "scaleway" }));

        Assert.Equal(
            [
                "Environment variable SECRETS_GATEWAY_TOKEN not found",
                "Environment variable SCALEWAY_SECRET_KEY not found",
                "Environment variable SCALEWAY_PROJECT_ID not found",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_UnknownBackendAndRegion_Fails()
    {
        var result = new GatewayOptionsValidator().Validate(null, Bind(new()
        {
            ["SECRETS_BACKEND"] = "vault",
            ["SECRETS_GATEWAY_TOKEN"] = "t",
        }));

        Assert.Equal(["SECRETS_BACKEND must be 'scaleway' or 'local'"], result.Failures);
    }

    [Fact]
    public void Validate_ScalewayOnUnknownRegionOrPlainHttp_Fails()
    {
        var result = new GatewayOptionsValidator().Validate(null, Bind(new()
        {
            ["SECRETS_BACKEND"] = "scaleway",
            ["SECRETS_GATEWAY_TOKEN"] = "t",
            ["SCALEWAY_SECRET_KEY"] = "k",
            ["SCALEWAY_PROJECT_ID"] = "p",
            ["SCALEWAY_REGION"] = "us-east-1",
            ["SCALEWAY_API_URL"] = "http://api.example.com",
        }));

        Assert.Equal(
            [
                "SCALEWAY_REGION must be one of fr-par, nl-ams, pl-waw",
                "SCALEWAY_API_URL must be an absolute https URL (http only on a loopback address)",
            ],
            result.Failures);
    }
}
