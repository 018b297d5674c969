using System.Diagnostics;
using System.Text.Json;

namespace MiroMcp.Tests.Integration.Deployment;

/// <summary>
/// The container images' configuration as the SDK computes it for the Release publish (`ComputeContainerConfig`
/// evaluates offline: the base image registry is not needed, and nothing is built).
/// </summary>
public sealed class ContainerConfigurationTests
{
    [Theory]
    [InlineData("MiroMcp.Server", "miromcp-server")]
    [InlineData("MiroMcp.SecretsGateway", "miromcp-secrets-gateway")]
    public async Task ComputeContainerConfig_ReleasePublish_Amd64NonRootPort8080Precompiled(string project, string repository)
    {
        var config = await ComputeAsync(project, "-p:Configuration=Release", "-p:RuntimeIdentifier=linux-x64");
        var properties = config.GetProperty("Properties");
        string Property(string name) => properties.GetProperty(name).GetString()!;

        Assert.Equal(repository, Property("ContainerRepository"));
        Assert.Equal("latest", Property("ContainerImageTags"));
        Assert.Equal("linux-x64", Property("ContainerRuntimeIdentifier"));
        Assert.Equal("app", Property("ContainerUser"));
        if (project == "MiroMcp.Server")
        {
            // Decision 010: one Native AOT executable, so no .NET runtime in the base image at all.
            Assert.Equal("true", Property("PublishAot"));
            Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", Property("ContainerBaseImage"), StringComparison.Ordinal);
        }
        else
        {
            // The gateway keeps per-assembly ReadyToRun on the shared framework (decision 008): it meets its goals so.
            Assert.Equal("true", Property("PublishReadyToRun"));
            Assert.NotEqual("true", Property("SelfContained"));
            Assert.NotEqual("true", Property("PublishAot"));
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Property("ContainerBaseImage"), StringComparison.Ordinal);
        }

        var items = config.GetProperty("Items");
        var port = Assert.Single(items.GetProperty("ContainerPort").EnumerateArray());
        Assert.Equal("8080", port.GetProperty("Identity").GetString());
        Assert.Equal("tcp", port.GetProperty("Type").GetString());
        var environment = items.GetProperty("ContainerEnvironmentVariables").EnumerateArray()
            .ToDictionary(e => e.GetProperty("Identity").GetString()!, e => e.GetProperty("Value").GetString(), StringComparer.Ordinal);
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("SCW_", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> ComputeAsync(string project, params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DeployScriptRun.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>
        {
            "msbuild", Path.Combine(project, project + ".csproj"), "-nologo", "-t:ComputeContainerConfig",
        };
        arguments.AddRange(properties);

        arguments.AddRange(
        [
            "-getProperty:ContainerRepository", "-getProperty:ContainerImageTags", "-getProperty:ContainerRuntimeIdentifier",
            "-getProperty:ContainerUser", "-getProperty:ContainerBaseImage", "-getProperty:PublishReadyToRun",
            "-getProperty:SelfContained", "-getProperty:PublishAot",
            "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariables",
        ]);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {output} {await stderr}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
