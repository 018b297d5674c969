using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MiroMcp.Server.Auth;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// OpenIddict's EF Core stores over the server's <see cref="OAuthDbContext"/> in a temporary SQLite file, created
/// on start and deleted on dispose, for unit tests of code that works on the OAuth database.
/// </summary>
internal sealed class OAuthTestDatabase : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"miromcp-oauth-{Guid.NewGuid():N}.db");

    private OAuthTestDatabase()
    {
    }

    public ServiceProvider Services { get; private set; } = null!;

    public static async Task<OAuthTestDatabase> CreateAsync(params IInterceptor[] interceptors)
    {
        var database = new OAuthTestDatabase();
        var services = new ServiceCollection();
        services.AddLogging();
        // As the server configures it: SQLite, OpenIddict's entities, the compiled model.
        services.AddDbContext<OAuthDbContext>(options =>
            OAuthDbContext.Configure(options, "sqlite", useCompiledModel: true, $"Data Source={database._path}").AddInterceptors(interceptors));
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OAuthDbContext>());
        database.Services = services.BuildServiceProvider();
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OAuthDbContext>().Database.EnsureCreatedAsync();
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
