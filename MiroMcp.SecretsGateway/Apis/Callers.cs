using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MiroMcp.SecretsGateway.Configuration;

namespace MiroMcp.SecretsGateway.Apis;

/// <summary>One caller as configured: section <c>Callers:&lt;name&gt;</c> with <c>Token</c> and <c>Secrets</c>.</summary>
internal sealed class CallerSettings
{
    /// <summary>Secret: the caller's service token.</summary>
    public string? Token { get; set; }

    /// <summary>The secret names this caller may read.</summary>
    public List<string> Secrets { get; set; } = [];

    public override string ToString() => $"{nameof(CallerSettings)} {{ Secrets = {string.Join(",", Secrets)}, Token = *** }}";
}

/// <summary>An authenticated caller and its allow-list.</summary>
internal sealed record Caller(string Name, IReadOnlySet<string> AllowedSecrets)
{
    public bool MayRead(string secretName) => AllowedSecrets.Contains(secretName);
}

/// <summary>
/// Authenticates service tokens. Each token is kept as its SHA-256 and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> against every caller, so neither the match nor the
/// length of a token shows in the timing.
/// </summary>
internal sealed class CallerRegistry
{
    public const string McpServerCaller = "mcp-server";
    public const string SectionName = "Callers";

    /// <summary>The MCP server's allow-list (the token is SECRETS_GATEWAY_TOKEN).</summary>
    public static readonly string[] McpServerSecrets = ["MIRO_CLIENT_SECRET", "MIRO_ENCRYPTION_KEY", "MIRO_ENCRYPTION_KEY_PREVIOUS"];

    private readonly (byte[] TokenHash, Caller Caller)[] _callers;

    public CallerRegistry(IOptions<GatewayOptions> options, IConfiguration configuration)
        : this(Build(options.Value, configuration))
    {
    }

    internal CallerRegistry(IEnumerable<(string Token, Caller Caller)> callers) =>
        _callers = callers.Where(c => !string.IsNullOrEmpty(c.Token)).Select(c => (Hash(c.Token), c.Caller)).ToArray();

    public IEnumerable<string> CallerNames => _callers.Select(c => c.Caller.Name);

    /// <summary>The caller whose token this is, or null.</summary>
    public Caller? Authenticate(string? presentedToken)
    {
        if (string.IsNullOrEmpty(presentedToken))
        {
            return null;
        }

        var presented = Hash(presentedToken);
        Caller? match = null;
        foreach (var (tokenHash, caller) in _callers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, tokenHash))
            {
                match ??= caller;
            }
        }

        return match;
    }

    private static IEnumerable<(string Token, Caller Caller)> Build(GatewayOptions options, IConfiguration configuration)
    {
        if (options.ServerCallerToken is { } serverToken)
        {
            yield return (serverToken, new Caller(McpServerCaller, new HashSet<string>(McpServerSecrets, StringComparer.Ordinal)));
        }

        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var settings = section.Get<CallerSettings>() ?? new CallerSettings();
            if (!string.IsNullOrWhiteSpace(settings.Token))
            {
                yield return (settings.Token.Trim(), new Caller(section.Key, new HashSet<string>(settings.Secrets, StringComparer.Ordinal)));
            }
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
