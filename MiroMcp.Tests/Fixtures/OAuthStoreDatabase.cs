using MiroMcp.Server.Auth;
using MiroMcp.Server.Auth.Storage;
using MiroMcp.Tests.Fixtures.Postgres;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// An empty OAuth database with the server's schema, for the store contract tests: a temporary SQLite file
/// (deleted on dispose) or a fresh database on the shared PostgreSQL test server, and the validated-token cache
/// the stores invalidate.
/// </summary>
internal sealed class OAuthStoreDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;

    private OAuthStoreDatabase(OAuthDatabase database, string? sqlitePath)
    {
        Database = database;
        _sqlitePath = sqlitePath;
    }

    public OAuthDatabase Database { get; }

    public ValidatedTokenCache Cache { get; } = new(new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System);

    public static async Task<OAuthStoreDatabase> CreateSqliteAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"miromcp-oauth-{Guid.NewGuid():N}.db");
        var database = new OAuthStoreDatabase(OAuthDatabase.ForSqliteFile(path), path);
        await database.Database.EnsureCreatedAsync(CancellationToken.None);
        return database;
    }

    public static async Task<OAuthStoreDatabase> CreatePostgresAsync(PostgresFixture postgres)
    {
        var database = new OAuthStoreDatabase(OAuthDatabase.ForPostgres(await postgres.CreateDatabaseAsync()), null);
        await database.Database.EnsureCreatedAsync(CancellationToken.None);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqlitePath);
        }
    }
}
