using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>The AppHost's graph, evaluated without starting anything: who gets which secret.</summary>
public sealed class AppHostModelTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static async Task<(Dictionary<string, string> Gateway, Dictionary<string, string> Server)> EnvironmentAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(Limit);
        string[] common =
        [
            "Parameters:miro-client-id=3458764500000000000",
            $"Parameters:miro-client-secret={TestSecrets.NewToken("secret")}",
            $"Parameters:miro-encryption-key={TestSecrets.NewHexKey()}",
            $"Parameters:secrets-gateway-token={TestSecrets.NewToken("gateway")}",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MiroMcp_AppHost>(
            [.. common, .. args], (options, _) => options.DisableDashboard = true, cts.Token);
        var gateway = (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == AppHostFixture.GatewayResource);
        var server = (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == AppHostFixture.ServerResource);
#pragma warning disable CS0618 // Obsolete in 13.x in favour of ExecutionConfigurationBuilder; still evaluates the callbacks.
        return (
            new Dictionary<string, string>(await gateway.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish)),
            new Dictionary<string, string>(await server.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish)));
#pragma warning restore CS0618
    }

    [Fact]
    public async Task AppHost_Default_SecretsGoToTheLocalGatewayOnly()
    {
        var (gateway, server) = await EnvironmentAsync();

        Assert.Equal("local", gateway["SECRETS_BACKEND"]);
        Assert.Contains("MIRO_CLIENT_SECRET", gateway.Keys);
        Assert.Contains("MIRO_ENCRYPTION_KEY", gateway.Keys);
        Assert.DoesNotContain("MIRO_CLIENT_SECRET", server.Keys);
        Assert.DoesNotContain("MIRO_ENCRYPTION_KEY", server.Keys);
        Assert.Contains("SECRETS_GATEWAY_TOKEN", server.Keys);
    }

    [Fact]
    public async Task AppHost_ScalewaySettings_PointTheGatewayAtTheGivenApiUrl()
    {
        var (gateway, server) = await EnvironmentAsync(
            "Parameters:scaleway-secret-key=scw-key",
            "Gateway:ScalewayApiUrl=http://127.0.0.1:9/",
            "Gateway:ScalewayProjectId=11111111-2222-3333-4444-555555555555",
            "Gateway:ScalewayRegion=nl-ams");

        Assert.Equal("scaleway", gateway["SECRETS_BACKEND"]);
        Assert.Equal("http://127.0.0.1:9/", gateway["SCALEWAY_API_URL"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", gateway["SCALEWAY_PROJECT_ID"]);
        Assert.Equal("nl-ams", gateway["SCALEWAY_REGION"]);
        Assert.Contains("SCALEWAY_SECRET_KEY", gateway.Keys);
        Assert.DoesNotContain("MIRO_CLIENT_SECRET", gateway.Keys);
        Assert.DoesNotContain("SCALEWAY_SECRET_KEY", server.Keys);
    }
}
