using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>
/// OpenIddict's scopes in <c>OpenIddictScopes</c>, over plain ADO.NET (decision 009). It behaves as OpenIddict's
/// EF Core store did: getters and setters touch the entity only, and an update or a delete of a stale copy throws
/// <see cref="OpenIddictExceptions.ConcurrencyException"/>. A changed or deleted scope may change what an already
/// validated token means, so both clear the <see cref="ValidatedTokenCache"/>.
/// </summary>
internal sealed class OAuthScopeStore(OAuthDatabase database, ValidatedTokenCache cache) : IOpenIddictScopeStore<OAuthScope>
{
    /// <summary>Every column, in the order <see cref="Read"/> reads them.</summary>
    private const string Columns = """
        "Id", "ConcurrencyToken", "Description", "Descriptions", "DisplayName", "DisplayNames", "Name", "Properties", "Resources"
        """;

    private const string Select = $"""SELECT {Columns} FROM "OpenIddictScopes" """;

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => database.CountAsync("OpenIddictScopes", cancellationToken);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthScope>, IQueryable<TResult>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public async ValueTask CreateAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO "OpenIddictScopes" ({Columns})
            VALUES (@Id, @ConcurrencyToken, @Description, @Descriptions, @DisplayName, @DisplayNames, @Name, @Properties, @Resources)
            """;
        AddValues(command, scope, scope.ConcurrencyToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DeleteAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            DELETE FROM "OpenIddictScopes"
            WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ConcurrencyToken")}
            """;
        database.AddParameter(command, "@Id", scope.Id);
        database.AddParameter(command, "@ConcurrencyToken", scope.ConcurrencyToken);

        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                "The scope was deleted or changed since it was read; it was not deleted. Read it again and retry.");
        }

        cache.InvalidateAll();
    }

    public async ValueTask<OAuthScope?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return await OAuthStoreSql.FirstOrDefaultAsync(
            QueryAsync($"""{Select} WHERE "Id" = @Id""", command => database.AddParameter(command, "@Id", identifier), cancellationToken));
    }

    public async ValueTask<OAuthScope?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return await OAuthStoreSql.FirstOrDefaultAsync(
            QueryAsync($"""{Select} WHERE "Name" = @Name""", command => database.AddParameter(command, "@Name", name), cancellationToken));
    }

    public IAsyncEnumerable<OAuthScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        if (names.IsDefault || names.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Scope names cannot be null or empty.", nameof(names));
        }

        if (names.IsEmpty)
        {
            return AsyncEnumerable.Empty<OAuthScope>();
        }

        var parameters = names.Select((_, i) => "@Name" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return QueryAsync(
            $"""{Select} WHERE "Name" IN ({string.Join(", ", parameters)})""",
            command =>
            {
                for (var i = 0; i < names.Length; i++)
                {
                    database.AddParameter(command, parameters[i], names[i]);
                }
            },
            cancellationToken);
    }

    public IAsyncEnumerable<OAuthScope> FindByResourceAsync(string resource, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return FindByResourceCoreAsync(resource, cancellationToken);
    }

    public ValueTask<TResult?> GetAsync<TState, TResult>(
        Func<IQueryable<OAuthScope>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public ValueTask<string?> GetDescriptionAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(scope.Description);
    }

    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDescriptionsAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(StoreJson.ReadLocalized(scope.Descriptions));
    }

    public ValueTask<string?> GetDisplayNameAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(scope.DisplayName);
    }

    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(StoreJson.ReadLocalized(scope.DisplayNames));
    }

    public ValueTask<string?> GetIdAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(scope.Id);
    }

    public ValueTask<string?> GetNameAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(scope.Name);
    }

    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(StoreJson.ReadProperties(scope.Properties));
    }

    public ValueTask<ImmutableArray<string>> GetResourcesAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(StoreJson.ReadArray(scope.Resources));
    }

    public ValueTask<OAuthScope> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthScope());

    public IAsyncEnumerable<OAuthScope> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        QueryAsync($"""{Select} ORDER BY "Id"{database.Page(count, offset)}""", static _ => { }, cancellationToken);

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(
        Func<IQueryable<OAuthScope>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        throw OAuthStoreSql.LinqQueriesNotSupported();
    }

    public ValueTask SetDescriptionAsync(OAuthScope scope, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Description = description;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetDescriptionsAsync(OAuthScope scope, ImmutableDictionary<CultureInfo, string> descriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Descriptions = StoreJson.WriteLocalized(descriptions);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetDisplayNameAsync(OAuthScope scope, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.DisplayName = name;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetDisplayNamesAsync(OAuthScope scope, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.DisplayNames = StoreJson.WriteLocalized(names);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetNameAsync(OAuthScope scope, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Name = name;
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPropertiesAsync(OAuthScope scope, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Properties = StoreJson.WriteProperties(properties);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetResourcesAsync(OAuthScope scope, ImmutableArray<string> resources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Resources = StoreJson.WriteArray(resources);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes every column if the row still has the concurrency token this copy was read with (as EF Core did), then takes a new one.</summary>
    public async ValueTask UpdateAsync(OAuthScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);

        var concurrencyToken = Guid.NewGuid().ToString();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE "OpenIddictScopes"
            SET "ConcurrencyToken" = @ConcurrencyToken, "Description" = @Description, "Descriptions" = @Descriptions,
                "DisplayName" = @DisplayName, "DisplayNames" = @DisplayNames, "Name" = @Name, "Properties" = @Properties,
                "Resources" = @Resources
            WHERE "Id" = @Id AND {database.NullSafeEquals("\"ConcurrencyToken\"", "@ReadConcurrencyToken")}
            """;
        AddValues(command, scope, concurrencyToken);
        database.AddParameter(command, "@ReadConcurrencyToken", scope.ConcurrencyToken);

        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new OpenIddictExceptions.ConcurrencyException(
                "The scope was deleted or changed since it was read; it was not updated. Read it again and retry.");
        }

        scope.ConcurrencyToken = concurrencyToken;
        cache.InvalidateAll();
    }

    /// <summary>Every column's parameter, named after it, with <paramref name="concurrencyToken"/> as the token to write.</summary>
    private void AddValues(DbCommand command, OAuthScope scope, string? concurrencyToken)
    {
        database.AddParameter(command, "@Id", scope.Id);
        database.AddParameter(command, "@ConcurrencyToken", concurrencyToken);
        database.AddParameter(command, "@Description", scope.Description);
        database.AddParameter(command, "@Descriptions", scope.Descriptions);
        database.AddParameter(command, "@DisplayName", scope.DisplayName);
        database.AddParameter(command, "@DisplayNames", scope.DisplayNames);
        database.AddParameter(command, "@Name", scope.Name);
        database.AddParameter(command, "@Properties", scope.Properties);
        database.AddParameter(command, "@Resources", scope.Resources);
    }

    /// <summary>The scopes whose resource list holds <paramref name="resource"/> exactly: the SQL only narrows the rows down, the parsed list decides.</summary>
    private async IAsyncEnumerable<OAuthScope> FindByResourceCoreAsync(string resource, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var candidates = QueryAsync(
            $"""{Select} WHERE "Resources" LIKE @Pattern ESCAPE '\'""",
            command => database.AddParameter(command, "@Pattern", OAuthStoreSql.JsonStringLikePattern(resource)),
            cancellationToken);
        await foreach (var scope in candidates)
        {
            if (StoreJson.ReadArray(scope.Resources).Contains(resource, StringComparer.Ordinal))
            {
                yield return scope;
            }
        }
    }

    private IAsyncEnumerable<OAuthScope> QueryAsync(string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, addParameters, Read, cancellationToken);

    private static OAuthScope Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ConcurrencyToken = OAuthDatabase.GetString(reader, 1),
        Description = OAuthDatabase.GetString(reader, 2),
        Descriptions = OAuthDatabase.GetString(reader, 3),
        DisplayName = OAuthDatabase.GetString(reader, 4),
        DisplayNames = OAuthDatabase.GetString(reader, 5),
        Name = OAuthDatabase.GetString(reader, 6),
        Properties = OAuthDatabase.GetString(reader, 7),
        Resources = OAuthDatabase.GetString(reader, 8),
    };
}
