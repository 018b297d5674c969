using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Auth.Storage;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Postgres;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Tests.Integration.Auth;

/// <summary>
/// Databases written before decision 009, by OpenIddict's EF Core stores over the server's EF model of then, open
/// and work unchanged under the ADO.NET stores: the same schema, and rows written by either side read back the same
/// through OpenIddict's managers, both ways.
/// </summary>
public abstract class LegacyOAuthDatabaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 10, 11, 12, 345, TimeSpan.Zero);

    private ServiceProvider _legacy = null!;
    private ServiceProvider _current = null!;

    private protected abstract Task<string> NewConnectionStringAsync();

    private protected abstract void UseProvider(DbContextOptionsBuilder options, string connectionString);

    private protected abstract OAuthDatabase OpenDatabase(string connectionString);

    /// <summary>The schema as the database describes it: one line per table column and per index, sorted.</summary>
    private protected abstract Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection);

    public async Task InitializeAsync()
    {
        var legacy = await NewConnectionStringAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<LegacyOAuthDbContext>(options =>
        {
            UseProvider(options, legacy);
            options.UseOpenIddict();
        });
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<LegacyOAuthDbContext>());
        _legacy = services.BuildServiceProvider();
        await using (var scope = _legacy.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LegacyOAuthDbContext>().Database.EnsureCreatedAsync();
        }

        _current = CurrentServices(OpenDatabase(legacy));
        // On a database that already has the tables, the server's start-up creates nothing and changes nothing.
        await _current.GetRequiredService<OAuthDatabase>().EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _current.DisposeAsync();
        await _legacy.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static ServiceProvider CurrentServices(OAuthDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new ValidatedTokenCache(new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings()), TimeProvider.System));
        services.AddSingleton(database);
        services.AddOpenIddict().AddCore(core => core.UseOAuthDatabase());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task NewDatabase_HasTheSchemaEfCoreCreated()
    {
        await using var created = CurrentServices(OpenDatabase(await NewConnectionStringAsync()));
        var database = created.GetRequiredService<OAuthDatabase>();
        await database.EnsureCreatedAsync(CancellationToken.None);

        await using var legacyConnection = await _current.GetRequiredService<OAuthDatabase>().OpenConnectionAsync(CancellationToken.None);
        await using var newConnection = await database.OpenConnectionAsync(CancellationToken.None);
        var legacy = await DescribeSchemaAsync(legacyConnection);

        Assert.Contains(legacy, line => line.StartsWith("column OpenIddictTokens.ExpirationDate ", StringComparison.Ordinal));
        Assert.Equal(legacy, await DescribeSchemaAsync(newConnection));
    }

    [Fact]
    public async Task RowsWrittenByTheEfCoreStores_ReadTheSameThroughTheNewStores()
    {
        var written = await WriteGrantAsync(_legacy);

        Assert.Equal(written, await ReadGrantAsync(_current, written.ClientId, written.ReferenceId));
    }

    [Fact]
    public async Task RowsWrittenByTheNewStores_ReadTheSameThroughTheEfCoreStores()
    {
        var written = await WriteGrantAsync(_current);

        Assert.Equal(written, await ReadGrantAsync(_legacy, written.ClientId, written.ReferenceId));
    }

    [Fact]
    public async Task ALegacyRefreshToken_IsRedeemedOnceByTheNewStores()
    {
        var written = await WriteGrantAsync(_legacy);
        object stale;
        await using (var scope = _current.CreateAsyncScope())
        {
            stale = (await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByReferenceIdAsync(written.ReferenceId))!;
            Assert.NotNull(stale);
        }

        await using (var scope = _current.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            Assert.True(await tokens.TryRedeemAsync((await tokens.FindByReferenceIdAsync(written.ReferenceId))!));
        }

        await using (var scope = _current.CreateAsyncScope())
        {
            // Another request holding the row as it was before the redemption must not redeem it again.
            Assert.False(await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().TryRedeemAsync(stale));
        }

        await using (var scope = _legacy.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var token = await tokens.FindByReferenceIdAsync(written.ReferenceId);
            Assert.Equal(Statuses.Redeemed, await tokens.GetStatusAsync(token!));
            Assert.NotNull(await tokens.GetRedemptionDateAsync(token!));
        }
    }

    /// <summary>A client, an authorization and a refresh token, as the server writes them; what was written, as text.</summary>
    private static async Task<Grant> WriteGrantAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var clientId = "https://client.example/meta?x=1&y=%_" + Guid.NewGuid().ToString("N");
        var descriptor = ClientRegistrationApi.NewPublicClient(clientId, "Claude — “café”", ["https://claude.ai/api/mcp/auth_callback", "http://127.0.0.1:6274/cb?a=1&b=2"]);
        descriptor.Properties[ClientRegistrationApi.KindProperty] = JsonSerializer.SerializeToElement("cimd");
        descriptor.Properties["nested"] = JsonDocument.Parse("""{"a":[1,2.5,"x<y>"],"b":null}""").RootElement.Clone();
        var application = await applications.CreateAsync(descriptor);
        var applicationId = (await applications.GetIdAsync(application))!;

        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = applicationId,
            CreationDate = Created,
            Status = Statuses.Valid,
            Subject = "miro-user-3074457345",
            Type = AuthorizationTypes.Permanent,
            Scopes = { "boards:read", "boards:write" },
        });

        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var referenceId = "ref-" + Guid.NewGuid().ToString("N");
        await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            ApplicationId = applicationId,
            AuthorizationId = (await authorizations.GetIdAsync(authorization))!,
            CreationDate = Created,
            ExpirationDate = Created.AddDays(30),
            Payload = "payload-" + Guid.NewGuid().ToString("N"),
            ReferenceId = referenceId,
            Status = Statuses.Valid,
            Subject = "miro-user-3074457345",
            Type = TokenTypeHints.RefreshToken,
        });

        return await ReadGrantAsync(services, clientId, referenceId);
    }

    /// <summary>Everything OpenIddict reads of the grant, through its managers, as comparable text.</summary>
    private static async Task<Grant> ReadGrantAsync(ServiceProvider services, string clientId, string referenceId)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var application = await applications.FindByClientIdAsync(clientId) ?? throw new InvalidOperationException("client not found");
        var token = await tokens.FindByReferenceIdAsync(referenceId) ?? throw new InvalidOperationException("token not found");
        var authorization = await authorizations.FindByIdAsync((await tokens.GetAuthorizationIdAsync(token))!)
            ?? throw new InvalidOperationException("authorization not found");

        var text = new StringBuilder();
        void Line(string name, object? value) => text.Append(name).Append('=').Append(value switch
        {
            null => "<null>",
            DateTimeOffset date => date.ToString("O", CultureInfo.InvariantCulture),
            ImmutableArray<string> list => string.Join('|', list.Order(StringComparer.Ordinal)),
            ImmutableDictionary<string, JsonElement> properties => string.Join('|', properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value.GetRawText())),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }).Append('\n');

        Line("client_id", await applications.GetClientIdAsync(application));
        Line("client_type", await applications.GetClientTypeAsync(application));
        Line("application_type", await applications.GetApplicationTypeAsync(application));
        Line("consent_type", await applications.GetConsentTypeAsync(application));
        Line("display_name", await applications.GetDisplayNameAsync(application));
        Line("permissions", await applications.GetPermissionsAsync(application));
        Line("redirect_uris", await applications.GetRedirectUrisAsync(application));
        Line("requirements", await applications.GetRequirementsAsync(application));
        Line("application_properties", await applications.GetPropertiesAsync(application));
        Line("authorization_subject", await authorizations.GetSubjectAsync(authorization));
        Line("authorization_status", await authorizations.GetStatusAsync(authorization));
        Line("authorization_type", await authorizations.GetTypeAsync(authorization));
        Line("authorization_scopes", await authorizations.GetScopesAsync(authorization));
        Line("authorization_created", await authorizations.GetCreationDateAsync(authorization));
        Line("authorization_application", await authorizations.GetApplicationIdAsync(authorization) == await applications.GetIdAsync(application));
        Line("token_type", await tokens.GetTypeAsync(token));
        Line("token_status", await tokens.GetStatusAsync(token));
        Line("token_subject", await tokens.GetSubjectAsync(token));
        Line("token_payload", await tokens.GetPayloadAsync(token));
        Line("token_created", await tokens.GetCreationDateAsync(token));
        Line("token_expires", await tokens.GetExpirationDateAsync(token));
        Line("token_redeemed", await tokens.GetRedemptionDateAsync(token));
        Line("token_application", await tokens.GetApplicationIdAsync(token) == await applications.GetIdAsync(application));
        return new Grant(clientId, referenceId, text.ToString());
    }

    private sealed record Grant(string ClientId, string ReferenceId, string Text);

    /// <summary>The server's EF Core model before decision 009: OpenIddict's entities, longer client ids.</summary>
    private sealed class LegacyOAuthDbContext(DbContextOptions<LegacyOAuthDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.UseOpenIddict();
            modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>()
                .Property(application => application.ClientId)
                .HasMaxLength(OAuthDatabase.MaxClientIdLength);
        }
    }
}

public sealed class SqliteLegacyOAuthDatabaseTests : LegacyOAuthDatabaseTests, IDisposable
{
    private readonly List<string> _files = [];

    private protected override Task<string> NewConnectionStringAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"miromcp-legacy-{Guid.NewGuid():N}.db");
        _files.Add(path);
        return Task.FromResult(path);
    }

    private protected override void UseProvider(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite($"Data Source={connectionString}");

    private protected override OAuthDatabase OpenDatabase(string connectionString) => OAuthDatabase.ForSqliteFile(connectionString);

    private protected override async Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection)
    {
        var lines = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.name, p.name, p.type, p."notnull", p.pk FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name LIKE 'OpenIddict%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"column {reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2)} notnull={reader.GetInt64(3)} pk={reader.GetInt64(4)}");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'OpenIddict%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"index {reader.GetString(0)} {(reader.IsDBNull(1) ? "(automatic)" : reader.GetString(1))}");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.name, f."from", f."table", f."to" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table' AND m.name LIKE 'OpenIddict%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"foreign key {reader.GetString(0)}.{reader.GetString(1)} -> {reader.GetString(2)}.{reader.GetString(3)}");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode";
            lines.Add($"journal_mode {await command.ExecuteScalarAsync()}");
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLegacyOAuthDatabaseTests(PostgresFixture postgres) : LegacyOAuthDatabaseTests
{
    private protected override Task<string> NewConnectionStringAsync() => postgres.CreateDatabaseAsync();

    private protected override void UseProvider(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    private protected override OAuthDatabase OpenDatabase(string connectionString) => OAuthDatabase.ForPostgres(connectionString);

    private protected override async Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection)
    {
        var lines = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT table_name, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable
                FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'OpenIddict%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"column {reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2)}({reader.GetInt32(3)}) nullable={reader.GetString(4)}");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'OpenIddict%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"index {reader.GetString(0)} {reader.GetString(1)}");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text LIKE '"OpenIddict%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"constraint {reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
            }
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
