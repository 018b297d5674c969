using System.Diagnostics;
using System.Text.Json;

namespace MiroMcp.Tests.Fixtures;

/// <summary>Runs one of the Node scripts in MiroMcp.Tests/EndToEnd/node (real MCP clients) and collects its steps.</summary>
internal static class NodeScript
{
    public sealed record Result(int ExitCode, IReadOnlyList<JsonElement> Steps, string StandardError)
    {
        public JsonElement Step(string name) =>
            Steps.FirstOrDefault(step => step.GetProperty("step").GetString() == name) is { ValueKind: JsonValueKind.Object } found
                ? found
                : throw new Xunit.Sdk.XunitException($"The script reported no step '{name}'. Steps: {string.Join(", ", Steps.Select(s => s.GetRawText()))}; stderr: {StandardError}");
    }

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MiroMcp.sln")))
                {
                    return Path.Combine(dir.FullName, "MiroMcp.Tests", "EndToEnd", "node");
                }
            }

            throw new InvalidOperationException("MiroMcp.sln not found above the test output.");
        }
    }

    public static async Task<Result> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var directory = Directory;
        if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            throw new InvalidOperationException($"The Node packages are not installed: run 'npm ci' in {directory} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}: {await stderr}");
        }

        var steps = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return new Result(process.ExitCode, steps, await stderr);
    }
}
