using System.Collections.Immutable;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>
/// OpenIddict's authorizations (one per MiroMcp grant) in <c>OpenIddictAuthorizations</c>, over plain ADO.NET
/// (decision 009), doing what OpenIddict's EF Core authorization store did so that its authorization manager behaves
/// the same. An update only applies to the row as it was read (its concurrency token). A committed change invalidates
/// the validated-token cache: the authorization's entries (which cover its tokens) for a change to one row, all
/// entries for a bulk change.
/// </summary>
internal sealed class OAuthAuthorizationStore(OAuthDatabase database, ValidatedTokenCache cache) : IOpenIddictAuthorizationStore<OAuthAuthorization>
{
    /// <summary>At most this many batches of 1,000 deletions per <see cref="PruneAsync"/> call, as OpenIddict.</summary>
    private const int PruneBatches = 1_000;

    private const string Select =
        """
        SELECT "Id", "ApplicationId", "ConcurrencyToken", "CreationDate", "Properties", "Scopes", "Status", "Subject", "Type"
        FROM "OpenIddictAuthorizations"
        """;

    private const string PruneSql =
        """
        DELETE FROM "OpenIddictAuthorizations" WHERE "Id" IN (
            SELECT a."Id" FROM "OpenIddictAuthorizations" AS a
            WHERE a."CreationDate" < @threshold
              AND (a."Status" IS NULL OR a."Status" <> @valid OR a."Type" = @adHoc)
              AND NOT EXISTS (SELECT 1 FROM "OpenIddictTokens" AS t WHERE t."AuthorizationId" = a."Id")
            ORDER BY a."Id"
            LIMIT 1000)
        """;

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => database.CountAsync("OpenIddictAuthorizations", cancellationToken);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthAuthorization>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    public async ValueTask CreateAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO "OpenIddictAuthorizations" ("Id", "ApplicationId", "ConcurrencyToken", "CreationDate", "Properties", "Scopes", "Status", "Subject", "Type")
            VALUES (@Id, @ApplicationId, @ConcurrencyToken, @CreationDate, @Properties, @Scopes, @Status, @Subject, @Type)
            """;
        AddColumns(command, authorization);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the authorization and its tokens in one transaction (the tokens first: they reference it), only if it
    /// still has the concurrency token it was read with.
    /// </summary>
    public async ValueTask DeleteAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);

        int? deleted = null;
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var tokens = connection.CreateCommand())
            {
                tokens.Transaction = transaction;
                tokens.CommandText = """DELETE FROM "OpenIddictTokens" WHERE "AuthorizationId" = @Id""";
                database.AddParameter(tokens, "@Id", authorization.Id);
                await tokens.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""DELETE FROM "OpenIddictAuthorizations" WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}""";
            database.AddParameter(command, "@Id", authorization.Id);
            database.AddParameter(command, "@ConcurrencyToken", authorization.ConcurrencyToken);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                deleted = 0; // rolled back when the transaction is disposed: its tokens stay
                throw new OpenIddictExceptions.ConcurrencyException(
                    $"The authorization {authorization.Id} was deleted or changed since it was read: reload it and retry.");
            }

            await transaction.CommitAsync(cancellationToken);
            deleted = 1;
        }
        finally
        {
            if (deleted != 0)
            {
                cache.Invalidate([], [authorization.Id]); // also when a failure leaves the outcome unknown
            }
        }
    }

    /// <summary>As OpenIddict's EF Core store: each filter given (not null or empty) must match; then every scope given must be granted.</summary>
    public IAsyncEnumerable<OAuthAuthorization> FindAsync(
        string? subject, string? client, string? status, string? type, ImmutableArray<string>? scopes, CancellationToken cancellationToken)
    {
        var authorizations = QueryAsync(OAuthStoreSql.Filters(subject, client, status, type), cancellationToken);
        return scopes is { IsDefaultOrEmpty: false } required ? WithScopesAsync(authorizations, required, cancellationToken) : authorizations;
    }

    public IAsyncEnumerable<OAuthAuthorization> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return QueryAsync([("ApplicationId", identifier)], cancellationToken);
    }

    public async ValueTask<OAuthAuthorization?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(QueryAsync([("Id", identifier)], cancellationToken));
    }

    public IAsyncEnumerable<OAuthAuthorization> FindBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return QueryAsync([("Subject", subject)], cancellationToken);
    }

    public ValueTask<string?> GetApplicationIdAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(authorization.ApplicationId);
    }

    public ValueTask<TResult?> GetAsync<TState, TResult>(
        Func<IQueryable<OAuthAuthorization>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(OAuthStoreSql.ToOffset(authorization.CreationDate));
    }

    public ValueTask<string?> GetIdAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult<string?>(authorization.Id);
    }

    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(StoreJson.ReadProperties(authorization.Properties));
    }

    public ValueTask<ImmutableArray<string>> GetScopesAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(StoreJson.ReadArray(authorization.Scopes));
    }

    public ValueTask<string?> GetStatusAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(authorization.Status);
    }

    public ValueTask<string?> GetSubjectAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(authorization.Subject);
    }

    public ValueTask<string?> GetTypeAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return ValueTask.FromResult(authorization.Type);
    }

    public ValueTask<OAuthAuthorization> InstantiateAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new OAuthAuthorization());

    public IAsyncEnumerable<OAuthAuthorization> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        ReadAsync($"""{Select} ORDER BY "Id"{database.Page(count, offset)}""", static _ => { }, cancellationToken);

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(
        Func<IQueryable<OAuthAuthorization>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    /// <summary>
    /// As OpenIddict's EF Core store: deletes, by batches, the authorizations created before <paramref name="threshold"/>
    /// that are not valid or are ad hoc, and that no token entry references any more (the token store's pruning, run
    /// first, removes those that can no longer be used).
    /// </summary>
    public async ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var pruned = 0L;
        int? deleted = 0;
        try
        {
            for (var batch = 0; batch < PruneBatches; batch++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = PruneSql;
                database.AddParameter(command, "@threshold", threshold.UtcDateTime);
                database.AddParameter(command, "@valid", Statuses.Valid);
                database.AddParameter(command, "@adHoc", AuthorizationTypes.AdHoc);
                deleted = null;
                deleted = await command.ExecuteNonQueryAsync(cancellationToken);
                if (deleted == 0)
                {
                    break;
                }

                pruned += deleted.Value;
            }
        }
        finally
        {
            if (pruned > 0 || deleted is null)
            {
                cache.InvalidateAll(); // also when a failure leaves the outcome unknown
            }
        }

        return pruned;
    }

    /// <summary>As OpenIddict's EF Core store: every authorization matching the filters given, whatever its status; not its tokens.</summary>
    public ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        return RevokeAsync(OAuthStoreSql.Filters(subject, client, status, type), cancellationToken);
    }

    public ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return RevokeAsync([("ApplicationId", identifier)], cancellationToken);
    }

    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return RevokeAsync([("Subject", subject)], cancellationToken);
    }

    public ValueTask SetApplicationIdAsync(OAuthAuthorization authorization, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.ApplicationId = string.IsNullOrEmpty(identifier) ? null : identifier;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetCreationDateAsync(OAuthAuthorization authorization, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.CreationDate = date?.UtcDateTime;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPropertiesAsync(OAuthAuthorization authorization, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.Properties = StoreJson.WriteProperties(properties);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetScopesAsync(OAuthAuthorization authorization, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.Scopes = StoreJson.WriteArray(scopes);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetStatusAsync(OAuthAuthorization authorization, string? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.Status = status;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetSubjectAsync(OAuthAuthorization authorization, string? subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.Subject = subject;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetTypeAsync(OAuthAuthorization authorization, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.Type = type;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Writes every column, only if the row still has the concurrency token it was read with (as EF Core did); the
    /// row then gets a new one, so any other copy of it can no longer be written.
    /// </summary>
    public async ValueTask UpdateAsync(OAuthAuthorization authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);

        var concurrencyToken = Guid.NewGuid().ToString();
        int? updated = null;
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                UPDATE "OpenIddictAuthorizations"
                SET "ApplicationId" = @ApplicationId, "ConcurrencyToken" = @NewConcurrencyToken, "CreationDate" = @CreationDate,
                    "Properties" = @Properties, "Scopes" = @Scopes, "Status" = @Status, "Subject" = @Subject, "Type" = @Type
                WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}
                """;
            AddColumns(command, authorization);
            database.AddParameter(command, "@NewConcurrencyToken", concurrencyToken);
            updated = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            if (updated != 0)
            {
                cache.Invalidate([], [authorization.Id]); // also when a failure leaves the outcome unknown
            }
        }

        if (updated == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                $"The authorization {authorization.Id} was changed or deleted since it was read: reload it and retry.");
        }

        authorization.ConcurrencyToken = concurrencyToken;
    }

    /// <summary>As OpenIddict: scopes compare ordinally, and an authorization may grant more than asked.</summary>
    private static async IAsyncEnumerable<OAuthAuthorization> WithScopesAsync(
        IAsyncEnumerable<OAuthAuthorization> authorizations, ImmutableArray<string> scopes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var authorization in authorizations.WithCancellation(cancellationToken))
        {
            var granted = StoreJson.ReadArray(authorization.Scopes).ToHashSet(StringComparer.Ordinal);
            if (granted.IsSupersetOf(scopes))
            {
                yield return authorization;
            }
        }
    }

    /// <summary>Parameters named after the columns, with the authorization's values (its concurrency token as read).</summary>
    private void AddColumns(DbCommand command, OAuthAuthorization authorization)
    {
        database.AddParameter(command, "@Id", authorization.Id);
        database.AddParameter(command, "@ApplicationId", authorization.ApplicationId);
        database.AddParameter(command, "@ConcurrencyToken", authorization.ConcurrencyToken);
        database.AddParameter(command, "@CreationDate", authorization.CreationDate);
        database.AddParameter(command, "@Properties", authorization.Properties);
        database.AddParameter(command, "@Scopes", authorization.Scopes);
        database.AddParameter(command, "@Status", authorization.Status);
        database.AddParameter(command, "@Subject", authorization.Subject);
        database.AddParameter(command, "@Type", authorization.Type);
    }

    private IAsyncEnumerable<OAuthAuthorization> QueryAsync(List<(string Column, string Value)> filters, CancellationToken cancellationToken) =>
        ReadAsync(Select + OAuthStoreSql.Where(filters), command => OAuthStoreSql.AddFilterValues(database, command, filters), cancellationToken);

    private IAsyncEnumerable<OAuthAuthorization> ReadAsync(string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, addParameters, Read, cancellationToken);

    private OAuthAuthorization Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ApplicationId = OAuthDatabase.GetString(reader, 1),
        ConcurrencyToken = OAuthDatabase.GetString(reader, 2),
        CreationDate = database.GetDate(reader, 3),
        Properties = OAuthDatabase.GetString(reader, 4),
        Scopes = OAuthDatabase.GetString(reader, 5),
        Status = OAuthDatabase.GetString(reader, 6),
        Subject = OAuthDatabase.GetString(reader, 7),
        Type = OAuthDatabase.GetString(reader, 8),
    };

    /// <summary>
    /// Sets the status of the matching authorizations to revoked, with a new concurrency token, so that a copy read
    /// before can no longer be written back over the revocation.
    /// </summary>
    private async ValueTask<long> RevokeAsync(List<(string Column, string Value)> filters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "OpenIddictAuthorizations" SET "Status" = @revoked, "ConcurrencyToken" = @NewConcurrencyToken"""
            + OAuthStoreSql.Where(filters);
        OAuthStoreSql.AddFilterValues(database, command, filters);

        database.AddParameter(command, "@revoked", Statuses.Revoked);
        database.AddParameter(command, "@NewConcurrencyToken", Guid.NewGuid().ToString());
        int? revoked = null;
        try
        {
            revoked = await command.ExecuteNonQueryAsync(cancellationToken);
            return revoked.Value;
        }
        finally
        {
            if (revoked != 0)
            {
                cache.InvalidateAll();
            }
        }
    }
}
