using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Deletes dynamic registrations that were never used (no authorization) after
/// <see cref="OAuthSettings.UnusedRegistrationLifetime"/>: Claude.ai registers a client per connection attempt.
/// </summary>
internal sealed class RegistrationCleanup(
    IServiceScopeFactory scopes, IOptionsMonitor<OAuthSettings> settings, TimeProvider time, ILogger<RegistrationCleanup> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>
    /// The first sweep waits this long after start: a cold start is answering its first request then (decision 008),
    /// and a sweep reads every registration.
    /// </summary>
    internal static readonly TimeSpan FirstSweepDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstSweepDelay, time, stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0)
                {
                    Log.RegistrationsExpired(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a failing sweep must not stop the server.
                Log.RegistrationCleanupFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var cutoff = (time.GetUtcNow() - settings.CurrentValue.UnusedRegistrationLifetime).ToUnixTimeSeconds();
        var stale = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var properties = await applications.GetPropertiesAsync(application, cancellationToken);
            if (properties.TryGetValue(ClientRegistrationApi.KindProperty, out var kind) && kind.ValueKind == JsonValueKind.String
                && kind.GetString() == "dcr"
                && properties.TryGetValue(ClientRegistrationApi.CreatedAtProperty, out var created)
                && created.ValueKind == JsonValueKind.Number && created.GetInt64() < cutoff)
            {
                var id = await applications.GetIdAsync(application, cancellationToken);
                var used = false;
                await foreach (var _ in authorizations.FindByApplicationIdAsync(id!, cancellationToken))
                {
                    used = true;
                    break;
                }

                if (!used)
                {
                    stale.Add(application);
                }
            }
        }

        foreach (var application in stale)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }

        return stale.Count;
    }
}
