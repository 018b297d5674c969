using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Server.Tokens;

namespace MiroMcp.Benchmarks.TokenStore;

/// <summary>
/// Crash safety of the file store: <c>crash-writer</c> saves grants for ever and prints each committed
/// (id, version) once its save has returned; <c>token-store-soak</c> starts it, kills it (SIGKILL) at a random
/// moment, opens the file and checks that every committed record is there, intact, in a loop.
/// </summary>
internal static class TokenStoreCrash
{
    public const string KeyVariable = "MIROMCP_CRASH_WRITER_KEY";
    private const int Grants = 8;
    private const long CompactionMinimumBytes = 4096; // compact every few writes, so kills land in compactions too

    [Command("crash-writer", "child process for the crash test: --path FILE (key in MIROMCP_CRASH_WRITER_KEY); saves until killed")]
    public static async Task<int> CrashWriterAsync(string[] args)
    {
        var path = Option(args, "--path") ?? throw new ArgumentException("--path is required");
        var key = Environment.GetEnvironmentVariable(KeyVariable) ?? throw new ArgumentException($"{KeyVariable} is required");
        using var keys = new GrantKeyRingProvider(key);
        using var metrics = new TokenStoreMetrics();
        using var store = new FileGrantStore(path, keys, metrics, NullLogger.Instance, CompactionMinimumBytes);
        await store.InitializeAsync(CancellationToken.None);

        var versions = new long[Grants];
        for (var i = 0; i < Grants; i++)
        {
            versions[i] = (await store.GetAsync(SampleGrants.Id(i), CancellationToken.None))?.Version ?? 0;
        }

        var stdout = Console.Out;
        await stdout.WriteLineAsync("ready");
        await stdout.FlushAsync();
        for (var n = 0; ; n++)
        {
            var i = n % Grants;
            var id = SampleGrants.Id(i);
            var saved = await store.SaveAsync(SampleGrants.Create(id, versions[i] + 1), versions[i], CancellationToken.None)
                ?? throw new InvalidOperationException("conflict in a single-writer loop");
            versions[i] = saved.Version;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"committed {id} {saved.Version}"));
            await stdout.FlushAsync();
        }
    }

    [Command("token-store-soak", "kills crash-writer mid-write in a loop and checks every committed record: --iterations N (default 200)")]
    public static async Task<int> SoakAsync(string[] args)
    {
        var iterations = int.Parse(Option(args, "--iterations") ?? "200", CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        var result = await RunAsync(typeof(TokenStoreCrash).Assembly.Location, iterations, Console.Out, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"token-store-soak: {result.Iterations} kills, {result.CommittedWrites} committed writes seen, {result.TornTails} torn tails cut, {result.InterruptedCompactions} kills inside a compaction, {result.Failures.Count} failures, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
        foreach (var failure in result.Failures)
        {
            Console.WriteLine("FAIL " + failure);
        }

        return result.Failures.Count == 0 ? 0 : 1;
    }

    public sealed record SoakResult(int Iterations, long CommittedWrites, int TornTails, int InterruptedCompactions, IReadOnlyList<string> Failures);

    /// <summary>The kill loop, shared by the soak command and the CI test (which runs fewer iterations).</summary>
    public static async Task<SoakResult> RunAsync(string benchmarksAssembly, int iterations, TextWriter progress, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("miromcp-crash-").FullName;
        var path = Path.Combine(directory, "tokens.enc");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var committed = new long[Grants];
        var failures = new List<string>();
        long writes = 0;
        var tornTails = 0;
        var interruptedCompactions = 0;
        try
        {
            for (var iteration = 1; iteration <= iterations && failures.Count == 0; iteration++)
            {
                var killAfter = RandomNumberGenerator.GetInt32(1, 60);
                writes += await RunChildOnceAsync(benchmarksAssembly, path, key, killAfter, committed, cancellationToken);

                using var keys = new GrantKeyRingProvider(key);
                using var metrics = new TokenStoreMetrics();
                using var store = new FileGrantStore(path, keys, metrics, NullLogger.Instance, CompactionMinimumBytes);
                await store.InitializeAsync(cancellationToken);
                if (store.TornBytesCutOnOpen > 0)
                {
                    tornTails++;
                }

                if (store.RemovedInterruptedCompactionOnOpen)
                {
                    interruptedCompactions++;
                }

                if (Directory.GetFiles(directory, "*.corrupt-*").Length > 0)
                {
                    failures.Add($"iteration {iteration}: the store reported damage after a kill (a torn write must only be cut off)");
                }

                for (var i = 0; i < Grants; i++)
                {
                    var grant = await store.GetAsync(SampleGrants.Id(i), cancellationToken);
                    var stored = grant?.Version ?? 0;
                    // At most one save may have become durable without its "committed" line being read.
                    if (stored < committed[i] || stored > committed[i] + 1 || (grant is not null && !SampleGrants.IsIntact(grant)))
                    {
                        failures.Add(string.Create(CultureInfo.InvariantCulture,
                            $"iteration {iteration}: {SampleGrants.Id(i)} committed version {committed[i]}, found {stored}{(grant is not null && !SampleGrants.IsIntact(grant) ? " (content differs)" : "")}"));
                    }

                    committed[i] = Math.Max(committed[i], stored);
                }

                if (iteration % 20 == 0)
                {
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {iteration}/{iterations} kills, {writes} committed writes, file {new FileInfo(path).Length} bytes"));
                }
            }

            return new SoakResult(iterations, writes, tornTails, interruptedCompactions, failures);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<long> RunChildOnceAsync(string assembly, string path, string key, int killAfter, long[] committed, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add("--path");
        start.ArgumentList.Add(path);
        start.Environment[KeyVariable] = key;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long seen = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    Record(line, committed);
                    if (++seen == killAfter)
                    {
                        process.Kill(entireProcessTree: true);
                        break;
                    }
                }
            }

            // Lines printed before the kill were committed too.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    Record(line, committed);
                    seen++;
                }
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"crash-writer did not reach {killAfter} commits within a minute: {await stderr}");
        }

        if (seen < killAfter)
        {
            throw new InvalidOperationException($"crash-writer exited ({process.ExitCode}) after {seen} commits: {await stderr}");
        }

        return seen;
    }

    private static void Record(string line, long[] committed)
    {
        var parts = line.Split(' ');
        var index = int.Parse(parts[1].AsSpan(6, 8), CultureInfo.InvariantCulture);
        committed[index] = Math.Max(committed[index], long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
