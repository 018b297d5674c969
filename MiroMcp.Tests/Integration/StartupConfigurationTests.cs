using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration;

/// <summary>The services as real processes: a bad configuration stops start-up with one line naming every key.</summary>
public sealed class StartupConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private static string AssemblyOf<T>() => typeof(T).Assembly.Location;

    [Fact]
    public async Task Server_MissingSecret_ExitsWithOneLineNamingIt()
    {
        var secret = TestSecrets.NewHexKey();
        var result = await ServiceProcess.RunToExitAsync(
            AssemblyOf<MiroMcp.Server.Configuration.ServerOptions>(),
            new Dictionary<string, string>
            {
                ["MIRO_CLIENT_ID"] = "3458764500000000000",
                ["MIRO_REDIRECT_URI"] = "http://127.0.0.1:5180/oauth/callback",
                ["MIRO_ENCRYPTION_KEY"] = secret,
            },
            ExitTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Failed to load configuration: Environment variable MIRO_CLIENT_SECRET not found",
            result.StandardError.Trim());
        Assert.DoesNotContain(secret, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_NothingSet_NamesEveryMissingKeyOnOneLine()
    {
        var result = await ServiceProcess.RunToExitAsync(
            AssemblyOf<MiroMcp.Server.Configuration.ServerOptions>(), new Dictionary<string, string>(), ExitTimeout);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("Failed to load configuration: ", line, StringComparison.Ordinal);
        foreach (var name in new[] { "MIRO_CLIENT_ID", "MIRO_CLIENT_SECRET", "MIRO_REDIRECT_URI", "MIRO_ENCRYPTION_KEY" })
        {
            Assert.Contains($"Environment variable {name} not found", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Gateway_MissingCallerToken_ExitsWithOneLineNamingIt()
    {
        var result = await ServiceProcess.RunToExitAsync(
            AssemblyOf<MiroMcp.SecretsGateway.Configuration.GatewayOptions>(),
            new Dictionary<string, string> { ["SECRETS_BACKEND"] = "local" },
            ExitTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Failed to load configuration: Environment variable SECRETS_GATEWAY_TOKEN not found",
            result.StandardError.Trim());
    }
}
