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
    [Command("token-store", "grant store update/read cost at 10/1,000/100,000 grants and load time: [--sizes 10,1000,100000] [--operations 300] [--stores file,postgresql]")]
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--sizes") ?? "10,1000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var operations = int.Parse(Option(args, "--operations") ?? "300", CultureInfo.InvariantCulture);
        var stores = (Option(args, "--stores") ?? "file,postgresql").Split(',');

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"token-store: {operations} updates and {operations} reads per size; {Environment.ProcessorCount} cores; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine("| store | grants | update mean | update p50 | update p95 | read mean | read p50 | open (load) | file size |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

        var updateAt = new Dictionary<(string, int), double>();
        foreach (var kind in stores)
        {
            await using var postgres = kind == "postgresql" ? await LocalPostgres.StartAsync(durable: true, CancellationToken.None) : null;
            foreach (var size in sizes)
            {
                var row = await MeasureAsync(kind, size, operations, postgres);
                updateAt[(kind, size)] = row.UpdateMean;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {size:N0} | {Ms(row.UpdateMean)} | {Ms(row.UpdateP50)} | {Ms(row.UpdateP95)} | {Ms(row.ReadMean)} | {Ms(row.ReadP50)} | {Ms(row.Open)} | {(row.FileBytes > 0 ? $"{row.FileBytes / 1024.0 / 1024.0:F1} MiB" : "-")} |"));
            }
        }

        foreach (var kind in stores)
        {
            if (updateAt.TryGetValue((kind, sizes[0]), out var smallest) && updateAt.TryGetValue((kind, sizes[^1]), out var largest))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: update at {sizes[^1]:N0} = {largest / smallest:F2} x update at {sizes[0]:N0} (goal <= 1.5)"));
            }
        }

        return 0;
    }

    private sealed record Row(double UpdateMean, double UpdateP50, double UpdateP95, double ReadMean, double ReadP50, double Open, long FileBytes);

    private static async Task<Row> MeasureAsync(string kind, int size, int operations, LocalPostgres? postgres)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var keys = new GrantKeyRingProvider(key);
        using var metrics = new TokenStoreMetrics();
        var directory = Directory.CreateTempSubdirectory("miromcp-bench-").FullName;
        var path = Path.Combine(directory, "tokens.enc");
        var connectionString = postgres is null ? null : await postgres.CreateDatabaseAsync(CancellationToken.None);
        EncryptedGrantStore Open() => connectionString is null
            ? new FileGrantStore(path, keys, metrics, NullLogger.Instance)
            : new PostgresGrantStore(connectionString, keys, metrics, NullLogger.Instance);

        try
        {
            var seed = Open();
            for (var start = 0; start < size; start += 10_000)
            {
                var batch = Enumerable.Range(start, Math.Min(10_000, size - start)).Select(i => SampleGrants.Create(SampleGrants.Id(i), 1)).ToArray();
                await seed.ImportAsync(batch, CancellationToken.None);
            }

            await DisposeAsync(seed);
            if (connectionString is not null)
            {
                await SettleAsync(connectionString); // measure the steady state, not autovacuum after the bulk load
            }

            GC.Collect();

            var opening = Stopwatch.GetTimestamp();
            var store = Open();
            await store.InitializeAsync(CancellationToken.None);
            var open = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;
            try
            {
                var random = new Random(42);
                var versions = new Dictionary<int, long>();
                var updates = new List<double>();
                for (var n = 0; n < operations + 20; n++)
                {
                    var i = random.Next(size);
                    var id = SampleGrants.Id(i);
                    var version = versions.GetValueOrDefault(i, 1);
                    var grant = SampleGrants.Create(id, version + 1);
                    var started = Stopwatch.GetTimestamp();
                    var saved = await store.SaveAsync(grant, version, CancellationToken.None) ?? throw new InvalidOperationException("unexpected conflict");
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    versions[i] = saved.Version;
                    if (n >= 20)
                    {
                        updates.Add(elapsed); // the first 20 warm up
                    }
                }

                var reads = new List<double>();
                for (var n = 0; n < operations + 20; n++)
                {
                    var id = SampleGrants.Id(random.Next(size));
                    var started = Stopwatch.GetTimestamp();
                    _ = await store.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("missing grant");
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (n >= 20)
                    {
                        reads.Add(elapsed);
                    }
                }

                updates.Sort();
                reads.Sort();
                var fileBytes = store is FileGrantStore file ? file.FileBytes : 0;
                return new Row(updates.Average(), updates[updates.Count / 2], updates[(int)(updates.Count * 0.95)], reads.Average(), reads[reads.Count / 2], open, fileBytes);
            }
            finally
            {
                await DisposeAsync(store);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task SettleAsync(string connectionString)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var vacuum = dataSource.CreateCommand($"VACUUM ANALYZE {PostgresGrantStore.TableName}");
        await vacuum.ExecuteNonQueryAsync();
        await using var checkpoint = dataSource.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static async Task DisposeAsync(EncryptedGrantStore store)
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
