using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Issue #9 cold start: process start → first authorised <c>tools/list</c> answered, for MiroMcp.Server (the given
/// build, default this configuration's build; pass a published one with --server) and for the TypeScript MCP SDK
/// server. The server's grant and access token come from a sign-in against an earlier process with the same port,
/// key and data folder, so each measured start serves an existing token (as after a scale-from-zero).
/// </summary>
internal static class ColdStart
{
    [Command("cold-start-mcp", "process start → first authorised tools/list, MiroMcp.Server vs TypeScript SDK server; --runs R --server <MiroMcp.Server.dll> --env NAME=VALUE")]
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = McpLoad.Option(args, "--runs", 5);
        var assembly = McpLoad.ServerAssembly(args);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var cancellationToken = cts.Token;

        await using var emulator = await MiroEmulator.StartAsync(new MiroEmulatorOptions(), cancellationToken);
        var port = ServiceUnderTest.FreePort();
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var environment = McpLoad.ServerEnvironment(args);
        var (first, data) = await McpServerHost.StartServerAsync(emulator, port, null, key, assembly, "/health", environment, cancellationToken);
        string token;
        await using (first)
        {
            token = await McpServerHost.SignInAsync(first.BaseUrl, cancellationToken);
        }

        var nodeFolder = Path.Combine(ServiceUnderTest.RepositoryRoot(), "MiroMcp.Tests", "EndToEnd", "node");
        var nodePort = ServiceUnderTest.FreePort();
        var nodeEnvironment = new Dictionary<string, string>
        {
            ["PORT"] = nodePort.ToString(CultureInfo.InvariantCulture),
            ["MIRO_API_BASE_URL"] = emulator.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["MIRO_ACCESS_TOKEN"] = emulator.IssueTokens().AccessToken,
            ["NODE_ENV"] = "production",
        };

        Console.WriteLine($"cold-start: {runs} runs each, server {assembly}, {Environment.ProcessorCount} cores, load average {ToolsCall.LoadAverage()}");
        var ours = new List<double>();
        var typescript = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var (server, _) = await McpServerHost.StartServerAsync(emulator, port, data, key, assembly, null, environment, cancellationToken);
            await using (server)
            {
                ours.Add(await FirstToolsListAsync(server.BaseUrl, token, clock, cancellationToken));
            }

            clock.Restart();
            await using (await ServiceUnderTest.StartAsync("node", ["tools-bench-server.mjs"], nodeFolder, nodePort, nodeEnvironment, null, cancellationToken))
            {
                typescript.Add(await FirstToolsListAsync(new Uri($"http://127.0.0.1:{nodePort.ToString(CultureInfo.InvariantCulture)}/"), null, clock, cancellationToken));
            }
        }

        Console.WriteLine("| server | median ms | min ms | max ms | runs (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var (name, list) in new[] { ("MiroMcp.Server (.NET)", ours), ("TypeScript SDK (Node)", typescript) })
        {
            var sorted = list.Order().ToArray();
            Console.WriteLine($"| {name} | {sorted[sorted.Length / 2]:F0} | {sorted[0]:F0} | {sorted[^1]:F0} | {string.Join(", ", list.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }

    /// <summary>Polls tools/list (every 5 ms, each attempt a fresh connection) until it answers a JSON-RPC result.</summary>
    private static async Task<double> FirstToolsListAsync(Uri baseUrl, string? token, Stopwatch clock, CancellationToken cancellationToken)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var client = McpLoad.NewClient(baseUrl, 1, token);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await client.PostAsync(new Uri("/mcp", UriKind.Relative), content, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode && text.Contains("\"tools\"", StringComparison.Ordinal))
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new TimeoutException($"{baseUrl} did not answer tools/list within 60 s.");
    }
}
