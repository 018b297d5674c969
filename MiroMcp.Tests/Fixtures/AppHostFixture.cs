using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiroMcp.Tests.Fixtures.Miro;
using MiroMcp.Tests.Fixtures.Telemetry;

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
    private MiroEmulator? _miro;
    private OtlpReceiver? _telemetry;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("miromcp-apphost-").FullName;

    public string EncryptionKey { get; } = TestSecrets.NewHexKey();

    public string GatewayToken { get; } = TestSecrets.NewToken("gateway");

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The Miro emulator the server signs users in with and calls the REST API of.</summary>
    public MiroEmulator Miro => _miro ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>The OTLP collector both services export their logs, traces and metrics to (the leak audit reads it).</summary>
    public OtlpReceiver Telemetry => _telemetry ?? throw new InvalidOperationException("The OTLP receiver has not started.");

    /// <summary>The server's public base URL (as the AppHost published it), e.g. http://localhost:PORT.</summary>
    public Uri ServerUrl => App.GetEndpoint(ServerResource, "http");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        // Miro access tokens shorter than the server's refresh margin: every MCP request refreshes the pair, so
        // the end-to-end runs exercise Miro's token rotation.
        _miro = await MiroEmulator.StartAsync(new MiroEmulatorOptions { AccessTokenLifetime = TimeSpan.FromMinutes(2) }, cts.Token);
        _telemetry = await OtlpReceiver.StartAsync(cts.Token);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MiroMcp_AppHost>(
            [
                $"Parameters:miro-client-id={_miro.ClientId}",
                $"Parameters:miro-client-secret={_miro.ClientSecret}",
                $"Parameters:miro-encryption-key={EncryptionKey}",
                $"Parameters:secrets-gateway-token={GatewayToken}",
                $"Server:MIRO_API_BASE_URL={_miro.BaseUrl}",
                $"Server:MIRO_AUTHORIZE_URL={_miro.AuthorizeUrl}",
                $"Server:TOKEN_STORAGE_PATH={Path.Combine(_dataDirectory, "tokens.enc")}",
                // The attack suite registers a client per test from one address.
                "Server:OAuth__RegistrationsPerMinute=100000",
                // The tests serve client ID metadata documents on loopback (never set in production).
                "Server:OAuth__AllowLoopbackClientMetadata=true",
                // Both services export to the test's OTLP receiver (over Aspire's dashboard settings), quickly.
                $"Telemetry:OTEL_EXPORTER_OTLP_ENDPOINT={_telemetry.BaseUrl.AbsoluteUri.TrimEnd('/')}",
                "Telemetry:OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
                "Telemetry:OTEL_BLRP_SCHEDULE_DELAY=200",
                "Telemetry:OTEL_BSP_SCHEDULE_DELAY=200",
                "Telemetry:OTEL_METRIC_EXPORT_INTERVAL=1000",
            ],
            (options, _) => options.DisableDashboard = true,
            cts.Token);

        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        _app = await builder.BuildAsync(cts.Token).WaitAsync(cts.Token);
        await _app.StartAsync(cts.Token).WaitAsync(cts.Token);

        await _app.ResourceNotifications.WaitForResourceHealthyAsync(GatewayResource, cts.Token).WaitAsync(cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ServerResource, cts.Token).WaitAsync(cts.Token);
        _miro.RegisterRedirectUri(new Uri(ServerUrl, "/oauth/callback").AbsoluteUri);
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

        if (_miro is not null)
        {
            await _miro.DisposeAsync();
        }

        if (_telemetry is not null)
        {
            await _telemetry.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
