using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Deployment;

/// <summary>scripts/deploy.sh against a scripted fake scw (and fake curl and dotnet) first on PATH.</summary>
public sealed class DeployScriptTests
{
    private const string ServerHost = "miromcp04-miromcp-server.functions.fnc.fr-par.scw.cloud";
    private const string GatewayHost = "miromcp03-miromcp-gateway.functions.fnc.fr-par.scw.cloud";

    [Fact]
    public async Task Deploy_MissingSecrets_RefusesWithTheSeedMessageAndChangesNothing()
    {
        using var run = new DeployScriptRun(
            ["MIRO_CLIENT_SECRET", "SCALEWAY_SECRET_KEY"], secretsWithoutVersion: ["SECRETS_GATEWAY_TOKEN"]);

        var result = await run.RunAsync("--env=production");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "Error: Missing required secrets in Scaleway Secret Manager:\n"
            + "  - MIRO_ENCRYPTION_KEY\n  - SECRETS_GATEWAY_TOKEN\n  - POSTGRES_CONNECTION_STRING\n  - SECRETS_GATEWAY_ACCESS_KEY\n",
            result.StandardError,
            StringComparison.Ordinal);
        Assert.DoesNotContain("  - MIRO_CLIENT_SECRET", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Calls, call => call.Tool != "scw");
        Assert.DoesNotContain(result.Calls, call => call.CommandLine.Contains(" create ", StringComparison.Ordinal)
            || call.CommandLine.Contains(" update ", StringComparison.Ordinal)
            || call.Is("scw", "secret version access"));
    }

    [Fact]
    public async Task Deploy_SecretWithOnlyDisabledVersions_CountsAsMissing()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets, secretsWithOnlyDisabledVersions: ["MIRO_CLIENT_SECRET"]);

        var result = await run.RunAsync("--env=production");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "Error: Missing required secrets in Scaleway Secret Manager:\n  - MIRO_CLIENT_SECRET\n",
            result.StandardError,
            StringComparison.Ordinal);
        Assert.DoesNotContain(result.Calls, call => call.Tool != "scw" || call.Is("scw", "secret version access"));
    }

    [Fact]
    public async Task Deploy_FreshProject_PushesImagesAndCreatesBothContainers()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);

        var result = await run.RunAsync("--env=production");

        Assert.True(result.ExitCode == 0, result.StandardError + result.Calls.Describe());
        Assert.Single(result.Calls, c => c.Is("scw", "registry namespace create name=miromcp-production "));
        Assert.Single(result.Calls, c => c.Is("scw", "container namespace create name=miromcp-production "));
        var publishes = result.Calls.Where(c => c.Is("dotnet", "publish ")).ToArray();
        Assert.Equal(2, publishes.Length);
        foreach (var publish in publishes)
        {
            Assert.Contains("-t:PublishContainer", publish.Args);
            Assert.Contains("linux-x64", publish.Args);
            Assert.Contains("-p:ContainerRegistry=rg.fr-par.scw.cloud", publish.Args);
            // Intermediate files outside the checkout's obj/, which may hold another kind of publish (decision 008).
            var artifacts = publish.Args.ToList().IndexOf("--artifacts-path");
            Assert.True(artifacts >= 0 && artifacts + 1 < publish.Args.Count, publish.CommandLine);
            Assert.False(Path.GetFullPath(publish.Args[artifacts + 1]).StartsWith(DeployScriptRun.RepositoryRoot, StringComparison.Ordinal), publish.CommandLine);
            Assert.Equal("registry-password-in-environment=yes", publish.Stdin);
        }

        var gateway = Assert.Single(result.Calls, c => c.Is("scw", "container container create") && c.Args.Contains("name=miromcp-gateway"));
        Assert.Contains("image=rg.fr-par.scw.cloud/miromcp-production/miromcp-secrets-gateway:test-1", gateway.Args);
        Assert.Contains("privacy=private", gateway.Args);
        Assert.Contains("liveness-probe.http.path=/alive", gateway.Args);
        Assert.Contains("startup-probe.http.path=/health", gateway.Args);
        Assert.Contains("max-scale=2", gateway.Args);
        Assert.Contains("environment-variables.SECRETS_BACKEND=scaleway", gateway.Args);
        Assert.Contains($"environment-variables.SCALEWAY_PROJECT_ID={DeployScriptRun.ProjectId}", gateway.Args);
        Assert.Contains("environment-variables.SCALEWAY_REGION=fr-par", gateway.Args);
        Assert.Contains("environment-variables.Scaleway__SecretPath=/miromcp/production", gateway.Args);

        var server = result.Calls.Last(c => c.Is("scw", "container container update"));
        Assert.Contains("image=rg.fr-par.scw.cloud/miromcp-production/miromcp-server:test-1", server.Args);
        Assert.Contains("privacy=public", server.Args);
        Assert.Contains("max-scale=1", server.Args);
        Assert.Contains("liveness-probe.http.path=/alive", server.Args);
        Assert.Contains("startup-probe.http.path=/health", server.Args);
        Assert.Contains("environment-variables.MIRO_CLIENT_ID=3458764500000000000", server.Args);
        Assert.Contains($"environment-variables.MIRO_REDIRECT_URI=https://{ServerHost}/oauth/callback", server.Args);
        Assert.Contains($"environment-variables.SECRETS_GATEWAY_URL=https://{GatewayHost}", server.Args);

        Assert.Contains($"MIRO_REDIRECT_URI=https://{ServerHost}/oauth/callback", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"https://{ServerHost}/mcp", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_SecretEnvironment_GoesByStdinToTheContainersApi()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);

        var result = await run.RunAsync("--env=production");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var patches = result.Calls.Where(c => c.Tool == "curl").ToArray();
        Assert.Equal(2, patches.Length);
        Assert.All(patches, p => Assert.Contains("PATCH", p.Args));
        Assert.All(patches, p => Assert.Contains("@-", p.Args));

        var gateway = SecretBody(patches[0]);
        Assert.EndsWith("/containers/v1/regions/fr-par/containers/cccccccc-0000-0000-0000-000000000003", patches[0].Args[^1], StringComparison.Ordinal);
        Assert.Equal(run.SecretValues["SCALEWAY_SECRET_KEY"], gateway["SCALEWAY_SECRET_KEY"]!.GetValue<string>());
        Assert.Equal(run.SecretValues["SECRETS_GATEWAY_TOKEN"], gateway["SECRETS_GATEWAY_TOKEN"]!.GetValue<string>());
        Assert.Equal(2, gateway.Count);

        var server = SecretBody(patches[1]);
        Assert.Equal(run.SecretValues["SECRETS_GATEWAY_TOKEN"], server["SECRETS_GATEWAY_TOKEN"]!.GetValue<string>());
        Assert.Equal(run.SecretValues["POSTGRES_CONNECTION_STRING"], server["POSTGRES_CONNECTION_STRING"]!.GetValue<string>());
        Assert.Equal(run.SecretValues["SECRETS_GATEWAY_ACCESS_KEY"], server["SECRETS_GATEWAY_ACCESS_KEY"]!.GetValue<string>());
        Assert.False(server.ContainsKey("MIRO_CLIENT_SECRET"), "the server reads the Miro secrets through the gateway");
    }

    [Fact]
    public async Task Deploy_AnyRun_NoSecretValueInArgumentsOrOutput()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);

        var first = await run.RunAsync("--env=production");
        var second = await run.RunAsync("--env=production");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        foreach (var result in new[] { first, second })
        {
            foreach (var value in run.AllSecretValues)
            {
                Assert.DoesNotContain(result.Calls, c => c.Args.Any(a => a.Contains(value, StringComparison.Ordinal)));
                Assert.DoesNotContain(value, result.StandardOutput, StringComparison.Ordinal);
                Assert.DoesNotContain(value, result.StandardError, StringComparison.Ordinal);
            }
        }

        // The values did travel: on stdin, where no other process can read them.
        Assert.Contains(first.Calls, c => c.Stdin.Contains(run.SecretValues["SCALEWAY_SECRET_KEY"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_Containers_NeverGetScwNames()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);

        var result = await run.RunAsync("--env=production");

        Assert.Equal(0, result.ExitCode);
        var containerCalls = result.Calls.Where(c => c.Is("scw", "container container")).ToArray();
        Assert.NotEmpty(containerCalls);
        Assert.DoesNotContain(containerCalls, c => c.Args.Any(a => a.StartsWith("environment-variables.SCW_", StringComparison.Ordinal)));
        Assert.DoesNotContain(result.Calls.Where(c => c.Tool == "curl"), c => SecretBody(c).Any(p => p.Key.StartsWith("SCW_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deploy_SecondRun_UpdatesInPlaceAndCreatesNothing()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);
        var first = await run.RunAsync("--env=production");
        Assert.Equal(0, first.ExitCode);

        var second = await run.RunAsync("--env=production");

        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.DoesNotContain(second.Calls, c => c.CommandLine.Contains(" create ", StringComparison.Ordinal));
        Assert.Equal(2, second.Calls.Count(c => c.Is("scw", "container container update")));
        Assert.Equal(
            first.StandardOutput.Split('\n').Single(l => l.Contains("MIRO_REDIRECT_URI=", StringComparison.Ordinal)),
            second.StandardOutput.Split('\n').Single(l => l.Contains("MIRO_REDIRECT_URI=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deploy_DryRun_ValidatesButChangesAndReadsNothing()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets, environment: "staging");

        var result = await run.RunAsync("--env=staging", "--dry-run");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains(result.Calls, c => c.Is("scw", "secret secret list") && c.Args.Contains("path=/miromcp/staging"));
        Assert.DoesNotContain(result.Calls, c => c.Tool != "scw");
        Assert.DoesNotContain(result.Calls, c => c.Is("scw", "secret version access") || c.Is("scw", "config get secret-key")
            || c.CommandLine.Contains(" create ", StringComparison.Ordinal) || c.CommandLine.Contains(" update ", StringComparison.Ordinal));
        Assert.Contains("Dry run: nothing changed.", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_PublicGateway_NeedsNoAccessKey()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets.Where(n => n != "SECRETS_GATEWAY_ACCESS_KEY"));
        run.Environment["GATEWAY_PRIVACY"] = "public";

        var result = await run.RunAsync("--env=production");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains(result.Calls, c => c.Is("scw", "container container create") && c.Args.Contains("name=miromcp-gateway") && c.Args.Contains("privacy=public"));
        Assert.DoesNotContain(result.Calls, c => c.Tool == "curl" && c.Stdin.Contains("SECRETS_GATEWAY_ACCESS_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_SecretUnreadable_StopsBeforeSendingAnySecretEnvironment()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);
        run.Environment["FAKE_ACCESS_DENIED"] = "dddddddd-0000-0000-0000-000000000003"; // SCALEWAY_SECRET_KEY

        var result = await run.RunAsync("--env=production");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("could not read the latest enabled version of SCALEWAY_SECRET_KEY", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Calls, c => c.Tool == "curl");
    }

    [Fact]
    public async Task Deploy_ContainerInError_FailsNamingItsStatus()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);
        run.Environment["FAKE_CONTAINER_STATUS"] = "error";

        var result = await run.RunAsync("--env=production");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("container cccccccc-0000-0000-0000-000000000003 is in status 'error'", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("MIRO_REDIRECT_URI=", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_CustomDomain_RedirectUriFollowsMcpPublicUrl()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);
        run.Environment["MCP_PUBLIC_URL"] = "https://mcp.example.com/";

        var result = await run.RunAsync("--env=production");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var server = result.Calls.Last(c => c.Is("scw", "container container update"));
        Assert.Contains("environment-variables.MIRO_REDIRECT_URI=https://mcp.example.com/oauth/callback", server.Args);
        Assert.Contains("environment-variables.MCP_PUBLIC_URL=https://mcp.example.com", server.Args);
        Assert.Contains("MIRO_REDIRECT_URI=https://mcp.example.com/oauth/callback", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_NoScwOnPath_FailsWithAClearMessage()
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets, withScw: false);

        var result = await run.RunAsync("--env=production");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error: scw is required but was not found on PATH", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.Calls);
    }

    [Theory]
    [InlineData("--env=prod")]
    [InlineData("--dry-run")]
    public async Task Deploy_BadArguments_RefusesWithoutCallingAnything(string argument)
    {
        using var run = new DeployScriptRun(DeployScriptRun.AllSecrets);

        var result = await run.RunAsync(argument);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--env=production", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.Calls);
    }

    private static JsonObject SecretBody(DeployScriptRun.Call call) =>
        JsonNode.Parse(call.Stdin)!["secret_environment_variables"]!.AsObject();
}
