using System.Globalization;
using System.Net;
using System.Text;

namespace MiroMcp.Tests.Fixtures.Telemetry;

/// <summary>A value that must never leave a service: a label for the report and the value itself.</summary>
public sealed record KnownSecret(string Label, string Value);

/// <summary>One secret found in one exported payload, in one encoding.</summary>
public sealed record LeakFinding(string Label, string Form, string Signal, string Services, string Attribute)
{
    public override string ToString() => $"{Label} ({Form}) in {Signal} from {Services}, attribute {Attribute}";
}

/// <summary>
/// Searches exported OTLP payloads for known secrets in every form a careless log line could take: raw, base64
/// (padded and not), base64url, url-encoded (both styles) and hex (both cases) of the text; and, for secrets that
/// are themselves hex or base64url, the raw bytes they encode and those bytes' other encodings. The search runs
/// over the whole decompressed payload, so it sees every string, bytes value and attribute at any depth.
/// </summary>
public static class LeakAuditor
{
    /// <summary>Shorter values would match by chance; every real credential here is far longer.</summary>
    public const int MinimumLength = 12;

    public static IReadOnlyList<(string Form, byte[] Needle)> Forms(string secret)
    {
        var forms = new List<(string, byte[])>();
        void Add(string form, string text) => forms.Add((form, Encoding.UTF8.GetBytes(text)));
        void AddBytes(string prefix, byte[] bytes)
        {
            var base64 = Convert.ToBase64String(bytes);
            Add(prefix + "base64", base64);
            Add(prefix + "base64-unpadded", base64.TrimEnd('='));
            Add(prefix + "base64url", base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
            Add(prefix + "hex", Convert.ToHexStringLower(bytes));
            Add(prefix + "HEX", Convert.ToHexString(bytes));
        }

        var utf8 = Encoding.UTF8.GetBytes(secret);
        Add("raw", secret);
        AddBytes(string.Empty, utf8);
        Add("url-encoded", Uri.EscapeDataString(secret));
        Add("form-encoded", WebUtility.UrlEncode(secret));
        if (TryDecodeHex(secret) is { Length: >= 8 } hexBytes)
        {
            forms.Add(("decoded-bytes", hexBytes));
            AddBytes("decoded-", hexBytes);
        }

        if (TryDecodeBase64Url(secret) is { Length: >= 8 } base64Bytes)
        {
            forms.Add(("decoded-bytes", base64Bytes));
            AddBytes("decoded-", base64Bytes);
        }

        // Forms identical to one another (e.g. url-encoded = raw for base64url text) are searched once.
        return [.. forms.DistinctBy(form => Convert.ToBase64String(form.Item2))];
    }

    public static IReadOnlyList<LeakFinding> Audit(IEnumerable<OtlpPayload> payloads, IEnumerable<KnownSecret> secrets)
    {
        var searched = secrets
            .Where(secret => secret.Value.Length >= MinimumLength)
            .DistinctBy(secret => secret.Value)
            .Select(secret => (secret.Label, Forms: Forms(secret.Value)))
            .ToList();
        var findings = new List<LeakFinding>();
        foreach (var payload in payloads)
        {
            var services = string.Join(",", payload.Resources.Select(resource => resource.Service).Distinct());
            foreach (var (label, forms) in searched)
            {
                foreach (var (form, needle) in forms)
                {
                    if (payload.Body.AsSpan().IndexOf(needle) >= 0)
                    {
                        findings.Add(new LeakFinding(label, form, payload.Signal, services, AttributeHolding(payload.Body, needle)));
                    }
                }
            }
        }

        return [.. findings.Distinct()];
    }

    /// <summary>How many (secret, form) pairs <see cref="Audit"/> searches for.</summary>
    public static int NeedleCount(IEnumerable<KnownSecret> secrets) =>
        secrets.Where(secret => secret.Value.Length >= MinimumLength).DistinctBy(secret => secret.Value).Sum(secret => Forms(secret.Value).Count);

    /// <summary>The key of the innermost OTLP KeyValue {1 = key, 2 = value} holding the needle, else "(not an attribute)".</summary>
    private static string AttributeHolding(byte[] body, byte[] needle)
    {
        string? best = null;
        var bestLength = int.MaxValue;
        foreach (var value in ProtobufWalker.LengthDelimited(body))
        {
            if (value.Length >= bestLength || value.Span.IndexOf(needle) < 0 || ProtobufWalker.TryParse(value) is not { Count: 2 } fields)
            {
                continue;
            }

            if (fields[0] is { Number: 1, WireType: 2 } key && fields[1] is { Number: 2, WireType: 2 } held
                && held.Bytes.Span.IndexOf(needle) >= 0 && ProtobufWalker.AsString(key.Bytes) is { Length: > 0 and < 200 } name)
            {
                best = name;
                bestLength = value.Length;
            }
        }

        return best ?? "(not an attribute)";
    }

    private static byte[]? TryDecodeHex(string text)
    {
        if (text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
        {
            return null;
        }

        return Convert.FromHexString(text);
    }

    private static byte[]? TryDecodeBase64Url(string text)
    {
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    internal static string Describe(IEnumerable<LeakFinding> findings) =>
        string.Join(Environment.NewLine, findings.Select(finding => finding.ToString()).Order(StringComparer.Ordinal).Take(50).Prepend(
            string.Create(CultureInfo.InvariantCulture, $"{findings.Count()} leak(s):")));
}
