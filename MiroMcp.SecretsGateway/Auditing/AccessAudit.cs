using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MiroMcp.SecretsGateway.Auditing;

/// <summary>What happened to one read request for one secret name.</summary>
internal enum AccessOutcome
{
    Granted,
    Unauthenticated,
    Forbidden,
    NotFound,
    Unavailable,
    Error,
}

/// <summary>
/// The gateway's own access audit (Scaleway's Audit Trail does not record reads): one structured log event
/// (EventId 2100 <c>SecretAccess</c>) and one increment of <c>miromcp.secrets_gateway.reads</c> per secret per
/// request. Caller, name, secret id, revision, outcome and cache result; never the value.
/// </summary>
internal sealed class AccessAudit
{
    public const string MeterName = "MiroMcp.SecretsGateway";
    public const string ReadsInstrument = "miromcp.secrets_gateway.reads";

    private readonly ILogger<AccessAudit> _logger;
    private readonly Counter<long> _reads;

    public AccessAudit(ILogger<AccessAudit> logger, IMeterFactory meterFactory)
    {
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        _reads = meter.CreateCounter<long>(ReadsInstrument, "{read}", "Secret reads through the gateway, by caller, secret, outcome and cache result.");
    }

    public void Record(string caller, string secretName, string? secretId, int? revision, AccessOutcome outcome, string cache)
    {
        Log.SecretAccess(_logger, caller, secretName, secretId ?? "-", revision ?? 0, outcome, cache);
        var tags = new TagList
        {
            { "caller", caller },
            { "secret", secretName },
            { "outcome", OutcomeTag(outcome) },
            { "cache", cache },
        };
        _reads.Add(1, tags);
    }

    public static string OutcomeTag(AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.Granted => "granted",
        AccessOutcome.Unauthenticated => "unauthenticated",
        AccessOutcome.Forbidden => "forbidden",
        AccessOutcome.NotFound => "not_found",
        AccessOutcome.Unavailable => "unavailable",
        _ => "error",
    };
}
