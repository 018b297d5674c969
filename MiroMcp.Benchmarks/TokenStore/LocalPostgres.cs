using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MiroMcp.Benchmarks.TokenStore;

/// <summary>
/// A real, throwaway PostgreSQL server from the machine's packages (Debian: /usr/lib/postgresql/*/bin): initdb in
/// a temporary folder, pg_ctl start on a free loopback port, stop and delete on dispose. PostgreSQL refuses to
/// run as root, so as root every step runs as the <c>postgres</c> OS user (runuser). Used by the tests'
/// PostgreSQL fixture and by the token-store benchmark.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly string _binDirectory;
    private bool _started;

    private LocalPostgres(string binDirectory, string root, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the server's <c>postgres</c> database (trust authentication on loopback).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    /// <summary>Starts a server; throws (never skips) with a message saying what to install when there is none.</summary>
    public static async Task<LocalPostgres> StartAsync(bool durable, CancellationToken cancellationToken)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. "
            + "Install them: apt-get update && apt-get install -y --no-install-recommends postgresql (.ci/run does this).");

        var root = Directory.CreateTempSubdirectory("miromcp-pg-").FullName;
        var server = new LocalPostgres(bin, root, FreeLoopbackPort());
        try
        {
            await server.StartCoreAsync(durable, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            Pooling = true,
        }.ConnectionString;

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // best effort: the folder goes anyway
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartCoreAsync(bool durable, CancellationToken cancellationToken)
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunProcessAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", _root], cancellationToken);
        }

        await RunAsync("initdb", ["-D", _dataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-sync"], cancellationToken);
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync={(durable ? "on" : "off")} -c synchronous_commit={(durable ? "on" : "off")} -c full_page_writes={(durable ? "on" : "off")}");
        _started = true;
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], cancellationToken);
    }

    private Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], cancellationToken)
            : RunProcessAsync(path, arguments, cancellationToken);
    }

    private async Task RunProcessAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Take(3))} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log, CancellationToken.None) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Take(4))} failed ({process.ExitCode}): {await stderr}{await stdout}{serverLog}");
        }
    }
}
