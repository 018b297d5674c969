using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using MiroMcp.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every MiroMcp service shares: OpenTelemetry, health endpoints, service discovery and the standard
/// resilience handler on every HttpClient. Shape of the Aspire service-defaults template.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: every registered health check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged "live" (the process answers).</summary>
    public const string AlivePath = "/alive";

    private const string LiveTag = "live";

    /// <summary>The ActivitySource and Meter name of the ModelContextProtocol SDK.</summary>
    private const string McpSdkSource = "Experimental.ModelContextProtocol";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // "Request starting GET /oauth/callback?code=…&state=…": the hosting log line carries query strings that
        // can hold OAuth codes and state. Our own request logging says what matters without them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        builder.AddRedaction();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddProcessor(new LogScrubbingProcessor());
        });

        var version = typeof(ServiceDefaultsExtensions).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME (Aspire sets it to the resource name) wins; without it, the application name.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName, serviceVersion: version);
                }

                resource.AddAttributes(
                [
                    new("service.version", version),
                    new("deployment.environment", builder.Environment.EnvironmentName.ToLowerInvariant()),
                ]);
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MiroMcp.*")
                .AddMeter(McpSdkSource))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MiroMcp.*")
                // MCP SDK spans: mcp.method.name, gen_ai.tool.name (slow tool calls in TraceQL).
                .AddSource(McpSdkSource)
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes are polled every few seconds: they would drown real traffic.
                    options.Filter = context => !IsHealthPath(context.Request.Path);
                    // Exception messages are library text that can quote URLs with codes: never on spans.
                    options.RecordException = false;
                })
                .AddHttpClientInstrumentation(options => options.RecordException = false)
                .AddProcessor(new SpanScrubbingProcessor()));

        if (HasOtlpEndpoint(builder.Configuration))
        {
            // UseOtlpExporter reads OTEL_EXPORTER_OTLP_ENDPOINT, the per-signal
            // OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_ENDPOINT, _HEADERS and _PROTOCOL.
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Classified log parameters: <see cref="SecretAttribute"/> values are erased, <see cref="PersonalDataAttribute"/>
    /// values become an HMAC-SHA256 pseudonym. The HMAC key is <c>TELEMETRY_HMAC_KEY</c> (base64, at least 32 bytes)
    /// when set, so pseudonyms stay the same across restarts and replicas; otherwise a random key per process.
    /// </summary>
    public static TBuilder AddRedaction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.EnableRedaction();
        var configuredKey = builder.Configuration["TELEMETRY_HMAC_KEY"];
        var key = string.IsNullOrWhiteSpace(configuredKey)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            : configuredKey.Trim();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(MiroMcpTaxonomy.Secret));
#pragma warning disable EXTEXP0002 // The HMAC redactor is marked experimental; its output format is all we rely on.
            redaction.SetHmacRedactor(
                options =>
                {
                    options.Key = key;
                    options.KeyId = string.IsNullOrWhiteSpace(configuredKey) ? 0 : 1;
                },
                new DataClassificationSet(MiroMcpTaxonomy.PersonalData));
#pragma warning restore EXTEXP0002
        });
        return builder;
    }

    /// <summary>True when any standard OTLP endpoint variable is set (Cockpit sets one per signal).</summary>
    public static bool HasOtlpEndpoint(IConfiguration configuration)
    {
        string[] keys =
        [
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        ];
        return keys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health (readiness) and /alive (liveness) in every environment: Scaleway's startup and liveness
    /// probes call them in production. Neither reveals more than a status word.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }

    private static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);
}
