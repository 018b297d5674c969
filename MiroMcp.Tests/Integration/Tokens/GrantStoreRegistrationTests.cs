using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>AddGrantStore as Program.cs uses it: engine choice, and keys changing at run time.</summary>
public sealed class GrantStoreRegistrationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("miromcp-registration-");
    private readonly string _keyA = TestSecrets.NewHexKey();
    private readonly string _keyB = TestSecrets.NewHexKey();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void AddGrantStore_NoConnectionString_UsesTheFileStore()
    {
        using var host = Build(new() { ["TOKEN_STORAGE_PATH"] = Path.Combine(_directory.FullName, "tokens.enc") }).Build();

        Assert.IsType<FileGrantStore>(host.Services.GetRequiredService<IGrantStore>());
    }

    [Fact]
    public void AddGrantStore_ConnectionString_UsesThePostgresStore()
    {
        using var host = Build(new() { ["POSTGRES_CONNECTION_STRING"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none" }).Build();

        Assert.IsType<PostgresGrantStore>(host.Services.GetRequiredService<IGrantStore>());
        Assert.Same(host.Services.GetRequiredService<IGrantStore>(), host.Services.GetRequiredService<EncryptedGrantStore>());
    }

    [Fact]
    public async Task ConfigurationReload_NewKeyAndPrevious_SweepReencryptsAndNewKeyAloneReadsEverything()
    {
        var path = Path.Combine(_directory.FullName, "tokens.enc");
        var builder = Build(new() { ["TOKEN_STORAGE_PATH"] = path });
        using var host = builder.Build();
        var service = host.Services.GetServices<IHostedService>().OfType<GrantStoreMaintenanceService>().Single();
        var firstSweep = NextSweep(service);
        await host.StartAsync().WaitAsync(Timeout);
        await firstSweep.WaitAsync(Timeout);
        var store = host.Services.GetRequiredService<IGrantStore>();
        Assert.NotNull(await store.SaveAsync(SampleGrants.Create("g", 1), 0, CancellationToken.None));

        var secondSweep = NextSweep(service);
        builder.Configuration["MIRO_ENCRYPTION_KEY"] = _keyB;
        builder.Configuration["MIRO_ENCRYPTION_KEY_PREVIOUS"] = _keyA;
        ((IConfigurationRoot)builder.Configuration).Reload();
        var sweep = await secondSweep.WaitAsync(Timeout);
        await host.StopAsync().WaitAsync(Timeout);
        host.Dispose();

        Assert.Equal(1, sweep.Reencrypted);
        using var keys = new GrantKeyRingProvider(_keyB);
        using var metrics = new TokenStoreMetrics();
        using var newKeyOnly = new FileGrantStore(path, keys, metrics, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Equal(SampleGrants.Create("g", 1), await newKeyOnly.GetAsync("g", CancellationToken.None));
    }

    private static Task<SweepResult> NextSweep(GrantStoreMaintenanceService service)
    {
        var completion = new TaskCompletionSource<SweepResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, SweepResult result)
        {
            service.SweepFinished -= Handler;
            completion.TrySetResult(result);
        }

        service.SweepFinished += Handler;
        return completion.Task;
    }

    private HostApplicationBuilder Build(Dictionary<string, string?> values)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MIRO_CLIENT_ID"] = "3458764500000000000",
            ["MIRO_CLIENT_SECRET"] = TestSecrets.NewToken("secret"),
            ["MIRO_REDIRECT_URI"] = "http://127.0.0.1:5180/oauth/callback",
            ["MIRO_ENCRYPTION_KEY"] = _keyA,
        });
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddServerConfiguration();
        builder.AddGrantStore();
        return builder;
    }
}
