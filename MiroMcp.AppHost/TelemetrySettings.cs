using Microsoft.Extensions.Configuration;

namespace MiroMcp.AppHost;

internal static class TelemetrySettings
{
    /// <summary>
    /// Keys under the AppHost's <c>Telemetry</c> section become environment variables of the service, over Aspire's
    /// own OTEL_* values (e.g. <c>Telemetry:OTEL_EXPORTER_OTLP_ENDPOINT</c> sends both services' logs, traces and
    /// metrics to another collector; the leak-audit test uses this).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTelemetrySettings(
        this IResourceBuilder<ProjectResource> service, IConfiguration configuration) =>
        service.WithSectionAsEnvironment(configuration.GetSection("Telemetry"));
}
