using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Where MiroMcp.Server's CPU per call goes, stage by stage: server CPU time (/proc) per request for GET /health
/// (HTTP + middleware floor), POST /mcp without a token (401: guard + authentication challenge), tools/list with a
/// token (token validation + grant resolution + MCP handler, no Miro call) and tools/call who_am_i (+ Miro call);
/// then the same load against <see cref="FloorServer"/> (GET, and a POST that makes the same Miro round trip): what
/// Kestrel, HttpClient and the kernel cost on this machine before any of our work.
/// </summary>
internal static class CpuBreakdown
{
    [Command("mcp-cpu-breakdown", "server CPU per request by stage: /health, 401 without token, tools/list, tools/call, then the floor (a minimal app: GET, POST with one Miro GET, the same through the MCP SDK); --requests N --concurrency C --env NAME=VALUE --stage health|401|list|call|floor-get|floor-call|floor-sdk (repeatable) --warmup N (default: as many as measured) --server <MiroMcp.Server.dll>")]
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

        var chosen = args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--stage" && a.i + 1 < args.Length).Select(a => args[a.i + 1]).ToHashSet(StringComparer.Ordinal);
        var floorPort = ServiceUnderTest.FreePort();
        var benchmarks = typeof(FloorServer).Assembly.Location;
        await using var floor = chosen.Count == 0 || chosen.Any(stage => stage.StartsWith("floor-", StringComparison.Ordinal))
            ? await ServiceUnderTest.StartAsync("dotnet", ["exec", benchmarks, "floor-server"], Path.GetDirectoryName(benchmarks)!, floorPort,
                new Dictionary<string, string>
                {
                    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{floorPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    ["FLOOR_UPSTREAM"] = emulator.BaseUrl.AbsoluteUri,
                    ["FLOOR_TOKEN"] = emulator.IssueTokens().AccessToken,
                    // As the server runs (Web SDK default; MiroMcp.Server.csproj), so the floor is comparable.
                    ["DOTNET_gcServer"] = "1",
                    ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
                }, "/ping", cancellationToken)
            : null;
        using var floorClient = McpLoad.NewClient(floor?.BaseUrl ?? server.BaseUrl, concurrency, null);

        var callBody = Encoding.UTF8.GetString(McpLoad.ToolsCall("who_am_i"));
        var stages = new (string Key, string Name, ServiceUnderTest? Service, HttpClient Client, Func<HttpRequestMessage> Request)[]
        {
            ("health", "GET /health", server, anonymous, () => new HttpRequestMessage(HttpMethod.Get, new Uri("/health", UriKind.Relative))),
            ("401", "POST /mcp, no token (401)", server, anonymous, () => Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")),
            ("list", "tools/list with token", server, signedIn, () => Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")),
            ("call", "tools/call who_am_i", server, signedIn, () => Post(callBody)),
            ("floor-get", "floor: minimal app, GET /ping", floor, floorClient, () => new HttpRequestMessage(HttpMethod.Get, new Uri("/ping", UriKind.Relative))),
            ("floor-call", "floor: minimal app, POST → one Miro GET → JSON", floor, floorClient, () => Post(callBody)),
            ("floor-sdk", "floor + MCP SDK: tools/call of one tool doing that GET", floor, floorClient, () => Post(callBody, "/sdk")),
        };

        Console.WriteLine($"mcp-cpu-breakdown: {requests:N0} requests per stage after {warmup:N0} warm-up, {concurrency} concurrent, {Environment.ProcessorCount} cores, load average {ToolsCall.LoadAverage()}");
        Console.WriteLine("| stage | requests/s | server CPU µs/request | statuses |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var (key, name, service, client, request) in stages)
        {
            if (service is null || (chosen.Count > 0 && !chosen.Contains(key)))
            {
                continue;
            }

            await RunStageAsync(client, request, warmup, concurrency, cancellationToken);
            var before = service.CpuTime();
            var clock = Stopwatch.StartNew();
            var statuses = await RunStageAsync(client, request, requests, concurrency, cancellationToken);
            var elapsed = clock.Elapsed;
            var cpu = (service.CpuTime() - before).TotalMicroseconds / requests;
            Console.WriteLine($"| {name} | {requests / elapsed.TotalSeconds:N0} | {cpu:F0} | {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}×{s.Value}"))} |");
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static HttpRequestMessage Post(string json, string path = "/mcp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static async Task<Dictionary<string, int>> RunStageAsync(HttpClient client, Func<HttpRequestMessage> request, int requests, int concurrency, CancellationToken cancellationToken)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                using var message = request();
                using var response = await client.SendAsync(message, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                // A 200 whose JSON-RPC answer is an error or a tool error is not a served call.
                var failed = body.Contains("\"isError\":true", StringComparison.Ordinal) || body.Contains("\"error\":{", StringComparison.Ordinal);
                statuses.AddOrUpdate(failed ? $"{(int)response.StatusCode} (error)" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, count) => count + 1);
            }
        }, cancellationToken)));
        return new Dictionary<string, int>(statuses, StringComparer.Ordinal);
    }
}
