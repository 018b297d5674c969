using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>
/// OpenIddict's token entries (authorization codes, access and refresh tokens) in <c>OpenIddictTokens</c>, over plain
/// ADO.NET (decision 009), doing what OpenIddict's EF Core token store did so that its token manager behaves the same.
/// Single-use rests on <see cref="UpdateAsync"/>: an update only applies to the row as it was read (its concurrency
/// token), so of two redemptions of one refresh token, exactly one succeeds. A committed change invalidates the
/// validated-token cache: the token's entries for a change to one row, all entries for a bulk change.
/// </summary>
internal sealed class OAuthTokenStore(OAuthDatabase database, ValidatedTokenCache cache) : IOpenIddictTokenStore<OAuthToken>
{
    /// <summary>At most this many batches of 1,000 deletions per <see cref="PruneAsync"/> call, as OpenIddict.</summary>
    private const int PruneBatches = 1_000;

    private const string Select =
        """
        SELECT "Id", "ApplicationId", "AuthorizationId", "ConcurrencyToken", "CreationDate", "ExpirationDate", "Payload",
               "Properties", "RedemptionDate", "ReferenceId", "Status", "Subject", "Type"
        FROM "OpenIddictTokens"
        """;

    private const string PruneSql =
        """
        DELETE FROM "OpenIddictTokens" WHERE "Id" IN (
            SELECT t."Id" FROM "OpenIddictTokens" AS t
            LEFT JOIN "OpenIddictAuthorizations" AS a ON t."AuthorizationId" = a."Id"
            WHERE t."CreationDate" < @threshold
              AND ((t."Status" IS NULL OR (t."Status" <> @inactive AND t."Status" <> @valid))
                   OR (a."Id" IS NOT NULL AND (a."Status" IS NULL OR a."Status" <> @valid))
                   OR t."ExpirationDate" < @now)
            ORDER BY t."Id"
            LIMIT 1000)
        """;

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => database.CountAsync("OpenIddictTokens", cancellationToken);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthToken>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    public async ValueTask CreateAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO "OpenIddictTokens" ("Id", "ApplicationId", "AuthorizationId", "ConcurrencyToken", "CreationDate",
                "ExpirationDate", "Payload", "Properties", "RedemptionDate", "ReferenceId", "Status", "Subject", "Type")
            VALUES (@Id, @ApplicationId, @AuthorizationId, @ConcurrencyToken, @CreationDate,
                @ExpirationDate, @Payload, @Properties, @RedemptionDate, @ReferenceId, @Status, @Subject, @Type)
            """;
        AddColumns(command, token);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DeleteAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""DELETE FROM "OpenIddictTokens" WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}""";
        database.AddParameter(command, "@Id", token.Id);
        database.AddParameter(command, "@ConcurrencyToken", token.ConcurrencyToken);
        if (await ExecuteForOneTokenAsync(command, token.Id, cancellationToken) == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                $"The token entry {token.Id} was deleted or changed since it was read: reload it and retry.");
        }
    }

    public IAsyncEnumerable<OAuthToken> FindAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        return QueryAsync(OAuthStoreSql.Filters(subject, client, status, type), cancellationToken);
    }

    public IAsyncEnumerable<OAuthToken> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return QueryAsync([("ApplicationId", identifier)], cancellationToken);
    }

    public IAsyncEnumerable<OAuthToken> FindByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return QueryAsync([("AuthorizationId", identifier)], cancellationToken);
    }

    public async ValueTask<OAuthToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(QueryAsync([("Id", identifier)], cancellationToken));
    }

    public async ValueTask<OAuthToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(QueryAsync([("ReferenceId", identifier)], cancellationToken));
    }

    public IAsyncEnumerable<OAuthToken> FindBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return QueryAsync([("Subject", subject)], cancellationToken);
    }

    public ValueTask<string?> GetApplicationIdAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.ApplicationId);
    }

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OAuthToken>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    public ValueTask<string?> GetAuthorizationIdAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.AuthorizationId);
    }

    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(OAuthStoreSql.ToOffset(token.CreationDate));
    }

    public ValueTask<DateTimeOffset?> GetExpirationDateAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(OAuthStoreSql.ToOffset(token.ExpirationDate));
    }

    public ValueTask<string?> GetIdAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult<string?>(token.Id);
    }

    public ValueTask<string?> GetPayloadAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.Payload);
    }

    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(StoreJson.ReadProperties(token.Properties));
    }

    public ValueTask<DateTimeOffset?> GetRedemptionDateAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(OAuthStoreSql.ToOffset(token.RedemptionDate));
    }

    public ValueTask<string?> GetReferenceIdAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.ReferenceId);
    }

    public ValueTask<string?> GetStatusAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.Status);
    }

    public ValueTask<string?> GetSubjectAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.Subject);
    }

    public ValueTask<string?> GetTypeAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ValueTask.FromResult(token.Type);
    }

    public ValueTask<OAuthToken> InstantiateAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new OAuthToken());

    public IAsyncEnumerable<OAuthToken> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        ReadAsync($"""{Select} ORDER BY "Id"{database.Page(count, offset)}""", static _ => { }, cancellationToken);

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OAuthToken>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw OAuthStoreSql.LinqQueriesNotSupported();

    /// <summary>
    /// As OpenIddict's EF Core store: deletes the entries created before <paramref name="threshold"/> that can no longer
    /// be used (neither inactive nor valid, expired, or under an authorization that is not valid), by batches.
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
                database.AddParameter(command, "@now", DateTime.UtcNow);
                database.AddParameter(command, "@inactive", Statuses.Inactive);
                database.AddParameter(command, "@valid", Statuses.Valid);
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

    /// <summary>As OpenIddict's EF Core store: every entry matching the filters given, whatever its status.</summary>
    public ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        return RevokeAsync(OAuthStoreSql.Filters(subject, client, status, type), onlyUnrevoked: false, cancellationToken);
    }

    public ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return RevokeAsync([("ApplicationId", identifier)], onlyUnrevoked: true, cancellationToken);
    }

    public ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return RevokeAsync([("AuthorizationId", identifier)], onlyUnrevoked: true, cancellationToken);
    }

    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return RevokeAsync([("Subject", subject)], onlyUnrevoked: true, cancellationToken);
    }

    public ValueTask SetApplicationIdAsync(OAuthToken token, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.ApplicationId = string.IsNullOrEmpty(identifier) ? null : identifier;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetAuthorizationIdAsync(OAuthToken token, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.AuthorizationId = string.IsNullOrEmpty(identifier) ? null : identifier;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetCreationDateAsync(OAuthToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.CreationDate = date?.UtcDateTime;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetExpirationDateAsync(OAuthToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.ExpirationDate = date?.UtcDateTime;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPayloadAsync(OAuthToken token, string? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Payload = payload;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPropertiesAsync(OAuthToken token, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Properties = StoreJson.WriteProperties(properties);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetRedemptionDateAsync(OAuthToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.RedemptionDate = date?.UtcDateTime;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetReferenceIdAsync(OAuthToken token, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.ReferenceId = identifier;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetStatusAsync(OAuthToken token, string? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Status = status;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetSubjectAsync(OAuthToken token, string? subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Subject = subject;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetTypeAsync(OAuthToken token, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Type = type;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Writes every column, only if the row still has the concurrency token it was read with (as EF Core did); the
    /// row then gets a new one, so any other copy of it can no longer be written.
    /// </summary>
    public async ValueTask UpdateAsync(OAuthToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);

        var concurrencyToken = Guid.NewGuid().ToString();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            UPDATE "OpenIddictTokens"
            SET "ApplicationId" = @ApplicationId, "AuthorizationId" = @AuthorizationId, "ConcurrencyToken" = @NewConcurrencyToken,
                "CreationDate" = @CreationDate, "ExpirationDate" = @ExpirationDate, "Payload" = @Payload, "Properties" = @Properties,
                "RedemptionDate" = @RedemptionDate, "ReferenceId" = @ReferenceId, "Status" = @Status, "Subject" = @Subject, "Type" = @Type
            WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}
            """;
        AddColumns(command, token);
        database.AddParameter(command, "@NewConcurrencyToken", concurrencyToken);
        if (await ExecuteForOneTokenAsync(command, token.Id, cancellationToken) == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                $"The token entry {token.Id} was changed or deleted since it was read: reload it and retry.");
        }

        token.ConcurrencyToken = concurrencyToken;
    }

    /// <summary>Parameters named after the columns, with the entry's values (its concurrency token as read).</summary>
    private void AddColumns(DbCommand command, OAuthToken token)
    {
        database.AddParameter(command, "@Id", token.Id);
        database.AddParameter(command, "@ApplicationId", token.ApplicationId);
        database.AddParameter(command, "@AuthorizationId", token.AuthorizationId);
        database.AddParameter(command, "@ConcurrencyToken", token.ConcurrencyToken);
        database.AddParameter(command, "@CreationDate", token.CreationDate);
        database.AddParameter(command, "@ExpirationDate", token.ExpirationDate);
        database.AddParameter(command, "@Payload", token.Payload);
        database.AddParameter(command, "@Properties", token.Properties);
        database.AddParameter(command, "@RedemptionDate", token.RedemptionDate);
        database.AddParameter(command, "@ReferenceId", token.ReferenceId);
        database.AddParameter(command, "@Status", token.Status);
        database.AddParameter(command, "@Subject", token.Subject);
        database.AddParameter(command, "@Type", token.Type);
    }

    /// <summary>
    /// Runs a change to one entry; once it is committed, or when the outcome is unknown (a failure may come after the
    /// commit), that entry's cached validations go.
    /// </summary>
    private async Task<int> ExecuteForOneTokenAsync(DbCommand command, string tokenId, CancellationToken cancellationToken)
    {
        int? changed = null;
        try
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken);
            return changed.Value;
        }
        finally
        {
            if (changed != 0)
            {
                cache.Invalidate([tokenId], []);
            }
        }
    }

    private IAsyncEnumerable<OAuthToken> QueryAsync(List<(string Column, string Value)> filters, CancellationToken cancellationToken) =>
        ReadAsync(Select + OAuthStoreSql.Where(filters), command => OAuthStoreSql.AddFilterValues(database, command, filters), cancellationToken);

    private IAsyncEnumerable<OAuthToken> ReadAsync(string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, addParameters, Read, cancellationToken);

    private OAuthToken Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ApplicationId = OAuthDatabase.GetString(reader, 1),
        AuthorizationId = OAuthDatabase.GetString(reader, 2),
        ConcurrencyToken = OAuthDatabase.GetString(reader, 3),
        CreationDate = database.GetDate(reader, 4),
        ExpirationDate = database.GetDate(reader, 5),
        Payload = OAuthDatabase.GetString(reader, 6),
        Properties = OAuthDatabase.GetString(reader, 7),
        RedemptionDate = database.GetDate(reader, 8),
        ReferenceId = OAuthDatabase.GetString(reader, 9),
        Status = OAuthDatabase.GetString(reader, 10),
        Subject = OAuthDatabase.GetString(reader, 11),
        Type = OAuthDatabase.GetString(reader, 12),
    };

    /// <summary>
    /// Sets the status of the matching entries to revoked, with a new concurrency token, so that a copy read before
    /// (a redemption under way) can no longer be written back over the revocation.
    /// </summary>
    private async ValueTask<long> RevokeAsync(List<(string Column, string Value)> filters, bool onlyUnrevoked, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "OpenIddictTokens" SET "Status" = @revoked, "ConcurrencyToken" = @NewConcurrencyToken"""
            + (onlyUnrevoked ? OAuthStoreSql.Where(filters, """("Status" IS NULL OR "Status" <> @revoked)""") : OAuthStoreSql.Where(filters));
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
