using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// The real server as its own process on a free loopback port, for behaviour that needs settings the shared
/// AppHost does not use (e.g. a low registration rate). Stopped and its files deleted on dispose.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ServerProcess(Process process, string directory, Uri baseUrl)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var directory = Directory.CreateTempSubdirectory("miromcp-server-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(MiroMcp.Server.Configuration.ServerOptions).Assembly.Location);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["MIRO_CLIENT_ID"] = "3458764500000000001";
        start.Environment["MIRO_CLIENT_SECRET"] = TestSecrets.NewToken("secret");
        start.Environment["MIRO_REDIRECT_URI"] = $"http://127.0.0.1:{port}/oauth/callback";
        start.Environment["MIRO_ENCRYPTION_KEY"] = TestSecrets.NewHexKey();
        start.Environment["TOKEN_STORAGE_PATH"] = Path.Combine(directory, "tokens.enc");
        foreach (var name in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "SECRETS_GATEWAY_URL", "SECRETS_GATEWAY_TOKEN" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data && ListeningLine().IsMatch(data))
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await Task.WhenAny(listening.Task, process.WaitForExitAsync()).WaitAsync(timeout);
            Assert.False(process.HasExited, "the server exited during start-up");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex("Now listening on: http://127\\.0\\.0\\.1:")]
    private static partial Regex ListeningLine();
}
