using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>The SQL dialect of the OAuth database.</summary>
internal enum OAuthDatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The OAuth database (OpenIddict's applications, authorizations, scopes and tokens) over plain ADO.NET: a SQLite
/// file next to the grant store, or the PostgreSQL database named by <c>POSTGRES_CONNECTION_STRING</c>. The tables are
/// those OpenIddict's EF Core stores created before decision 009, column for column, so existing databases open
/// unchanged. Commands run on pooled connections: one opened per store operation.
/// </summary>
internal sealed class OAuthDatabase : IAsyncDisposable
{
    /// <summary>CIMD client ids are https URLs: OpenIddict's default 100 characters is too short (PostgreSQL column length).</summary>
    public const int MaxClientIdLength = 2048;

    /// <summary>How OpenIddict's EF Core stores wrote a date into SQLite (EF Core's SQLite DateTime format), kept for existing files.</summary>
    private const string SqliteDateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly DbDataSource _dataSource;

    private OAuthDatabase(OAuthDatabaseProvider provider, DbDataSource dataSource)
    {
        Provider = provider;
        _dataSource = dataSource;
    }

    public OAuthDatabaseProvider Provider { get; }

    /// <summary>A SQLite file (created with its directory's permissions when absent).</summary>
    public static OAuthDatabase ForSqliteFile(string path) =>
        new(OAuthDatabaseProvider.Sqlite, SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true, // as EF Core opened it: a token cannot name a missing authorization or client
        }.ToString()));

    /// <summary>A PostgreSQL database (an Npgsql connection string).</summary>
    public static OAuthDatabase ForPostgres(string connectionString) =>
        new(OAuthDatabaseProvider.Postgres, new NpgsqlSlimDataSourceBuilder(connectionString).Build());

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// The rows <paramref name="sql"/> selects, each made by <paramref name="read"/>; the connection stays open while the
    /// caller enumerates.
    /// </summary>
    public async IAsyncEnumerable<T> QueryAsync<T>(
        string sql, Action<DbCommand> addParameters, Func<DbDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        addParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return read(reader);
        }
    }

    /// <summary>The number of rows of <paramref name="table"/> (one of OpenIddict's four).</summary>
    public async ValueTask<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT COUNT(*) FROM "{table}" """;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Creates the four tables and their indexes when the database has none of them (what EF Core's
    /// <c>EnsureCreated</c> did before decision 009); a database that has them is left as it is.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = Provider == OAuthDatabaseProvider.Sqlite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'OpenIddictTokens'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'OpenIddictTokens'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
        }

        if (Provider == OAuthDatabaseProvider.Sqlite)
        {
            // As EF Core created the file: write-ahead logging, so that token look-ups do not wait for a redemption's
            // write (the mode is stored in the file; outside the transaction, where SQLite allows changing it).
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = 'wal'";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in SchemaStatements(Provider))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The schema's statements for <paramref name="provider"/> (embedded <c>schema.*.sql</c>).</summary>
    internal static IReadOnlyList<string> SchemaStatements(OAuthDatabaseProvider provider)
    {
        var name = provider == OAuthDatabaseProvider.Sqlite ? "schema.sqlite.sql" : "schema.postgres.sql";
        using var stream = typeof(OAuthDatabase).Assembly.GetManifestResourceStream("MiroMcp.Server.Auth.Storage." + name)
            ?? throw new InvalidOperationException($"The embedded OAuth database schema {name} is missing from this build.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>A parameter for <paramref name="value"/> (null as DBNull; dates in the provider's representation).</summary>
    public DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTime date when Provider == OAuthDatabaseProvider.Sqlite =>
                DateTime.SpecifyKind(date, DateTimeKind.Utc).ToString(SqliteDateFormat, CultureInfo.InvariantCulture),
            DateTime date => DateTime.SpecifyKind(date, DateTimeKind.Utc),
            _ => value,
        };
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A nullable text column.</summary>
    public static string? GetString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A nullable date column, as UTC.</summary>
    public DateTime? GetDate(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return Provider == OAuthDatabaseProvider.Sqlite
            ? DateTime.SpecifyKind(DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc)
            : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }

    /// <summary>SQL that is true when <paramref name="column"/> equals the parameter, null equal to null.</summary>
    public string NullSafeEquals(string column, string parameter) =>
        Provider == OAuthDatabaseProvider.Sqlite ? $"{column} IS {parameter}" : $"{column} IS NOT DISTINCT FROM {parameter}";

    /// <summary>A LIMIT/OFFSET clause (empty when both are null).</summary>
    public string Page(int? count, int? offset)
    {
        if (count is null && offset is null)
        {
            return "";
        }

        var limit = count is { } c ? c.ToString(CultureInfo.InvariantCulture) : Provider == OAuthDatabaseProvider.Sqlite ? "-1" : "ALL";
        return $" LIMIT {limit} OFFSET {(offset ?? 0).ToString(CultureInfo.InvariantCulture)}";
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
