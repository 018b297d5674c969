using Microsoft.Extensions.DependencyInjection;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Auth.Storage;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// OpenIddict's managers over the server's OAuth stores (registered as the server registers them) in a temporary
/// SQLite file, created on start and deleted on dispose, for unit tests of code that works on the OAuth database.
/// </summary>
internal sealed class OAuthTestDatabase : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"miromcp-oauth-{Guid.NewGuid():N}.db");

    private OAuthTestDatabase()
    {
    }

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>A new database; <paramref name="cache"/>: the validated-token cache the stores invalidate (a new one when null).</summary>
    public static async Task<OAuthTestDatabase> CreateAsync(ValidatedTokenCache? cache = null)
    {
        var database = new OAuthTestDatabase();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(cache ?? new ValidatedTokenCache(new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System));
        services.AddSingleton(OAuthDatabase.ForSqliteFile(database._path));
        services.AddOpenIddict().AddCore(core => core.UseOAuthDatabase());
        database.Services = services.BuildServiceProvider();
        await database.Services.GetRequiredService<OAuthDatabase>().EnsureCreatedAsync(CancellationToken.None);
        return database;
    }

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
