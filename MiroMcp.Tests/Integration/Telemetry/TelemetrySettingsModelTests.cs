using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>The AppHost's <c>Telemetry:*</c> section reaches both services and wins over Aspire's own OTEL_* values.</summary>
public sealed class TelemetrySettingsModelTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AppHost_TelemetrySection_OverridesAspireOtlpSettingsOnBothServices()
    {
        using var cts = new CancellationTokenSource(Limit);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MiroMcp_AppHost>(
            [
                "Parameters:miro-client-id=3458764500000000000",
                $"Parameters:miro-client-secret={TestSecrets.NewToken("secret")}",
                $"Parameters:miro-encryption-key={TestSecrets.NewHexKey()}",
                $"Parameters:secrets-gateway-token={TestSecrets.NewToken("gateway")}",
                "Telemetry:OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9/collector",
                "Telemetry:OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            ],
            cts.Token);

        foreach (var name in new[] { AppHostFixture.GatewayResource, AppHostFixture.ServerResource })
        {
            var resource = (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == name);
#pragma warning disable CS0618 // Obsolete in 13.x in favour of ExecutionConfigurationBuilder; still evaluates the callbacks.
            var environment = await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618

            Assert.Equal("http://127.0.0.1:9/collector", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        }
    }
}
