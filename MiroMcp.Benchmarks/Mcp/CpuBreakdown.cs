using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Where MiroMcp.Server's CPU per call goes, stage by stage: server CPU time (/proc) per request for GET /health
/// (HTTP + middleware floor), POST /mcp without a token (401: guard + authentication challenge), tools/list with a
/// token (token validation + grant resolution + MCP handler, no Miro call) and tools/call who_am_i (+ Miro call).
/// </summary>
internal static class CpuBreakdown
{
    [Command("mcp-cpu-breakdown", "server CPU per request by stage: /health, 401 without token, tools/list, tools/call; --requests N --concurrency C --env NAME=VALUE --stage health|401|list|call (repeatable) --warmup N (default: as many as measured) --server <MiroMcp.Server.dll>")]
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = McpLoad.Option(args, "--requests", 5_000);
        var concurrency = McpLoad.Option(args, "--concurrency", 16);
        var warmup = McpLoad.Option(args, "--warmup", requests);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var cancellationToken = cts.Token;

        await using var emulator = await MiroEmulator.StartAsync(new MiroEmulatorOptions { CreditsPerMinute = int.MaxValue / 2 }, cancellationToken);
        var (server, data) = await McpServerHost.StartServerAsync(emulator, cancellationToken, McpLoad.ServerEnvironment(args), McpLoad.ServerAssembly(args));
        await using var serverScope = server;
        var token = await McpServerHost.SignInAsync(server.BaseUrl, cancellationToken);
        using var anonymous = McpLoad.NewClient(server.BaseUrl, concurrency, null);
        using var signedIn = McpLoad.NewClient(server.BaseUrl, concurrency, token);

        var stages = new (string Key, string Name, HttpClient Client, Func<HttpRequestMessage> Request)[]
        {
            ("health", "GET /health", anonymous, () => new HttpRequestMessage(HttpMethod.Get, new Uri("/health", UriKind.Relative))),
            ("401", "POST /mcp, no token (401)", anonymous, () => Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")),
            ("list", "tools/list with token", signedIn, () => Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")),
            ("call", "tools/call who_am_i", signedIn, () => Post(Encoding.UTF8.GetString(McpLoad.ToolsCall("who_am_i")))),
        };

        Console.WriteLine($"mcp-cpu-breakdown: {requests:N0} requests per stage after {warmup:N0} warm-up, {concurrency} concurrent, {Environment.ProcessorCount} cores, load average {ToolsCall.LoadAverage()}");
        Console.WriteLine("| stage | requests/s | server CPU µs/request | statuses |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        var chosen = args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--stage" && a.i + 1 < args.Length).Select(a => args[a.i + 1]).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, name, client, request) in stages)
        {
            if (chosen.Count > 0 && !chosen.Contains(key))
            {
                continue;
            }

            await RunStageAsync(client, request, warmup, concurrency, cancellationToken);
            var before = server.CpuTime();
            var clock = Stopwatch.StartNew();
            var statuses = await RunStageAsync(client, request, requests, concurrency, cancellationToken);
            var elapsed = clock.Elapsed;
            var cpu = (server.CpuTime() - before).TotalMicroseconds / requests;
            Console.WriteLine($"| {name} | {requests / elapsed.TotalSeconds:N0} | {cpu:F0} | {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))} |");
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static HttpRequestMessage Post(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative)) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static async Task<Dictionary<int, int>> RunStageAsync(HttpClient client, Func<HttpRequestMessage> request, int requests, int concurrency, CancellationToken cancellationToken)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                using var message = request();
                using var response = await client.SendAsync(message, cancellationToken);
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
            }
        }, cancellationToken)));
        return new Dictionary<int, int>(statuses);
    }
}
