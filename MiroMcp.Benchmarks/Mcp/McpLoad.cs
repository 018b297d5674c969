using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// The load generator shared by the MCP benchmarks: N JSON-RPC <c>tools/call</c> POSTs to /mcp (stateless
/// Streamable HTTP, no session), C concurrent workers on one keep-alive connection pool, per-call latency recorded.
/// A call counts as an error unless it answers 200 with a JSON-RPC result that is not a tool error.
/// </summary>
internal static class McpLoad
{
    public const string ProtocolVersion = "2025-11-25";

    public sealed record Result(int Calls, int Errors, TimeSpan Elapsed, double[] LatenciesMs, string? FirstError)
    {
        public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
            {
                return double.NaN;
            }

            var sorted = LatenciesMs.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public static HttpClient NewClient(Uri baseUrl, int connections, string? bearer)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/event-stream");
        client.DefaultRequestHeaders.Add("MCP-Protocol-Version", ProtocolVersion);
        return client;
    }

    public static byte[] ToolsCall(string tool, string argumentsJson = "{}", long id = 1) => Encoding.UTF8.GetBytes(
        "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(CultureInfo.InvariantCulture) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}");

    /// <summary>One call; null when it succeeded, else a short description of what came back.</summary>
    public static async Task<string?> CallAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.PostAsync(new Uri("/mcp", UriKind.Relative), content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode || !text.Contains("\"result\"", StringComparison.Ordinal) || text.Contains("\"isError\":true", StringComparison.Ordinal))
            {
                return $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}";
            }

            return null;
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
    }

    public static async Task<Result> RunAsync(HttpClient client, byte[] body, int calls, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[calls];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await CallAsync(client, body, cancellationToken);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        return new Result(calls, errors, clock.Elapsed, latencies, firstError);
    }

    /// <summary>The full path given with <paramref name="name"/> (e.g. <c>--gateway &lt;dll&gt;</c>), or null.</summary>
    public static string? PathOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? Path.GetFullPath(args[index + 1]) : null;
    }

    /// <summary>The server build given with <c>--server &lt;MiroMcp.Server.dll&gt;</c>, else this configuration's build output.</summary>
    public static string ServerAssembly(string[] args) => PathOption(args, "--server") ?? ServiceUnderTest.ServerAssembly();

    /// <summary>Every <c>--env NAME=VALUE</c>: extra environment for the server under test (e.g. DOTNET_gcServer=0).</summary>
    public static Dictionary<string, string> ServerEnvironment(string[] args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var name, var value])
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
