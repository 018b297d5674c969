using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>
/// OpenIddict's applications (the registered clients) in <c>OpenIddictApplications</c>, over plain ADO.NET
/// (decision 009). It behaves as OpenIddict's EF Core store did: getters and setters touch the entity only, an update
/// or a delete of a stale copy throws <see cref="OpenIddictExceptions.ConcurrencyException"/>, and deleting a client
/// takes its authorizations and tokens with it. A changed or deleted client may change what an already validated
/// token means, so both clear the <see cref="ValidatedTokenCache"/>.
/// </summary>
internal sealed class OAuthApplicationStore(OAuthDatabase database, ValidatedTokenCache cache) : IOpenIddictApplicationStore<OAuthApplication>
{
    /// <summary>Every column, in the order <see cref="Read"/> reads them.</summary>
    private const string Columns = """
        "Id", "ApplicationType", "ClientId", "ClientSecret", "ClientType", "ConcurrencyToken", "ConsentType", "DisplayName",
        "DisplayNames", "JsonWebKeySet", "Permissions", "PostLogoutRedirectUris", "Properties", "RedirectUris", "Requirements", "Settings"
        """;

    private const string Select = $"""SELECT {Columns} FROM "OpenIddictApplications" """;

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => database.CountAsync("OpenIddictApplications", cancellationToken);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthApplication>, IQueryable<TResult>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public async ValueTask CreateAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO "OpenIddictApplications" ({Columns})
            VALUES (@Id, @ApplicationType, @ClientId, @ClientSecret, @ClientType, @ConcurrencyToken, @ConsentType, @DisplayName,
                    @DisplayNames, @JsonWebKeySet, @Permissions, @PostLogoutRedirectUris, @Properties, @RedirectUris, @Requirements, @Settings)
            """;
        AddValues(command, application, application.ConcurrencyToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DeleteAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);

        // One transaction: the client goes with everything issued to it, or nothing goes. A token or authorization
        // added meanwhile makes the last delete fail on its foreign key rather than outlive its client.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        void AddId(DbCommand command) => database.AddParameter(command, "@Id", application.Id);

        await ExecuteAsync(transaction, """
            DELETE FROM "OpenIddictTokens"
            WHERE "ApplicationId" = @Id
               OR "AuthorizationId" IN (SELECT "Id" FROM "OpenIddictAuthorizations" WHERE "ApplicationId" = @Id)
            """, AddId, cancellationToken);
        await ExecuteAsync(transaction, """DELETE FROM "OpenIddictAuthorizations" WHERE "ApplicationId" = @Id""", AddId, cancellationToken);
        var deleted = await ExecuteAsync(transaction, $"""
            DELETE FROM "OpenIddictApplications"
            WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}
            """, command =>
            {
                AddId(command);
                database.AddParameter(command, "@ConcurrencyToken", application.ConcurrencyToken);
            }, cancellationToken);

        if (deleted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new OpenIddictExceptions.ConcurrencyException(
                "The application was deleted or changed since it was read; nothing was deleted. Read it again and retry.");
        }

        await transaction.CommitAsync(cancellationToken);
        cache.InvalidateAll();
    }

    public async ValueTask<OAuthApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(
            QueryAsync($"""{Select} WHERE "ClientId" = @ClientId""", command => database.AddParameter(command, "@ClientId", identifier), cancellationToken));
    }

    public async ValueTask<OAuthApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(
            QueryAsync($"""{Select} WHERE "Id" = @Id""", command => database.AddParameter(command, "@Id", identifier), cancellationToken));
    }

    public IAsyncEnumerable<OAuthApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return FindByUriAsync("PostLogoutRedirectUris", uri, application => application.PostLogoutRedirectUris, cancellationToken);
    }

    public IAsyncEnumerable<OAuthApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return FindByUriAsync("RedirectUris", uri, application => application.RedirectUris, cancellationToken);
    }

    public ValueTask<TResult?> GetAsync<TState, TResult>(
        Func<IQueryable<OAuthApplication>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public ValueTask<string?> GetApplicationTypeAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.ApplicationType);
    }

    public ValueTask<string?> GetClientIdAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.ClientId);
    }

    public ValueTask<string?> GetClientSecretAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.ClientSecret);
    }

    public ValueTask<string?> GetClientTypeAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.ClientType);
    }

    public ValueTask<string?> GetConsentTypeAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.ConsentType);
    }

    public ValueTask<string?> GetDisplayNameAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.DisplayName);
    }

    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadLocalized(application.DisplayNames));
    }

    public ValueTask<string?> GetIdAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.Id);
    }

    public ValueTask<JsonWebKeySet?> GetJsonWebKeySetAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.JsonWebKeySet is { Length: > 0 } json ? new JsonWebKeySet(json) : null);
    }

    public ValueTask<ImmutableArray<string>> GetPermissionsAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadArray(application.Permissions));
    }

    public ValueTask<ImmutableArray<string>> GetPostLogoutRedirectUrisAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadArray(application.PostLogoutRedirectUris));
    }

    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadProperties(application.Properties));
    }

    public ValueTask<ImmutableArray<string>> GetRedirectUrisAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadArray(application.RedirectUris));
    }

    public ValueTask<ImmutableArray<string>> GetRequirementsAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadArray(application.Requirements));
    }

    public ValueTask<ImmutableDictionary<string, string>> GetSettingsAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(StoreJson.ReadStrings(application.Settings));
    }

    public ValueTask<OAuthApplication> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthApplication());

    public IAsyncEnumerable<OAuthApplication> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        QueryAsync($"""{Select} ORDER BY "Id"{database.Page(count, offset)}""", static _ => { }, cancellationToken);

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(
        Func<IQueryable<OAuthApplication>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public ValueTask SetApplicationTypeAsync(OAuthApplication application, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.ApplicationType = type;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetClientIdAsync(OAuthApplication application, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.ClientId = identifier;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetClientSecretAsync(OAuthApplication application, string? secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.ClientSecret = secret;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetClientTypeAsync(OAuthApplication application, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.ClientType = type;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetConsentTypeAsync(OAuthApplication application, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.ConsentType = type;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetDisplayNameAsync(OAuthApplication application, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.DisplayName = name;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetDisplayNamesAsync(OAuthApplication application, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.DisplayNames = StoreJson.WriteLocalized(names);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Only "no key set" is stored: writing a set would need a JSON serializer for it that is safe without
    /// reflection, and nothing here needs one. Clients come from dynamic registration (ClientRegistrationApi) and
    /// metadata documents (ClientMetadataDocuments), both public PKCE clients built by
    /// <see cref="ClientRegistrationApi.NewPublicClient"/>, which never sets a key set; OpenIddict's manager still
    /// calls this with null on every create and update.
    /// </summary>
    public ValueTask SetJsonWebKeySetAsync(OAuthApplication application, JsonWebKeySet? set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (set is not null)
        {
            throw new NotSupportedException(
                "MiroMcp's OAuth store does not store a client's JSON Web Key Set: its clients are public PKCE clients, registered without keys.");
        }

        application.JsonWebKeySet = null;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPermissionsAsync(OAuthApplication application, ImmutableArray<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Permissions = StoreJson.WriteArray(permissions);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPostLogoutRedirectUrisAsync(OAuthApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.PostLogoutRedirectUris = StoreJson.WriteArray(uris);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPropertiesAsync(OAuthApplication application, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Properties = StoreJson.WriteProperties(properties);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetRedirectUrisAsync(OAuthApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.RedirectUris = StoreJson.WriteArray(uris);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetRequirementsAsync(OAuthApplication application, ImmutableArray<string> requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Requirements = StoreJson.WriteArray(requirements);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetSettingsAsync(OAuthApplication application, ImmutableDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Settings = StoreJson.WriteStrings(settings);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes every column if the row still has the concurrency token this copy was read with (as EF Core did), then takes a new one.</summary>
    public async ValueTask UpdateAsync(OAuthApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);

        var concurrencyToken = Guid.NewGuid().ToString();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE "OpenIddictApplications"
            SET "ApplicationType" = @ApplicationType, "ClientId" = @ClientId, "ClientSecret" = @ClientSecret, "ClientType" = @ClientType,
                "ConcurrencyToken" = @ConcurrencyToken, "ConsentType" = @ConsentType, "DisplayName" = @DisplayName,
                "DisplayNames" = @DisplayNames, "JsonWebKeySet" = @JsonWebKeySet, "Permissions" = @Permissions,
                "PostLogoutRedirectUris" = @PostLogoutRedirectUris, "Properties" = @Properties, "RedirectUris" = @RedirectUris,
                "Requirements" = @Requirements, "Settings" = @Settings
            WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ReadConcurrencyToken")}
            """;
        AddValues(command, application, concurrencyToken);
        database.AddParameter(command, "@ReadConcurrencyToken", application.ConcurrencyToken);

        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                "The application was deleted or changed since it was read; it was not updated. Read it again and retry.");
        }

        application.ConcurrencyToken = concurrencyToken;
        cache.InvalidateAll();
    }

    /// <summary>Every column's parameter, named after it, with <paramref name="concurrencyToken"/> as the token to write.</summary>
    private void AddValues(DbCommand command, OAuthApplication application, string? concurrencyToken)
    {
        database.AddParameter(command, "@Id", application.Id);
        database.AddParameter(command, "@ApplicationType", application.ApplicationType);
        database.AddParameter(command, "@ClientId", application.ClientId);
        database.AddParameter(command, "@ClientSecret", application.ClientSecret);
        database.AddParameter(command, "@ClientType", application.ClientType);
        database.AddParameter(command, "@ConcurrencyToken", concurrencyToken);
        database.AddParameter(command, "@ConsentType", application.ConsentType);
        database.AddParameter(command, "@DisplayName", application.DisplayName);
        database.AddParameter(command, "@DisplayNames", application.DisplayNames);
        database.AddParameter(command, "@JsonWebKeySet", application.JsonWebKeySet);
        database.AddParameter(command, "@Permissions", application.Permissions);
        database.AddParameter(command, "@PostLogoutRedirectUris", application.PostLogoutRedirectUris);
        database.AddParameter(command, "@Properties", application.Properties);
        database.AddParameter(command, "@RedirectUris", application.RedirectUris);
        database.AddParameter(command, "@Requirements", application.Requirements);
        database.AddParameter(command, "@Settings", application.Settings);
    }

    private static async Task<int> ExecuteAsync(
        DbTransaction transaction, string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        addParameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The applications whose <paramref name="column"/> list holds <paramref name="uri"/> exactly: the SQL only
    /// narrows the rows down (a substring of the JSON text), the parsed list decides.
    /// </summary>
    private async IAsyncEnumerable<OAuthApplication> FindByUriAsync(
        string column, string uri, Func<OAuthApplication, string?> list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var candidates = QueryAsync(
            $"""{Select} WHERE "{column}" LIKE @Pattern ESCAPE '\'""",
            command => database.AddParameter(command, "@Pattern", OAuthStoreSql.JsonStringLikePattern(uri)),
            cancellationToken);
        await foreach (var application in candidates)
        {
            if (StoreJson.ReadArray(list(application)).Contains(uri, StringComparer.Ordinal))
            {
                yield return application;
            }
        }
    }

    private IAsyncEnumerable<OAuthApplication> QueryAsync(string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, addParameters, Read, cancellationToken);

    private static OAuthApplication Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ApplicationType = OAuthDatabase.GetString(reader, 1),
        ClientId = OAuthDatabase.GetString(reader, 2),
        ClientSecret = OAuthDatabase.GetString(reader, 3),
        ClientType = OAuthDatabase.GetString(reader, 4),
        ConcurrencyToken = OAuthDatabase.GetString(reader, 5),
        ConsentType = OAuthDatabase.GetString(reader, 6),
        DisplayName = OAuthDatabase.GetString(reader, 7),
        DisplayNames = OAuthDatabase.GetString(reader, 8),
        JsonWebKeySet = OAuthDatabase.GetString(reader, 9),
        Permissions = OAuthDatabase.GetString(reader, 10),
        PostLogoutRedirectUris = OAuthDatabase.GetString(reader, 11),
        Properties = OAuthDatabase.GetString(reader, 12),
        RedirectUris = OAuthDatabase.GetString(reader, 13),
        Requirements = OAuthDatabase.GetString(reader, 14),
        Settings = OAuthDatabase.GetString(reader, 15),
    };
}
