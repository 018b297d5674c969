using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Deployment;

/// <summary>
/// Runs scripts/deploy.sh with bash, with a temporary folder first on PATH holding the fakes of
/// <c>Fakes/</c> (scw, curl, dotnet, clang: they record every call to <c>calls.jsonl</c> and keep created resources in a
/// state folder, so that a second run sees the first one's work). Secrets in the fake Secret Manager get random
/// per-run values, so a leak is attributable.
/// </summary>
internal sealed class DeployScriptRun : IDisposable
{
    public const string ProjectId = "11111111-2222-3333-4444-555555555555";

    public static readonly string[] AllSecrets =
        [
            "MIRO_CLIENT_SECRET", "MIRO_ENCRYPTION_KEY", "SECRETS_GATEWAY_TOKEN", "SCALEWAY_SECRET_KEY",
            "POSTGRES_CONNECTION_STRING", "SECRETS_GATEWAY_ACCESS_KEY",
        ];

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("miromcp-deploy-test-");

    public DeployScriptRun(
        IEnumerable<string> secretsWithAVersion,
        IEnumerable<string>? secretsWithoutVersion = null,
        bool withScw = true,
        string environment = "production",
        IEnumerable<string>? secretsWithOnlyDisabledVersions = null)
    {
        Bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin")).FullName;
        State = Directory.CreateDirectory(Path.Combine(_root.FullName, "state")).FullName;
        Directory.CreateDirectory(Path.Combine(State, "secret-values"));
        Directory.CreateDirectory(Path.Combine(State, "secret-disabled"));
        var disabled = new HashSet<string>(secretsWithOnlyDisabledVersions ?? [], StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, "MiroMcp.Tests", "Integration", "Deployment", "Fakes")))
        {
            var name = Path.GetFileName(file);
            if (!withScw && name == "scw")
            {
                continue;
            }

            var target = Path.Combine(Bin, name);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        ScalewayCliSecretKey = NewValue("scw-key");
        var secrets = new JsonArray();
        var index = 0;
        foreach (var (name, versions) in secretsWithAVersion.Select(n => (n, 1)).Concat((secretsWithoutVersion ?? []).Select(n => (n, 0))))
        {
            var id = $"dddddddd-0000-0000-0000-{index++:D12}";
            secrets.Add(new JsonObject
            {
                ["id"] = id, ["project_id"] = ProjectId, ["name"] = name, ["status"] = "ready",
                ["created_at"] = "2026-12-01T10:00:00Z", ["updated_at"] = "2026-12-01T10:00:00Z", ["tags"] = new JsonArray(),
                ["version_count"] = versions, ["description"] = "", ["managed"] = false, ["protected"] = false,
                ["type"] = "opaque", ["path"] = $"/miromcp/{environment}", ["region"] = "fr-par",
            });
            var value = NewValue(name);
            SecretValues[name] = value;
            File.WriteAllText(Path.Combine(State, "secret-values", id), value);
            if (disabled.Contains(name))
            {
                File.WriteAllText(Path.Combine(State, "secret-disabled", id), string.Empty);
            }
        }

        File.WriteAllText(Path.Combine(State, "secrets.json"), secrets.ToJsonString());
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MiroMcp.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("MiroMcp.sln not found above the test output.");
        }
    }

    public string Bin { get; }

    public string State { get; }

    public string ScalewayCliSecretKey { get; }

    public Dictionary<string, string> SecretValues { get; } = new(StringComparer.Ordinal);

    /// <summary>More environment for the script and the fakes (e.g. FAKE_CONTAINER_STATUS).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Every value that must never appear in an argument or in the script's output.</summary>
    public IEnumerable<string> AllSecretValues => SecretValues.Values.Append(ScalewayCliSecretKey);

    public sealed record Call(string Tool, IReadOnlyList<string> Args, string Stdin)
    {
        public string CommandLine => string.Join(' ', Args);

        public bool Is(string tool, string prefix) => Tool == tool && CommandLine.StartsWith(prefix, StringComparison.Ordinal);
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<Call> Calls);

    public async Task<Result> RunAsync(params string[] arguments)
    {
        var callsFile = Path.Combine(State, "calls.jsonl");
        File.Delete(callsFile);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "deploy.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = $"{Bin}:/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = _root.FullName;
        start.Environment["FAKE_STATE"] = State;
        start.Environment["FAKE_SCW_SECRET_KEY"] = ScalewayCliSecretKey;
        start.Environment["MIRO_CLIENT_ID"] = "3458764500000000000";
        start.Environment["IMAGE_TAG"] = "test-1";
        start.Environment["DEPLOY_POLL_SECONDS"] = "0";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("deploy.sh did not finish within 60 s.");
        }

        var calls = File.Exists(callsFile)
            ? File.ReadAllLines(callsFile).Select(line => JsonSerializer.Deserialize<JsonObject>(line)!)
                .Select(o => new Call(
                    o["tool"]!.GetValue<string>(),
                    o["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray(),
                    o["stdin"]!.GetValue<string>()))
                .ToArray()
            : [];
        return new Result(process.ExitCode, await stdout, await stderr, calls);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string NewValue(string name) =>
        $"{name}-value-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}

internal static class DeployCallExtensions
{
    public static string Describe(this IEnumerable<DeployScriptRun.Call> calls)
    {
        var text = new StringBuilder();
        foreach (var call in calls)
        {
            text.Append(call.Tool).Append(' ').AppendLine(call.CommandLine);
        }

        return text.ToString();
    }
}
