using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;

namespace MiroMcp.Server.Miro;

public static class MiroClientExtensions
{
    /// <summary>
    /// Registers <see cref="MiroClient"/> (base URL MIRO_API_BASE_URL) and the per-user rate limiter. The standard
    /// resilience pipeline retries only safe methods and never a 429: the client itself waits 429s out, once.
    /// Needs an <see cref="IMiroAccessTokenSource"/> registration (the OAuth side provides it).
    /// </summary>
    public static IHostApplicationBuilder AddMiroClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOptions<ServerOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<MiroRateLimiter>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: replaces the default pipeline from ServiceDefaults.
        builder.Services.AddHttpClient<MiroClient>(static (services, http) =>
            {
                var baseUrl = services.GetRequiredService<IOptions<ServerOptions>>().Value.MiroApiBaseUrl;
                http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
            })
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(static options =>
            {
                options.Retry.DisableForUnsafeHttpMethods();
                options.Retry.ShouldHandle = static args => ValueTask.FromResult(IsTransientButNotThrottled(args.Outcome));
                options.CircuitBreaker.ShouldHandle = static args => ValueTask.FromResult(IsTransientButNotThrottled(args.Outcome));
            });
#pragma warning restore EXTEXP0001
        return builder;
    }

    private static bool IsTransientButNotThrottled(Polly.Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome);
}
