using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// ONE started AppHost for every test in the "AppHost" collection: starting and stopping Aspire costs ~20 s, so
/// the suite pays it once. Every wait is bounded.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string ServerResource = "server";
    public const string GatewayResource = "secrets-gateway";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private DistributedApplication? _app;

    public string MiroClientId { get; } = TestSecrets.NewToken("client");

    public string MiroClientSecret { get; } = TestSecrets.NewToken("secret");

    public string EncryptionKey { get; } = TestSecrets.NewHexKey();

    public string GatewayToken { get; } = TestSecrets.NewToken("gateway");

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MiroMcp_AppHost>(
            [
                $"Parameters:miro-client-id={MiroClientId}",
                $"Parameters:miro-client-secret={MiroClientSecret}",
                $"Parameters:miro-encryption-key={EncryptionKey}",
                $"Parameters:secrets-gateway-token={GatewayToken}",
            ],
            (options, _) => options.DisableDashboard = true,
            cts.Token);

        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        _app = await builder.BuildAsync(cts.Token).WaitAsync(cts.Token);
        await _app.StartAsync(cts.Token).WaitAsync(cts.Token);

        await _app.ResourceNotifications.WaitForResourceHealthyAsync(GatewayResource, cts.Token).WaitAsync(cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ServerResource, cts.Token).WaitAsync(cts.Token);
    }

    public HttpClient CreateClient(string resource) => App.CreateHttpClient(resource, "http");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _app.StopAsync(cts.Token).WaitAsync(cts.Token);
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
