using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>
/// scripts/audit-logs.sh against a recorded Loki query_range answer: read from a file, and served by a local
/// stand-in for Loki (to check the request the script sends: path, LogQL, range, token header).
/// </summary>
public sealed class AuditLogsScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static string RepositoryRoot => Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(NodeScript.Directory)))!;

    private static string Script => Path.Combine(RepositoryRoot, "scripts", "audit-logs.sh");

    private static string Fixture(string name) => Path.Combine(RepositoryRoot, "MiroMcp.Tests", "Integration", "Telemetry", "Fixtures", name);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ResponseFile_SecretPresent_ExitsOneAndReportsWithoutTheValue()
    {
        var (exitCode, output, error) = await RunAsync(
            ["--response-file", Fixture("loki-query-range.json"), "--literal", "--pattern", "sk_live_LEAKED0123456789abcdef", "--pattern", "never-logged-value"]);

        Assert.True(exitCode == 1, $"exit {exitCode}: {output} {error}");
        Assert.Contains("MATCH pattern #1", output, StringComparison.Ordinal);
        Assert.Contains("\"service_name\":\"secrets-gateway\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MATCH pattern #2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_LEAKED", output + error, StringComparison.Ordinal);
        Assert.Contains("5 log lines audited against 2 pattern(s): 1 match(es)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseFile_NoPatternMatches_ExitsZero()
    {
        var patterns = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(patterns, ["# secrets, one per line", "", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_abc"]);

            var (exitCode, output, error) = await RunAsync(["--response-file", Fixture("loki-query-range.json"), "--literal", "--patterns-file", patterns]);

            Assert.True(exitCode == 0, $"exit {exitCode}: {output} {error}");
            Assert.Contains("against 2 pattern(s): 0 match(es)", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(patterns);
        }
    }

    [Fact]
    public async Task ResponseFile_RegexPattern_MatchesTokenShapes()
    {
        var (exitCode, output, _) = await RunAsync(["--response-file", Fixture("loki-query-range.json"), "--pattern", "(token|secret)=[A-Za-z0-9_]{16,}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("1 match(es)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseFile_LokiError_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync(["--response-file", Fixture("loki-error.json"), "--pattern", "x"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("not a Loki query_range answer", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPattern_ExitsTwo()
    {
        var (exitCode, _, _) = await RunAsync(["--response-file", Fixture("loki-query-range.json")]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task LokiServer_RecordedAnswer_SendsQueryRangeWithTokenAndFindsTheSecret()
    {
        var requests = new List<(string Path, IQueryCollection Query, string Authorization)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var loki = builder.Build();
        var body = await File.ReadAllTextAsync(Fixture("loki-query-range.json"));
        loki.MapGet("/loki/api/v1/query_range", (HttpRequest request) =>
        {
            lock (requests)
            {
                requests.Add((request.Path, request.Query, request.Headers.Authorization.ToString()));
            }

            return Results.Text(body, "application/json");
        });
        await loki.StartAsync();
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenFile, "cockpit-query-token\n");

            var (exitCode, output, error) = await RunAsync(
                ["--url", loki.Urls.First(), "--token-file", tokenFile, "--query", "{service_name=\"server\"}", "--since", "1h", "--literal", "--pattern", "sk_live_LEAKED0123456789abcdef"]);

            Assert.True(exitCode == 1, $"exit {exitCode}: {output} {error}");
            var (path, query, authorization) = Assert.Single(requests);
            Assert.Equal("/loki/api/v1/query_range", path);
            Assert.Equal("{service_name=\"server\"}", query["query"].ToString());
            Assert.Equal("forward", query["direction"].ToString());
            Assert.True(long.Parse(query["end"].ToString(), System.Globalization.CultureInfo.InvariantCulture) - long.Parse(query["start"].ToString(), System.Globalization.CultureInfo.InvariantCulture) == 3600L * 1_000_000_000);
            Assert.Equal("Bearer cockpit-query-token", authorization);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
