using System.Text.RegularExpressions;

namespace MiroMcp.ServiceDefaults.Telemetry;

/// <summary>
/// Removes what looks like a credential from free text that we do not write ourselves (exception messages,
/// span status descriptions): OAuth parameters in query strings and forms, bearer tokens, and long opaque runs
/// of base64url or hex (tokens, codes, keys). Identifiers made of words survive; a stack trace stays readable.
/// </summary>
public static partial class SecretScrubber
{
    public const string Replacement = "[REDACTED]";

    /// <summary>Header names whose values are credentials; never recorded on spans.</summary>
    public static IReadOnlySet<string> SensitiveHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-auth-token", "x-token",
    };

    public static bool NeedsScrubbing(string? text) =>
        !string.IsNullOrEmpty(text) && (Parameter().IsMatch(text) || Bearer().IsMatch(text) || OpaqueRun().IsMatch(text));

    public static string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var scrubbed = Parameter().Replace(text, match => match.Groups["name"].Value + match.Groups["sep"].Value + Replacement);
        scrubbed = Bearer().Replace(scrubbed, match => match.Groups["scheme"].Value + " " + Replacement);
        return OpaqueRun().Replace(scrubbed, Replacement);
    }

    /// <summary>Replaces every query value with "Redacted" (the OpenTelemetry convention): "?code=abc&amp;x" → "?code=Redacted&amp;x=Redacted".</summary>
    public static string RedactQueryValues(string text) =>
        QueryValue().Replace(text, match => match.Groups["name"].Value + "=Redacted");

    /// <summary>True for a span attribute that would carry a sensitive header (http.request.header.authorization…).</summary>
    public static bool IsSensitiveHeaderAttribute(string key)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["http.request.header.", "http.response.header."])
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && SensitiveHeaders.Contains(key[prefix.Length..].Replace('_', '-')))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<name>\b(?:code|state|code_verifier|refresh_token|access_token|id_token|token|client_secret|password|secret|key|X-Token|X-Auth-Token))(?<sep>\s*[=:]\s*""?)(?!\[REDACTED\])[^&\s"",;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();

    [GeneratedRegex(@"(?<name>(?:^|[?&;])[^=&#?;]*)=(?<value>[^&#;]*)", RegexOptions.CultureInvariant)]
    private static partial Regex QueryValue();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic))\s+(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    // 20+ characters of base64/base64url/hex containing at least one digit: tokens, codes, keys. Words and
    // PascalCase identifiers have no digits and are kept.
    [GeneratedRegex(@"(?<![A-Za-z0-9\-_+/])(?=[A-Za-z\-_+/]*[0-9])[A-Za-z0-9\-_+/]{20,}={0,2}(?![A-Za-z0-9\-_+/])", RegexOptions.CultureInvariant)]
    private static partial Regex OpaqueRun();
}
