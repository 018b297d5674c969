using MiroMcp.Benchmarks;
using MiroMcp.Benchmarks.TokenStore;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>
/// A child process (MiroMcp.Benchmarks crash-writer) saves grants and is killed (SIGKILL) at a random moment, in a
/// loop; after each kill the file must open and hold every record the child reported as committed. CI runs 20
/// kills; `dotnet run -c Release --project MiroMcp.Benchmarks -- token-store-soak --iterations 200` runs the soak.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Iterations = 20;

    [Fact]
    public async Task SaveAsync_ChildKilledMidWriteInALoop_EveryCommittedRecordSurvives()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var progress = new StringWriter();

        var result = await TokenStoreCrash.RunAsync(BenchmarksAssembly(), Iterations, progress, cts.Token);

        Assert.Empty(result.Failures);
        Assert.Equal(Iterations, result.Iterations);
        Assert.True(result.CommittedWrites >= Iterations, $"only {result.CommittedWrites} committed writes");
    }

    /// <summary>
    /// MiroMcp.Benchmarks.dll in its own output folder (its deps.json matches the files there; the copy next to the
    /// tests shares a folder with the test host's assemblies, whose versions differ), else the copy next to the tests.
    /// </summary>
    private static string BenchmarksAssembly()
    {
        // bin/<Configuration>/<tfm>/ of the tests → the same folders of MiroMcp.Benchmarks.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var own = Path.Combine(repository, "MiroMcp.Benchmarks", "bin", configuration, tfm, "MiroMcp.Benchmarks.dll");
        if (File.Exists(own))
        {
            return own;
        }

        var copied = typeof(CommandAttribute).Assembly.Location;
        Assert.True(File.Exists(Path.ChangeExtension(copied, ".runtimeconfig.json")), $"MiroMcp.Benchmarks.dll not found at {own} nor next to the tests");
        return copied;
    }
}
