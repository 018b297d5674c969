using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures.Postgres;
using Npgsql;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>The contract, against a real PostgreSQL server (one per test run, a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrantStoreContractTests(PostgresFixture postgres) : GrantStoreContractTests
{
    private readonly List<PostgresGrantStore> _stores = [];
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("No database yet.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _connectionString = await postgres.CreateDatabaseAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task InitializeAsync_TwiceAndConcurrently_MigratesTheSchemaOnce()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(KeyA)));

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT version FROM {PostgresGrantStore.SchemaTableName} WHERE component = 'grants'", connection);

        Assert.Equal(4, stores.Length);
        Assert.Equal(PostgresGrantStore.SchemaVersion, await command.ExecuteScalarAsync());
    }

    private protected override async Task<EncryptedGrantStore> OpenStoreAsync(GrantKeyRingProvider keys)
    {
        var store = new PostgresGrantStore(ConnectionString, keys, Track(NewMetrics()), Logger);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private protected override Task CloseStoreAsync(EncryptedGrantStore store) => Task.CompletedTask;

    private protected override async Task FlipEnvelopeByteAsync(string grantId, int offset)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {PostgresGrantStore.TableName}
            SET envelope = set_byte(envelope, i, get_byte(envelope, i) # 1)
            FROM (SELECT CASE WHEN @offset < 0 THEN length(envelope) + @offset ELSE @offset END AS i
                  FROM {PostgresGrantStore.TableName} WHERE grant_id = @id) AS position
            WHERE grant_id = @id
            """, connection);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("id", grantId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
