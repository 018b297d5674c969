using MiroMcp.Benchmarks.TokenStore;

namespace MiroMcp.Tests.Fixtures.Postgres;

/// <summary>
/// ONE real PostgreSQL server (Debian's packages, initdb + pg_ctl on a free loopback port in a temporary folder)
/// for every test in the "Postgres" collection; each test class takes a fresh database from it. Missing binaries
/// make the tests fail with a message saying what to install: they never skip.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private LocalPostgres? _server;

    internal LocalPostgres Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _server = await LocalPostgres.StartAsync(durable: false, cts.Token);
    }

    /// <summary>A new, empty database on the shared server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Server.CreateDatabaseAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
