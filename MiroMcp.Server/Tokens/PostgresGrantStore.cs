using Npgsql;
using NpgsqlTypes;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// The production store: one row per grant in PostgreSQL (Scaleway Serverless SQL Database or Managed
/// PostgreSQL), each row the same envelope as the file store's records. Optimistic concurrency is a conditional
/// UPDATE on the version column; the schema is created or migrated at start under an advisory lock, so several
/// instances starting at once do not race.
/// </summary>
internal sealed class PostgresGrantStore : EncryptedGrantStore, IAsyncDisposable, IDisposable
{
    public const string TableName = "miromcp_grants";
    public const string SchemaTableName = "miromcp_schema_versions";
    private const string Component = "grants";
    private const long MigrationLockId = 0x4D4D_4347_5254; // "MMCGRT"

    /// <summary>
    /// Migrations in order; the fill factor leaves room in each page so that a token refresh (same key id) is a
    /// heap-only update that touches no index. The schema version is the number applied. Never edit one that shipped.</summary>
    private static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            grant_id   text        PRIMARY KEY,
            version    bigint      NOT NULL CHECK (version > 0),
            key_id     bytea       NOT NULL,
            envelope   bytea       NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        ) WITH (fillfactor = 80);
        CREATE INDEX IF NOT EXISTS {TableName}_key_id ON {TableName} (key_id);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public PostgresGrantStore(string connectionString, GrantKeyRingProvider keys, TokenStoreMetrics metrics, ILogger logger)
        : base(keys, metrics, logger)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Kind => "postgresql";

    public static int SchemaVersion => Migrations.Length;

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockId})", cancellationToken);
            await ExecuteAsync(connection, transaction,
                $"CREATE TABLE IF NOT EXISTS {SchemaTableName} (component text PRIMARY KEY, version integer NOT NULL)", cancellationToken);

            int from;
            await using (var read = new NpgsqlCommand($"SELECT version FROM {SchemaTableName} WHERE component = @c", connection, transaction))
            {
                read.Parameters.AddWithValue("c", Component);
                from = await read.ExecuteScalarAsync(cancellationToken) is int version ? version : 0;
            }

            for (var index = from; index < Migrations.Length; index++)
            {
                await ExecuteAsync(connection, transaction, Migrations[index], cancellationToken);
            }

            if (from < Migrations.Length)
            {
                await using var write = new NpgsqlCommand(
                    $"INSERT INTO {SchemaTableName} (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version",
                    connection, transaction);
                write.Parameters.AddWithValue("c", Component);
                write.Parameters.AddWithValue("v", Migrations.Length);
                await write.ExecuteNonQueryAsync(cancellationToken);
                Log.PostgresSchemaMigrated(Logger, from, Migrations.Length);
            }

            await transaction.CommitAsync(cancellationToken);
            _initialized = true;
            var count = await CountCoreAsync(cancellationToken);
            Log.GrantStoreOpened(Logger, Kind, count, Keys.Current.Current?.KeyIdHex ?? "none");
        }
        finally
        {
            _initLock.Release();
        }
    }

    public override async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await CountCoreAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _initLock.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _initLock.Dispose();
    }

    protected override async Task<StoredGrant?> ReadRecordAsync(string grantId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT version, envelope FROM {TableName} WHERE grant_id = @id");
        command.Parameters.AddWithValue("id", grantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredGrant(grantId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    protected override async Task<bool> WriteRecordAsync(string grantId, long storedVersion, long newVersion, byte[] envelope, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(storedVersion == 0
            ? $"INSERT INTO {TableName} (grant_id, version, key_id, envelope) VALUES (@id, @new, @key, @env) ON CONFLICT (grant_id) DO NOTHING"
            : $"UPDATE {TableName} SET version = @new, key_id = @key, envelope = @env, updated_at = now() WHERE grant_id = @id AND version = @stored");
        command.Parameters.AddWithValue("id", grantId);
        command.Parameters.AddWithValue("new", newVersion);
        command.Parameters.AddWithValue("stored", storedVersion);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bytea) { Value = KeyIdOf(envelope) });
        command.Parameters.Add(new NpgsqlParameter("env", NpgsqlDbType.Bytea) { Value = envelope });
        return await command.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }

    protected override async Task<bool> ReplaceEnvelopeAsync(StoredGrant stored, byte[] envelope, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"UPDATE {TableName} SET key_id = @key, envelope = @env WHERE grant_id = @id AND version = @version AND envelope = @old");
        command.Parameters.AddWithValue("id", stored.GrantId);
        command.Parameters.AddWithValue("version", stored.Version);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bytea) { Value = KeyIdOf(envelope) });
        command.Parameters.Add(new NpgsqlParameter("env", NpgsqlDbType.Bytea) { Value = envelope });
        command.Parameters.Add(new NpgsqlParameter("old", NpgsqlDbType.Bytea) { Value = stored.Envelope.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>One statement (one commit) per sweep batch instead of one per record.</summary>
    protected override async Task<int> ReplaceEnvelopesAsync(IReadOnlyList<(StoredGrant Stored, byte[] Envelope)> replacements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        if (replacements.Count == 0)
        {
            return 0;
        }

        await using var command = _dataSource.CreateCommand(
            $"""
            UPDATE {TableName} AS g SET key_id = u.key_id, envelope = u.envelope
            FROM unnest(@ids, @versions, @olds, @keys, @envelopes) AS u(grant_id, version, old, key_id, envelope)
            WHERE g.grant_id = u.grant_id AND g.version = u.version AND g.envelope = u.old
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = replacements.Select(r => r.Stored.GrantId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = replacements.Select(r => r.Stored.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("olds", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = replacements.Select(r => r.Stored.Envelope.ToArray()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = replacements.Select(r => KeyIdOf(r.Envelope)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("envelopes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = replacements.Select(r => r.Envelope).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<int> InsertBatchAsync(IReadOnlyList<StoredGrant> records, CancellationToken cancellationToken)
    {
        const int BatchSize = 5000;
        var inserted = 0;
        for (var offset = 0; offset < records.Count; offset += BatchSize)
        {
            var batch = records.Skip(offset).Take(BatchSize).ToArray();
            await using var command = _dataSource.CreateCommand(
                $"INSERT INTO {TableName} (grant_id, version, key_id, envelope) SELECT * FROM unnest(@ids, @versions, @keys, @envelopes) ON CONFLICT (grant_id) DO NOTHING");
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(r => r.GrantId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(r => r.Version).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = batch.Select(r => KeyIdOf(r.Envelope.Span)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("envelopes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = batch.Select(r => r.Envelope.ToArray()).ToArray() });
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    protected override async Task<bool> DeleteRecordAsync(string grantId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"DELETE FROM {TableName} WHERE grant_id = @id");
        command.Parameters.AddWithValue("id", grantId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    protected override async Task<IReadOnlyList<string>> ListGrantIdsNotUnderKeyAsync(byte[] keyId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT grant_id FROM {TableName} WHERE key_id <> @key ORDER BY grant_id");
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bytea) { Value = keyId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static byte[] KeyIdOf(ReadOnlySpan<byte> envelope) =>
        TokenEnvelope.TryReadKeyId(envelope, out var keyId) ? keyId.ToArray() : [];

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> CountCoreAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {TableName}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
