using Microsoft.Extensions.Diagnostics.HealthChecks;
using MiroMcp.SecretsGateway.Apis;

namespace MiroMcp.SecretsGateway.Health;

/// <summary>
/// Readiness (/health, not /alive): unhealthy while a required secret is missing or unreadable. The description
/// carries the seed's message; the log line is written when the set of problems changes, not on every probe.
/// </summary>
internal sealed class RequiredSecretsHealthCheck(RequiredSecretsChecker checker, ILogger<RequiredSecretsHealthCheck> logger) : IHealthCheck
{
    public const string Name = "required-secrets";

    private string? _lastMessage;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await checker.CheckAsync(cancellationToken);
        var previous = Interlocked.Exchange(ref _lastMessage, result.Message);
        if (result.Message is { } message && !string.Equals(previous, message, StringComparison.Ordinal))
        {
            Log.RequiredSecretsProblem(logger, message);
        }

        return result.Valid ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(result.Message);
    }
}
