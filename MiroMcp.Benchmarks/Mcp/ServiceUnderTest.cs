using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// A service under measurement running as its own process (the Release MiroMcp.Server, or the Node server) on a free
/// loopback port, with exactly the environment given; its CPU time is read from /proc/&lt;pid&gt;/stat.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceUnderTest(Process process, Uri baseUrl, StreamWriter log)
    {
        _process = process;
        BaseUrl = baseUrl;
        _log = log;
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MiroMcp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MiroMcp.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The command that runs a .NET service's <paramref name="assembly"/>: <c>dotnet exec</c> for a framework-dependent
    /// build, the apphost beside it for a self-contained publish (its runtimeconfig names <c>includedFrameworks</c>,
    /// which the shared <c>dotnet</c> host does not run).
    /// </summary>
    public static (string FileName, string[] Arguments) DotnetCommand(string assembly)
    {
        var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        var apphost = Path.ChangeExtension(assembly, null);
        if (!File.Exists(assembly) && File.Exists(apphost))
        {
            return (apphost, []); // a Native AOT publish: one executable, no assembly to name
        }

        return File.Exists(runtimeConfig) && File.ReadAllText(runtimeConfig).Contains("\"includedFrameworks\"", StringComparison.Ordinal) && File.Exists(apphost)
            ? (apphost, [])
            : ("dotnet", ["exec", assembly]);
    }

    /// <summary>MiroMcp.Server.dll built with the same configuration as this benchmark (Release when measuring).</summary>
    public static string ServerAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "MiroMcp.Server", "bin", configuration, "net10.0", "MiroMcp.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build MiroMcp.Server first", path);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServiceUnderTest> StartAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, int port,
        IReadOnlyDictionary<string, string> environment, string? readyPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start.");
        var errors = new System.Text.StringBuilder();
        var log = new StreamWriter(Path.Combine(Path.GetTempPath(), $"miromcp-bench-{Path.GetFileNameWithoutExtension(arguments.LastOrDefault() ?? fileName)}-{port.ToString(CultureInfo.InvariantCulture)}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } Write(log, e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceUnderTest(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), log);
        if (readyPath is null)
        {
            return service;
        }

        using var http = new HttpClient { BaseAddress = service.BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {errors}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative), cancellationToken);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        await service.DisposeAsync();
        throw new TimeoutException($"{fileName} was not ready within 60 s: {errors}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The service was stopped; its last lines are not needed.
            }
        }
    }

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime() => CpuTime(_process.Id);

    public static TimeSpan CpuTime(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size in bytes (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
