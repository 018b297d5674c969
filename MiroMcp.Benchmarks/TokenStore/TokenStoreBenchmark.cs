using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Server.Tokens;

namespace MiroMcp.Benchmarks.TokenStore;

/// <summary>
/// Update and read cost of each grant store at 10 / 1,000 / 100,000 grants, and the time to open a store holding
/// them. Goals (issue #4): update at 100,000 at most 1.5 x the cost at 10; opening 100,000 within 1 s.
/// </summary>
internal static class TokenStoreBenchmark
{
    [Command("token-store", "grant store update/read cost at 10/1,000/100,000 grants and load time: [--sizes 10,1000,100000] [--operations 300] [--rounds 3] [--stores file,postgresql]")]
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--sizes") ?? "10,1000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var operations = int.Parse(Option(args, "--operations") ?? "300", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var stores = (Option(args, "--stores") ?? "file,postgresql").Split(',');

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"token-store: {rounds} interleaved rounds x {operations} updates and {operations} reads per size; {Environment.ProcessorCount} cores; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine("| store | grants | update mean | update p50 | update p95 | read mean | read p50 | open (load) | file size |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

        var summaries = new List<string>();
        foreach (var kind in stores)
        {
            await using var postgres = kind == "postgresql" ? await LocalPostgres.StartAsync(durable: true, CancellationToken.None) : null;
            var subjects = new List<Subject>();
            try
            {
                foreach (var size in sizes)
                {
                    subjects.Add(await PrepareAsync(size, postgres));
                }

                // Rounds interleave the sizes, so that noise from the shared machine spreads over all of them.
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var subject in subjects)
                    {
                        await MeasureRoundAsync(subject, operations, warmUp: round == 0 ? 20 : 0);
                    }
                }

                foreach (var subject in subjects)
                {
                    subject.Updates.Sort();
                    subject.Reads.Sort();
                    var fileBytes = subject.Store is FileGrantStore file ? file.FileBytes : 0;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {kind} | {subject.Size:N0} | {Ms(subject.Updates.Average())} | {Ms(P(subject.Updates, 0.5))} | {Ms(P(subject.Updates, 0.95))} | {Ms(subject.Reads.Average())} | {Ms(P(subject.Reads, 0.5))} | {Ms(subject.OpenMilliseconds)} | {(fileBytes > 0 ? $"{fileBytes / 1024.0 / 1024.0:F1} MiB" : "-")} |"));
                }

                var (small, large) = (subjects[0], subjects[^1]);
                var (swept, sweepSeconds) = await large.RotateAndSweepAsync();
                summaries.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: update at {large.Size:N0} / update at {small.Size:N0}: mean {large.Updates.Average() / small.Updates.Average():F2} x, p50 {P(large.Updates, 0.5) / P(small.Updates, 0.5):F2} x (goal <= 1.5); open {large.Size:N0}: {Ms(large.OpenMilliseconds)} (goal <= 1 s); key rotation sweep of {large.Size:N0}: {swept:N0} re-encrypted in {sweepSeconds:F1} s"));
            }
            finally
            {
                foreach (var subject in subjects)
                {
                    await subject.DisposeAsync();
                }
            }
        }

        foreach (var summary in summaries)
        {
            Console.WriteLine(summary);
        }

        return 0;
    }

    private sealed class Subject(int size, EncryptedGrantStore store, string keyHex, GrantKeyRingProvider keys, TokenStoreMetrics metrics, string directory, double openMilliseconds) : IAsyncDisposable
    {
        public int Size { get; } = size;

        public EncryptedGrantStore Store { get; } = store;

        public double OpenMilliseconds { get; } = openMilliseconds;

        public Random Random { get; } = new(42);

        public Dictionary<int, long> Versions { get; } = [];

        public List<double> Updates { get; } = [];

        public List<double> Reads { get; } = [];

        /// <summary>Rotates to a new key (the old one as previous) and times the re-encryption sweep.</summary>
        public async Task<(long Reencrypted, double Seconds)> RotateAndSweepAsync()
        {
            var started = Stopwatch.GetTimestamp();
            keys.Update(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), keyHex);
            var result = await Store.SweepAsync(CancellationToken.None);
            return (result.Reencrypted, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        public async ValueTask DisposeAsync()
        {
            await DisposeStoreAsync(Store);
            keys.Dispose();
            metrics.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Fills a store with <paramref name="size"/> grants, closes it, and times opening it again.</summary>
    private static async Task<Subject> PrepareAsync(int size, LocalPostgres? postgres)
    {
        var keyHex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var keys = new GrantKeyRingProvider(keyHex);
        var metrics = new TokenStoreMetrics();
        var directory = Directory.CreateTempSubdirectory("miromcp-bench-").FullName;
        var path = Path.Combine(directory, "tokens.enc");
        var connectionString = postgres is null ? null : await postgres.CreateDatabaseAsync(CancellationToken.None);
        EncryptedGrantStore Open() => connectionString is null
            ? new FileGrantStore(path, keys, metrics, NullLogger.Instance)
            : new PostgresGrantStore(connectionString, keys, metrics, NullLogger.Instance);

        var seed = Open();
        for (var start = 0; start < size; start += 10_000)
        {
            var batch = Enumerable.Range(start, Math.Min(10_000, size - start)).Select(i => SampleGrants.Create(SampleGrants.Id(i), 1)).ToArray();
            await seed.ImportAsync(batch, CancellationToken.None);
        }

        await DisposeStoreAsync(seed);
        if (connectionString is not null)
        {
            await SettleAsync(connectionString); // measure the steady state, not autovacuum after the bulk load
        }

        GC.Collect();
        var opening = Stopwatch.GetTimestamp();
        var store = Open();
        await store.InitializeAsync(CancellationToken.None);
        var open = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;
        return new Subject(size, store, keyHex, keys, metrics, directory, open);
    }

    /// <summary>Updates (a token refresh: save version + 1 of a random grant) and reads of random grants, each timed alone.</summary>
    private static async Task MeasureRoundAsync(Subject subject, int operations, int warmUp)
    {
        for (var n = 0; n < operations + warmUp; n++)
        {
            var i = subject.Random.Next(subject.Size);
            var version = subject.Versions.GetValueOrDefault(i, 1);
            var grant = SampleGrants.Create(SampleGrants.Id(i), version + 1);
            var started = Stopwatch.GetTimestamp();
            var saved = await subject.Store.SaveAsync(grant, version, CancellationToken.None) ?? throw new InvalidOperationException("unexpected conflict");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            subject.Versions[i] = saved.Version;
            if (n >= warmUp)
            {
                subject.Updates.Add(elapsed);
            }
        }

        for (var n = 0; n < operations + warmUp; n++)
        {
            var id = SampleGrants.Id(subject.Random.Next(subject.Size));
            var started = Stopwatch.GetTimestamp();
            _ = await subject.Store.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("missing grant");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (n >= warmUp)
            {
                subject.Reads.Add(elapsed);
            }
        }
    }

    private static double P(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];

    private static async Task SettleAsync(string connectionString)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var vacuum = dataSource.CreateCommand($"VACUUM ANALYZE {PostgresGrantStore.TableName}");
        await vacuum.ExecuteNonQueryAsync();
        await using var checkpoint = dataSource.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static async Task DisposeStoreAsync(EncryptedGrantStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private static string Ms(double milliseconds) =>
        milliseconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1000:F0} µs") : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F2} ms");

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
