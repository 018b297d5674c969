using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using MiroMcp.SecretsGateway;
using MiroMcp.SecretsGateway.Apis;
using MiroMcp.SecretsGateway.Auditing;
using MiroMcp.SecretsGateway.Caching;

namespace MiroMcp.Benchmarks.Gateway;

/// <summary>
/// Cached secret reads through the gateway's caller API over real HTTP on loopback: the real gateway (same
/// registration as its Program.cs, local backend, one warm-up read so every measured read is a cache hit), an
/// HttpClient with keep-alive, and per-request latencies. Two runs: one caller (latency) and several concurrent
/// callers (throughput). Client and gateway share the machine's cores.
/// </summary>
internal static class GatewayReads
{
    [Command("gateway-reads", "cached secret reads through the gateway's caller API over loopback HTTP (p50/p99, reads/s); --requests N --concurrency C")]
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Option(args, "--requests", 40_000);
        var concurrency = Option(args, "--concurrency", 4);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        await using var gateway = await StartGatewayAsync(token);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(gateway.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var path = new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative);

        await MeasureAsync(client, path, Math.Min(2_000, requests), concurrency); // warm-up: JIT, connections, cache
        Console.WriteLine($"gateway-reads: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        Report("1 caller", await MeasureAsync(client, path, requests, 1));
        Report($"{concurrency} callers", await MeasureAsync(client, path, requests, concurrency));
        await MeasureInProcessAsync(gateway.Services, token, requests);
        return 0;
    }

    private static async Task<WebApplication> StartGatewayAsync(string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(GatewayServiceExtensions).Assembly.GetName().Name,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SECRETS_BACKEND"] = "local",
            ["SECRETS_GATEWAY_TOKEN"] = token,
            ["MIRO_CLIENT_SECRET"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["MIRO_ENCRYPTION_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // No log provider: the audit event is still created per read, but nothing prints it (in production the
        // OTLP exporter batches it off the request path).
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddSecretsGateway();
        var app = builder.Build();
        app.MapSecretsGateway();
        await app.StartAsync();
        return app;
    }

    /// <summary>The gateway's own work per read without HTTP: token check, cache lookup, audit event and metric.</summary>
    private static async Task MeasureInProcessAsync(IServiceProvider services, string token, int requests)
    {
        var callers = services.GetRequiredService<CallerRegistry>();
        var cache = services.GetRequiredService<SecretCache>();
        var audit = services.GetRequiredService<AccessAudit>();
        var latencies = new long[requests];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var caller = callers.Authenticate(token)!;
            var read = await cache.GetAsync("MIRO_CLIENT_SECRET", CancellationToken.None);
            audit.Record(caller.Name, read.Value.Name, read.Value.SecretId, read.Value.Revision, AccessOutcome.Granted, SecretsApi.CacheTag(read.Result));
            latencies[i] = Stopwatch.GetTimestamp() - start;
        }

        total.Stop();
        Report("in-process", (latencies, total.Elapsed, 0));
    }

    private static async Task<(long[] Ticks, TimeSpan Elapsed, int Failures)> MeasureAsync(HttpClient client, Uri path, int requests, int concurrency)
    {
        var latencies = new long[requests];
        var next = -1;
        var failures = 0;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                _ = await response.Content.ReadAsByteArrayAsync();
                latencies[index] = Stopwatch.GetTimestamp() - start;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        total.Stop();
        return (latencies, total.Elapsed, failures);
    }

    private static void Report(string label, (long[] Ticks, TimeSpan Elapsed, int Failures) run)
    {
        var sorted = run.Ticks.Order().ToArray();
        double Ms(double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        var rate = sorted.Length / run.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-10} reads {sorted.Length,7}  failures {run.Failures}  p50 {Ms(0.50):F3} ms  p90 {Ms(0.90):F3} ms  p99 {Ms(0.99):F3} ms  max {Ms(1.0):F3} ms  {rate:F0} reads/s"));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}";
}
