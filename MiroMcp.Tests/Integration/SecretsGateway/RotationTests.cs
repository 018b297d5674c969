using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Scaleway;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>
/// End to end: a new version in (emulated) Scaleway → the gateway (short TTL) → the server's configuration
/// provider → IOptionsMonitor&lt;ServerOptions&gt;, without a restart. Waits on change notifications, bounded.
/// </summary>
public sealed class RotationTests : IAsyncLifetime
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly string _serverToken = TestSecrets.NewToken("server");
    private readonly string _clientSecretV1 = TestSecrets.NewToken("client-secret-v1");
    private readonly string _keyV1 = TestSecrets.NewHexKey();
    private ScalewayEmulator _emulator = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ScalewayEmulator.StartAsync();
        _emulator.CreateSecret(ConfigurationNames.MiroClientSecret);
        _emulator.AddVersion(ConfigurationNames.MiroClientSecret, _clientSecretV1);
        _emulator.CreateSecret(ConfigurationNames.MiroEncryptionKey);
        _emulator.AddVersion(ConfigurationNames.MiroEncryptionKey, _keyV1);

        var settings = GatewayHost.ScalewaySettings(_emulator, _serverToken);
        settings["Cache:Ttl"] = "00:00:00.200";
        settings["Cache:TtlJitter"] = "0";
        settings["Cache:StaleWhileRevalidate"] = "00:00:00";
        _gateway = await GatewayHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private (ServiceProvider Services, IConfigurationRoot Configuration) ServerSide()
    {
        var source = new SecretsGatewayConfigurationSource(new SecretsGatewaySettings
        {
            BaseUri = _gateway.BaseUri,
            Token = _serverToken,
            RefreshInterval = TimeSpan.FromMilliseconds(100),
        });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MIRO_CLIENT_ID"] = "3458764500000000000",
                ["MIRO_REDIRECT_URI"] = "http://127.0.0.1:5180/oauth/callback",
            })
            .Add(source)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<ServerOptions>().Configure<IConfiguration>(static (options, config) => ServerConfigurationExtensions.Bind(options, config));
        services.AddSingleton<IOptionsChangeTokenSource<ServerOptions>>(new ConfigurationChangeTokenSource<ServerOptions>(configuration));
        return (services.BuildServiceProvider(), configuration);
    }

    private static async Task<ServerOptions> WaitForAsync(IOptionsMonitor<ServerOptions> monitor, Func<ServerOptions, bool> condition)
    {
        var reached = new TaskCompletionSource<ServerOptions>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = monitor.OnChange(options =>
        {
            if (condition(options))
            {
                reached.TrySetResult(options);
            }
        });
        if (condition(monitor.CurrentValue))
        {
            return monitor.CurrentValue;
        }

        return await reached.Task.WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task OptionsMonitor_NewClientSecretVersionInScaleway_SeesItWithoutRestart()
    {
        var (services, configuration) = ServerSide();
        await using var _ = services;
        using var __ = configuration as IDisposable;
        var monitor = services.GetRequiredService<IOptionsMonitor<ServerOptions>>();
        var logger = new FakeLogger();
        configuration.Providers.OfType<SecretsGatewayConfigurationProvider>().Single().AttachLogger(logger);
        var before = monitor.CurrentValue.MiroClientSecret;
        var v2 = TestSecrets.NewToken("client-secret-v2");

        _emulator.AddVersion(ConfigurationNames.MiroClientSecret, v2, disablePrevious: true);
        var after = await WaitForAsync(monitor, options => options.MiroClientSecret == v2);

        Assert.Equal(_clientSecretV1, before);
        Assert.Equal(v2, after.MiroClientSecret);
        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, record => record.Id.Name == "SecretsRotated" && record.Message.Contains("MIRO_CLIENT_SECRET (revision 2)", StringComparison.Ordinal));
        Assert.All(records, record => Assert.DoesNotContain(v2, record.Message, StringComparison.Ordinal));
        Assert.All(records, record => Assert.DoesNotContain(_clientSecretV1, record.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptionsMonitor_NewEncryptionKeyWithoutPrevious_KeepsOldKeyAsPrevious()
    {
        var (services, configuration) = ServerSide();
        await using var _ = services;
        using var __ = configuration as IDisposable;
        var monitor = services.GetRequiredService<IOptionsMonitor<ServerOptions>>();
        var keyV2 = TestSecrets.NewHexKey();

        _emulator.AddVersion(ConfigurationNames.MiroEncryptionKey, keyV2);
        var after = await WaitForAsync(monitor, options => options.MiroEncryptionKey == keyV2);

        Assert.Equal(keyV2, after.MiroEncryptionKey);
        Assert.Equal(_keyV1, after.MiroEncryptionKeyPrevious);
    }

    [Fact]
    public async Task Provider_GatewayDownAfterStart_KeepsCurrentValues()
    {
        var (services, configuration) = ServerSide();
        await using var _ = services;
        using var __ = configuration as IDisposable;
        var provider = configuration.Providers.OfType<SecretsGatewayConfigurationProvider>().Single();
        await _gateway.DisposeAsync();
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["SECRETS_GATEWAY_TOKEN"] = "another-token" });

        var changed = await provider.RefreshAsync(CancellationToken.None);

        Assert.False(changed);
        Assert.Equal(_clientSecretV1, configuration[ConfigurationNames.MiroClientSecret]);
    }
}
