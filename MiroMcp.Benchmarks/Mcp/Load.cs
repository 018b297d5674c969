using System.Diagnostics;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Issue #9 load: C concurrent MCP clients (each its own registration, sign-in and connection pool) share N
/// <c>tools/call get_board</c> calls through the real server (Release, its own process) against the Miro emulator;
/// the server's RSS is sampled every 250 ms. Then the same load again while the emulator answers a storm of 429s
/// (no Retry-After, X-RateLimit-Reset one second away): errors stay within the server's throttle budget, and
/// upstream requests = calls + answered 429s (no retry amplification beyond one retry per 429).
/// </summary>
internal static class Load
{
    [Command("load", "C concurrent MCP clients × N tools/call get_board, then the same under a 429 storm: errors, calls/s, p50/p99, RSS, upstream requests; --clients C --calls N --storm S --server <MiroMcp.Server.dll>")]
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = McpLoad.Option(args, "--clients", 100);
        var calls = McpLoad.Option(args, "--calls", 10_000);
        var storm = McpLoad.Option(args, "--storm", 1_000);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var cancellationToken = cts.Token;

        await using var emulator = await MiroEmulator.StartAsync(new MiroEmulatorOptions { CreditsPerMinute = int.MaxValue / 2 }, cancellationToken);
        var boardId = emulator.CreateBoard("Load board");
        var (server, data) = await McpServerHost.StartServerAsync(emulator, cancellationToken,
            new Dictionary<string, string> { ["OAuth__RegistrationsPerMinute"] = (clients * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            McpLoad.ServerAssembly(args));
        await using var serverScope = server;
        var idle = server.ResidentBytes();

        var tokens = new string[clients];
        using (var gate = new SemaphoreSlim(4))
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    tokens[i] = await McpServerHost.SignInAsync(server.BaseUrl, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var http = tokens.Select(token => McpLoad.NewClient(server.BaseUrl, 1, token)).ToArray();
        try
        {
            var body = McpLoad.ToolsCall("get_board", "{\"boardId\":\"" + boardId + "\"}");
            await RunPhaseAsync(http, body, Math.Min(calls, 1_000), cancellationToken); // warm-up
            Console.WriteLine($"load: {clients} clients (each its own registration, grant and connection), get_board, {Environment.ProcessorCount} cores, load average {ToolsCall.LoadAverage()}");
            Console.WriteLine($"server RSS idle after start: {idle / 1048576.0:F0} MiB; after {clients} sign-ins and warm-up: {server.ResidentBytes() / 1048576.0:F0} MiB");
            Console.WriteLine("| phase | calls | errors | calls/s | p50 ms | p99 ms | upstream requests | 429s answered | RSS min / max / end MiB |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var phase in new[] { "steady", "429 storm" })
            {
                var upstreamBefore = emulator.ApiRequestCount;
                var throttledBefore = emulator.ThrottledCount;
                if (phase == "429 storm")
                {
                    emulator.ThrottleNext(storm);
                }

                var samples = new List<long>();
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        samples.Add(server.ResidentBytes());
                        await Task.Delay(250, CancellationToken.None);
                    }
                }, CancellationToken.None);
                var (result, firstError) = await RunPhaseAsync(http, body, calls, cancellationToken);
                await sampling.CancelAsync();
                await sampler;
                var upstream = emulator.ApiRequestCount - upstreamBefore;
                var throttled = emulator.ThrottledCount - throttledBefore;
                Console.WriteLine($"| {phase} | {result.Calls:N0} | {result.Errors} | {result.CallsPerSecond:N0} | {result.Percentile(50):F1} | {result.Percentile(99):F1} | {upstream:N0} | {throttled:N0} | {samples.Min() / 1048576.0:F0} / {samples.Max() / 1048576.0:F0} / {samples[^1] / 1048576.0:F0} |");
                if (firstError is not null)
                {
                    Console.WriteLine($"  first error: {firstError}");
                }
            }
        }
        finally
        {
            foreach (var client in http)
            {
                client.Dispose();
            }
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }

    /// <summary>Each client runs its share of the calls one after another (an MCP client waits for each answer).</summary>
    private static async Task<(McpLoad.Result Result, string? FirstError)> RunPhaseAsync(HttpClient[] clients, byte[] body, int calls, CancellationToken cancellationToken)
    {
        var latencies = new double[calls];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await McpLoad.CallAsync(client, body, cancellationToken);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }, cancellationToken)));
        return (new McpLoad.Result(calls, errors, clock.Elapsed, latencies, firstError), firstError);
    }
}
