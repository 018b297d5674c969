using System.Globalization;
using System.Security.Cryptography;
using MiroMcp.Benchmarks.Mcp;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Fuzz;

/// <summary>
/// Issue #9: malformed requests from the seeded <see cref="FuzzGenerator"/> against the real server and gateway (each
/// its own process, against the Miro emulator). Pass: 0 answers 5xx, 0 transport failures, both processes alive and
/// healthy at the end. Exit code 1 otherwise, with every failing case listed.
/// </summary>
internal static class FuzzCommand
{
    [Command("fuzz", "seeded malformed requests against the server and gateway: 0 5xx, 0 crashes; --seed S --requests N --concurrency C --server <MiroMcp.Server.dll>")]
    public static async Task<int> RunAsync(string[] args)
    {
        var seed = McpLoad.Option(args, "--seed", 1);
        var requests = McpLoad.Option(args, "--requests", 100_000);
        var concurrency = McpLoad.Option(args, "--concurrency", 8);
        using var cts = new CancellationTokenSource(TimeSpan.FromHours(1));
        var cancellationToken = cts.Token;

        await using var emulator = await MiroEmulator.StartAsync(new MiroEmulatorOptions(), cancellationToken);
        emulator.CreateBoard("Fuzz board");
        var (server, data) = await McpServerHost.StartServerAsync(emulator, cancellationToken, null, McpLoad.ServerAssembly(args));
        await using var serverScope = server;
        var token = await McpServerHost.SignInAsync(server.BaseUrl, cancellationToken);

        var gatewayToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var gatewayAssembly = ServiceUnderTest.ServerAssembly().Replace("MiroMcp.Server", "MiroMcp.SecretsGateway", StringComparison.Ordinal);
        var gatewayPort = ServiceUnderTest.FreePort();
        await using var gateway = await ServiceUnderTest.StartAsync("dotnet", ["exec", gatewayAssembly], Path.GetDirectoryName(gatewayAssembly)!, gatewayPort,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{gatewayPort.ToString(CultureInfo.InvariantCulture)}",
                ["SECRETS_BACKEND"] = "local",
                ["SECRETS_GATEWAY_TOKEN"] = gatewayToken,
                ["MIRO_CLIENT_SECRET"] = emulator.ClientSecret,
                ["MIRO_ENCRYPTION_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            }, "/health", cancellationToken);

        Console.WriteLine($"fuzz: seed {seed}, {requests:N0} requests, {concurrency} concurrent, server {server.BaseUrl}, gateway {gateway.BaseUrl}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await FuzzRunner.RunAsync(new FuzzGenerator(seed, token, gatewayToken), server.BaseUrl, gateway.BaseUrl, requests, concurrency, cancellationToken);
        Console.WriteLine($"{report.Summary()} in {started.Elapsed.TotalSeconds:F0} s");

        var alive = await HealthyAsync(server.BaseUrl, cancellationToken) && await HealthyAsync(gateway.BaseUrl, cancellationToken);
        using var client = McpLoad.NewClient(server.BaseUrl, 1, token);
        var stillServes = await McpLoad.CallAsync(client, McpLoad.ToolsCall("who_am_i"), cancellationToken);
        Console.WriteLine($"after the run: both services healthy = {alive}; who_am_i with the signed-in token: {stillServes ?? "ok"}");
        foreach (var failure in report.Failures.Take(50))
        {
            Console.WriteLine("  " + failure);
        }

        Directory.Delete(data, recursive: true);
        return report.ServerErrors == 0 && report.TransportErrors == 0 && alive && stillServes is null ? 0 : 1;
    }

    private static async Task<bool> HealthyAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
