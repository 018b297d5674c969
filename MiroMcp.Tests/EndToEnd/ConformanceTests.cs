using System.Diagnostics;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.EndToEnd;

/// <summary>
/// The official MCP conformance suite against the server the AppHost started, through <see cref="BearerProxy"/>
/// (the suite cannot sign in): 0.1.13 on the machine's Node 20 for the 2025-11-25 scenarios, and 0.2.0-alpha.12 on
/// Node 22 (the npm package node@22, a local binary) for the 2026-07-28 ones. Results: docs/conformance.md.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ConformanceTests(AppHostFixture fixture)
{
    private const string Stable = "0.1.13";
    private const string Next = "0.2.0-alpha.12";

    [Theory]
    [InlineData(Stable, "server-initialize")]
    [InlineData(Stable, "ping")]
    [InlineData(Stable, "tools-list")]
    [InlineData(Stable, "dns-rebinding-protection")]
    [InlineData(Next, "http-header-validation")]
    [InlineData(Next, "tools-list")]
    [InlineData(Next, "dns-rebinding-protection")]
    public async Task Conformance_Scenario_Passes(string suite, string scenario)
    {
        using var client = new OAuthTestClient(fixture.ServerUrl);
        var (_, tokens) = await client.SignInAsync();
        await using var proxy = await BearerProxy.StartAsync(fixture.ServerUrl, tokens.GetProperty("access_token").GetString()!);
        var output = Directory.CreateTempSubdirectory("miromcp-conformance-");
        try
        {
            var (node, package) = suite == Stable
                ? ("node", "node_modules/@modelcontextprotocol/conformance/dist/index.js")
                : (Path.Combine(NodeScript.Directory, "node_modules", "node22", "bin", "node"), "node_modules/conformance-next/dist/index.js");
            var start = new ProcessStartInfo(node) { WorkingDirectory = NodeScript.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { package, "server", "--url", proxy.McpUrl.AbsoluteUri, "--scenario", scenario, "-o", output.FullName })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var report = await stdout + await stderr;

            Assert.True(process.ExitCode == 0, $"conformance {scenario} exited {process.ExitCode}:\n{report}");
            Assert.DoesNotContain("FAILURE", report, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
