using Microsoft.Extensions.Configuration;

namespace MiroMcp.AppHost;

internal static class TelemetrySettings
{
    /// <summary>
    /// Every key under the AppHost's <c>Telemetry</c> configuration section becomes an environment variable of the
    /// service, after Aspire's own OTEL_* values so that these win (e.g. <c>Telemetry:OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// sends both services' logs, traces and metrics to another collector; the leak-audit test uses this).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTelemetrySettings(
        this IResourceBuilder<ProjectResource> service, IConfiguration configuration)
    {
        var section = configuration.GetSection("Telemetry");
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return service;
        }

        // A callback runs in order with Aspire's OTLP callback (added by AddProject), so these values overwrite it.
        return service.WithEnvironment(context =>
        {
            foreach (var (key, value) in values)
            {
                context.EnvironmentVariables[key] = value;
            }
        });
    }
}
