using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MiroMcp.SecretsGateway.Apis;
using MiroMcp.SecretsGateway.Auditing;
using MiroMcp.SecretsGateway.Caching;
using MiroMcp.SecretsGateway.Configuration;
using MiroMcp.SecretsGateway.Health;
using MiroMcp.SecretsGateway.Local;
using MiroMcp.SecretsGateway.Scaleway;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway;

/// <summary>Registration of the gateway's parts; Program.cs stays a list of calls.</summary>
internal static class GatewayServiceExtensions
{
    public static IHostApplicationBuilder AddSecretsGateway(this IHostApplicationBuilder builder)
    {
        builder.AddGatewayConfiguration();

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOptions<SecretCacheOptions>().BindConfiguration(SecretCacheOptions.SectionName);

        // The cache owns retries, time-outs and backoff: the default resilience handler would multiply them.
#pragma warning disable EXTEXP0001 // Experimental API; the alternative is a client outside the factory.
        services.AddHttpClient(ScalewaySecretBackend.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddSingleton<ISecretBackend>(static provider =>
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Backend == SecretsBackend.Scaleway
                ? ActivatorUtilities.CreateInstance<ScalewaySecretBackend>(provider,
                    provider.GetRequiredService<IHttpClientFactory>().CreateClient(ScalewaySecretBackend.HttpClientName))
                : ActivatorUtilities.CreateInstance<LocalSecretBackend>(provider));
        services.AddSingleton<SecretCache>();
        services.AddSingleton<AccessAudit>();
        services.AddSingleton<CallerRegistry>();
        services.AddSingleton<RequiredSecretsChecker>();

        // Untagged: part of readiness (/health), not of liveness (/alive).
        services.AddHealthChecks().AddCheck<RequiredSecretsHealthCheck>(RequiredSecretsHealthCheck.Name);
        return builder;
    }

    public static WebApplication MapSecretsGateway(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapSecretsApi();
        return app;
    }
}
