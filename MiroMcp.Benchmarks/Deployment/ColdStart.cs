using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MiroMcp.Benchmarks.Deployment;

/// <summary>
/// Cold start of the published server, framework-dependent (Release, linux-x64, the apphost as entry point; the image
/// is self-contained composite since decision 008, measured by <c>cold-start-mcp</c>): a fresh process per run with a
/// valid generated environment on a free loopback port; measured from process start to the first 200 from
/// <c>/health</c>, and to the first 401 from an unauthenticated MCP request. Publishes twice into a temporary folder,
/// with per-assembly ReadyToRun and without, each with intermediate files of its own.
/// </summary>
internal static class ColdStart
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Command("cold-start", "publish the server (ReadyToRun vs JIT) and time process start -> /health 200 -> /mcp 401; --runs N --published-r2r DIR --published-jit DIR")]
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "7", CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("miromcp-cold-start-");
        try
        {
            var variants = new List<(string Name, string Directory)>
            {
                ("ReadyToRun", Option(args, "--published-r2r") ?? await PublishAsync(work.FullName, readyToRun: true)),
                ("JIT only", Option(args, "--published-jit") ?? await PublishAsync(work.FullName, readyToRun: false)),
            };

            Console.WriteLine($"cold-start: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {LoadAverage()}, {runs} runs per variant (first run of each discarded as disk-cache warm-up)");
            var results = variants.ToDictionary(v => v.Name, _ => (Health: new List<double>(), Mcp: new List<double>()));
            await MeasureOnceAsync(variants[0].Directory);
            await MeasureOnceAsync(variants[1].Directory);
            for (var run = 0; run < runs; run++)
            {
                foreach (var (name, directory) in variants) // interleaved, so that machine noise hits both alike
                {
                    var (health, mcp) = await MeasureOnceAsync(directory);
                    results[name].Health.Add(health);
                    results[name].Mcp.Add(mcp);
                }
            }

            foreach (var (name, (health, mcp)) in results)
            {
                Console.WriteLine($"{name,-11} start -> /health 200: median {Median(health),5:F0} ms (min {health.Min(),5:F0}, max {health.Max(),5:F0}) | start -> /mcp 401: median {Median(mcp),5:F0} ms (min {mcp.Min(),5:F0}, max {mcp.Max(),5:F0})");
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<string> PublishAsync(string work, bool readyToRun)
    {
        var output = Path.Combine(work, readyToRun ? "r2r" : "jit");
        var project = Path.Combine(RepositoryRoot(), "MiroMcp.Server", "MiroMcp.Server.csproj");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output,
                     "--artifacts-path", output + "-artifacts",
                     // The image is Native AOT now (decision 010); this command keeps measuring the builds it names.
                     "-p:PublishAot=false", $"-p:PublishReadyToRun={(readyToRun ? "true" : "false")}", "--nologo", "-v:quiet",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"cold-start: publishing the server ({(readyToRun ? "ReadyToRun" : "JIT only")}) to {output}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}).");
    }

    private static async Task<(double Health, double Mcp)> MeasureOnceAsync(string directory)
    {
        var port = FreePort();
        var origin = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("run-");
        var start = new ProcessStartInfo(Path.Combine(directory, "MiroMcp.Server"))
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["ASPNETCORE_URLS"] = origin;
        start.Environment["MIRO_CLIENT_ID"] = "3458764500000000000";
        start.Environment["MIRO_CLIENT_SECRET"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        start.Environment["MIRO_ENCRYPTION_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        start.Environment["MIRO_REDIRECT_URI"] = $"{origin}/oauth/callback";
        start.Environment["TOKEN_STORAGE_PATH"] = Path.Combine(data.FullName, "tokens.enc");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double health;
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the server exited with {process.ExitCode} before answering /health.");
                }

                if (clock.Elapsed > StartTimeout)
                {
                    throw new TimeoutException("the server did not answer /health in time.");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri($"{origin}/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        health = clock.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(5);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{origin}/mcp"))
            {
                Content = new StringContent(
                    """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            using var mcp = await client.SendAsync(request);
            var mcpMs = clock.Elapsed.TotalMilliseconds;
            if (mcp.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw new InvalidOperationException($"/mcp without a token answered {(int)mcp.StatusCode}, not 401.");
            }

            return (health, mcpMs);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MiroMcp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MiroMcp.sln not found above the benchmark's output.");
    }
}
