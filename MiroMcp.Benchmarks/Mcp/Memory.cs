using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Issue #9 memory: RSS of each service (server, gateway, TypeScript SDK server) idle after start and after first use,
/// then the server's RSS as G grants become active (each its own registration, sign-in and one tools/call).
/// </summary>
internal static class Memory
{
    private static readonly int[] Checkpoints = [100, 250, 500, 1_000, 2_000, 5_000];

    [Command("memory", "RSS idle per service (server, gateway, TypeScript SDK server) and the server's growth with G active grants; --grants G --server <MiroMcp.Server.dll> --gateway <MiroMcp.SecretsGateway.dll> --env NAME=VALUE")]
    public static async Task<int> RunAsync(string[] args)
    {
        var grants = McpLoad.Option(args, "--grants", 1_000);
        var assembly = McpLoad.ServerAssembly(args);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var cancellationToken = cts.Token;
        static string MiB(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";

        await using var emulator = await MiroEmulator.StartAsync(new MiroEmulatorOptions { CreditsPerMinute = int.MaxValue / 2 }, cancellationToken);
        var (server, data) = await McpServerHost.StartServerAsync(emulator, ServiceUnderTest.FreePort(), null, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), assembly, "/health",
            new Dictionary<string, string>(McpLoad.ServerEnvironment(args)) { ["OAuth__RegistrationsPerMinute"] = (grants * 2).ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        await using var serverScope = server;

        var gatewayToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var gatewayAssembly = McpLoad.PathOption(args, "--gateway")
            ?? ServiceUnderTest.ServerAssembly().Replace("MiroMcp.Server", "MiroMcp.SecretsGateway", StringComparison.Ordinal);
        var gatewayPort = ServiceUnderTest.FreePort();
        var (gatewayCommand, gatewayArguments) = ServiceUnderTest.DotnetCommand(gatewayAssembly);
        await using var gateway = await ServiceUnderTest.StartAsync(gatewayCommand, gatewayArguments, Path.GetDirectoryName(gatewayAssembly)!, gatewayPort,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{gatewayPort.ToString(CultureInfo.InvariantCulture)}",
                ["SECRETS_BACKEND"] = "local",
                ["SECRETS_GATEWAY_TOKEN"] = gatewayToken,
                ["MIRO_CLIENT_SECRET"] = emulator.ClientSecret,
                ["MIRO_ENCRYPTION_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            }, "/health", cancellationToken);

        var nodePort = ServiceUnderTest.FreePort();
        await using var typescript = await ServiceUnderTest.StartAsync("node", ["tools-bench-server.mjs"],
            Path.Combine(ServiceUnderTest.RepositoryRoot(), "MiroMcp.Tests", "EndToEnd", "node"), nodePort,
            new Dictionary<string, string>
            {
                ["PORT"] = nodePort.ToString(CultureInfo.InvariantCulture),
                ["MIRO_API_BASE_URL"] = emulator.BaseUrl.AbsoluteUri.TrimEnd('/'),
                ["MIRO_ACCESS_TOKEN"] = emulator.IssueTokens().AccessToken,
                ["NODE_ENV"] = "production",
            }, "/health", cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Console.WriteLine($"memory: server {assembly} {string.Join(' ', McpLoad.ServerEnvironment(args).Select(e => e.Key + "=" + e.Value))}, {Environment.ProcessorCount} cores, load average {ToolsCall.LoadAverage()}");
        Console.WriteLine($"idle after start (3 s settle): server {MiB(server.ResidentBytes())}, gateway {MiB(gateway.ResidentBytes())}, TypeScript SDK server {MiB(typescript.ResidentBytes())}");

        var body = McpLoad.ToolsCall("who_am_i");
        var token = await McpServerHost.SignInAsync(server.BaseUrl, cancellationToken);
        using (var ours = McpLoad.NewClient(server.BaseUrl, 4, token))
        using (var ts = McpLoad.NewClient(typescript.BaseUrl, 4, null))
        using (var gatewayClient = new HttpClient { BaseAddress = gateway.BaseUrl })
        {
            gatewayClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gatewayToken);
            await McpLoad.RunAsync(ours, body, 1_000, 4, cancellationToken);
            await McpLoad.RunAsync(ts, body, 1_000, 4, cancellationToken);
            for (var i = 0; i < 1_000; i++)
            {
                using var response = await gatewayClient.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative), cancellationToken);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Console.WriteLine($"idle after 1,000 calls each (3 s settle): server {MiB(server.ResidentBytes())}, gateway {MiB(gateway.ResidentBytes())}, TypeScript SDK server {MiB(typescript.ResidentBytes())}");

        Console.WriteLine("| active grants | server RSS |");
        Console.WriteLine("| ---: | ---: |");
        Console.WriteLine($"| 1 | {MiB(server.ResidentBytes())} |");
        var done = 1;
        using var gate = new SemaphoreSlim(4);
        foreach (var checkpoint in Checkpoints.Where(c => c <= grants).Append(grants).Distinct())
        {
            await Task.WhenAll(Enumerable.Range(done, checkpoint - done).Select(async _ =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var grantToken = await McpServerHost.SignInAsync(server.BaseUrl, cancellationToken);
                    using var client = McpLoad.NewClient(server.BaseUrl, 1, grantToken);
                    var error = await McpLoad.CallAsync(client, body, cancellationToken);
                    if (error is not null)
                    {
                        throw new InvalidOperationException(error);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            done = checkpoint;
            Console.WriteLine($"| {checkpoint:N0} | {MiB(server.ResidentBytes())} |");
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }
}
