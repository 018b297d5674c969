using System.Globalization;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Issue #6: tools/call throughput, latency and server CPU per call through MiroMcp.Server (Release, its own
/// process, full OAuth: a real access token from the sign-in flow, grant resolution, Miro token decryption) versus a
/// TypeScript MCP SDK server (Node, MiroMcp.Tests/EndToEnd/node/tools-bench-server.mjs) exposing the same tool
/// against the same Miro emulator, in one run, with the same load generator. Rounds alternate between the two
/// servers so that noise from the shared machine spreads over both.
/// </summary>
internal static class ToolsCall
{
    [Command("tools-call", "tools/call who_am_i through MiroMcp.Server vs a TypeScript MCP SDK server: calls/s, p50/p99, server CPU per call; --calls N --concurrency C --rounds R --warmup W (30,000) [--quiet] [--env NAME=VALUE] [--server <MiroMcp.Server.dll>]")]
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = McpLoad.Option(args, "--calls", 10_000);
        var concurrency = McpLoad.Option(args, "--concurrency", 16);
        var rounds = McpLoad.Option(args, "--rounds", 3);
        var warmup = McpLoad.Option(args, "--warmup", 30_000);
        // --quiet: both servers log at Warning (the server's shipped appsettings log its own events at Information).
        var quiet = args.Contains("--quiet");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var cancellationToken = cts.Token;

        var options = new MiroEmulatorOptions { CreditsPerMinute = int.MaxValue / 2 };
        await using var emulator = await MiroEmulator.StartAsync(options, cancellationToken);
        var (ours, data) = await McpServerHost.StartServerAsync(emulator, cancellationToken,
            quiet ? new Dictionary<string, string>(McpLoad.ServerEnvironment(args)) { ["Logging__LogLevel__Default"] = "Warning" } : McpLoad.ServerEnvironment(args),
            McpLoad.ServerAssembly(args));
        await using var oursScope = ours;
        var token = await McpServerHost.SignInAsync(ours.BaseUrl, cancellationToken);

        var nodeFolder = Path.Combine(ServiceUnderTest.RepositoryRoot(), "MiroMcp.Tests", "EndToEnd", "node");
        var nodePort = ServiceUnderTest.FreePort();
        await using var typescript = await ServiceUnderTest.StartAsync(
            "node", ["tools-bench-server.mjs"], nodeFolder, nodePort,
            new Dictionary<string, string>
            {
                ["PORT"] = nodePort.ToString(CultureInfo.InvariantCulture),
                ["MIRO_API_BASE_URL"] = emulator.BaseUrl.AbsoluteUri.TrimEnd('/'),
                ["MIRO_ACCESS_TOKEN"] = emulator.IssueTokens().AccessToken,
                ["NODE_ENV"] = "production",
            },
            "/health", cancellationToken);

        using var oursClient = McpLoad.NewClient(ours.BaseUrl, concurrency, token);
        using var tsClient = McpLoad.NewClient(typescript.BaseUrl, concurrency, bearer: null);
        var body = McpLoad.ToolsCall("who_am_i");
        var targets = new (string Name, ServiceUnderTest Service, HttpClient Client)[]
        {
            ("MiroMcp.Server (.NET)", ours, oursClient),
            ("TypeScript SDK (Node)", typescript, tsClient),
        };

        foreach (var (name, _, client) in targets)
        {
            var warmUp = await McpLoad.RunAsync(client, body, warmup, concurrency, cancellationToken);
            if (warmUp.Errors > 0)
            {
                Console.Error.WriteLine($"{name}: {warmUp.Errors} errors in the warm-up, first: {warmUp.FirstError}");
                return 1;
            }
        }

        Console.WriteLine($"tools-call: who_am_i, {calls:N0} calls per round, {concurrency} concurrent callers, {rounds} rounds, server logs at {(quiet ? "Warning" : "the shipped levels (Information)")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        Console.WriteLine("| round | server | calls/s | p50 ms | p99 ms | errors | server CPU µs/call |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        var totals = targets.ToDictionary(t => t.Name, _ => new List<(McpLoad.Result Result, double CpuMicros)>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, service, client) in round % 2 == 1 ? targets : targets.Reverse())
            {
                var cpuBefore = service.CpuTime();
                var result = await McpLoad.RunAsync(client, body, calls, concurrency, cancellationToken);
                var cpuMicros = (service.CpuTime() - cpuBefore).TotalMicroseconds / calls;
                totals[name].Add((result, cpuMicros));
                Console.WriteLine($"| {round} | {name} | {result.CallsPerSecond:N0} | {result.Percentile(50):F2} | {result.Percentile(99):F2} | {result.Errors} | {cpuMicros:F0} |");
                if (result.FirstError is not null)
                {
                    Console.WriteLine($"  first error: {result.FirstError}");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| server | calls/s (median of rounds) | p50 ms | p99 ms | CPU µs/call | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, list) in totals)
        {
            var all = new McpLoad.Result(list.Sum(r => r.Result.Calls), list.Sum(r => r.Result.Errors), TimeSpan.Zero, [.. list.SelectMany(r => r.Result.LatenciesMs)], null);
            Console.WriteLine($"| {name} | {Median(list.Select(r => r.Result.CallsPerSecond)):N0} | {all.Percentile(50):F2} | {all.Percentile(99):F2} | {Median(list.Select(r => r.CpuMicros)):F0} | {all.Errors} |");
        }

        var ratio = Median(totals[targets[0].Name].Select(r => r.Result.CallsPerSecond)) / Median(totals[targets[1].Name].Select(r => r.Result.CallsPerSecond));
        Console.WriteLine($"throughput ratio .NET / TypeScript: {ratio:F2}; emulator token-info requests (one per who_am_i call, warm-up included): {emulator.TokenInfoCount:N0}; load average {LoadAverage()}");
        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
