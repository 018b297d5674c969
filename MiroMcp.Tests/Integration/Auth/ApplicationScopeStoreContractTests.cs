using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Auth.Storage;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Postgres;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Tests.Integration.Auth;

/// <summary>
/// What the application and scope stores must do, against each engine for real (a SQLite file, a real PostgreSQL
/// server): what OpenIddict's EF Core stores did, through OpenIddict's own managers where the managers matter.
/// Each test gets an empty database.
/// </summary>
public abstract class ApplicationScopeStoreContractTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private OAuthStoreDatabase? _storage;
    private ServiceProvider? _services;

    private OAuthStoreDatabase Storage => _storage ?? throw new InvalidOperationException("No database yet.");

    private OAuthDatabase Database => Storage.Database;

    private ValidatedTokenCache Cache => Storage.Cache;

    private OAuthApplicationStore Applications => new(Database, Cache);

    private OAuthScopeStore Scopes => new(Database, Cache);

    /// <summary>An empty database with the server's schema.</summary>
    private protected abstract Task<OAuthStoreDatabase> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        _storage = await CreateStorageAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Database);
        services.AddSingleton(Cache);
        services.AddOpenIddict().AddCore(core => core
            .SetDefaultApplicationEntity<OAuthApplication>()
            .SetDefaultScopeEntity<OAuthScope>()
            .ReplaceApplicationStore<OAuthApplication, OAuthApplicationStore>(ServiceLifetime.Scoped)
            .ReplaceScopeStore<OAuthScope, OAuthScopeStore>(ServiceLifetime.Scoped)
            .DisableEntityCaching() // every manager call reaches the store
            .DisableAdditionalFiltering()); // what the store finds is what the manager returns: the store alone must be exact
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreateAsync_FindByIdAndClientId_ReturnEveryColumn()
    {
        var application = FullApplication("client-1");

        await Applications.CreateAsync(application, None);
        var byId = await Applications.FindByIdAsync(application.Id, None);
        var byClientId = await Applications.FindByClientIdAsync("client-1", None);

        AssertSameColumns(application, byId);
        AssertSameColumns(application, byClientId);
        Assert.Null(await Applications.FindByIdAsync("missing", None));
        Assert.Null(await Applications.FindByClientIdAsync("CLIENT-1", None)); // exact, case-sensitive
    }

    [Fact]
    public async Task ManagerCreateAsync_ThenPopulate_RoundTripsTheDescriptor()
    {
        await using var scope = _services!.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ApplicationType = ApplicationTypes.Web,
            ClientId = "https://client.example/metadata.json",
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = "Client \"one\" & <two>",
            DisplayNames = { [CultureInfo.InvariantCulture] = "Client (neutral)" },
            Permissions = { Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode, Permissions.Prefixes.Scope + "miro:read" },
            PostLogoutRedirectUris = { new Uri("https://client.example/bye") },
            RedirectUris = { new Uri("https://client.example/cb"), new Uri("http://127.0.0.1:8123/callback?x=%41&y_z=1") },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            Settings = { [Settings.TokenLifetimes.AccessToken] = "00:10:00" },
        };
        descriptor.Properties["kind"] = JsonSerializer.SerializeToElement("cimd");
        descriptor.Properties["nested"] = JsonDocument.Parse("""{"a":[1,2,{"b":null}],"c":"é ✓"}""").RootElement.Clone();

        var created = await manager.CreateAsync(descriptor, None);
        var found = await manager.FindByClientIdAsync("https://client.example/metadata.json", None);
        var read = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(read, found!, None);

        Assert.Equal(await manager.GetIdAsync(created, None), await manager.GetIdAsync(found!, None));
        Assert.Equal(descriptor.ApplicationType, read.ApplicationType);
        Assert.Equal(descriptor.ClientId, read.ClientId);
        Assert.Equal(descriptor.ClientType, read.ClientType);
        Assert.Equal(descriptor.ConsentType, read.ConsentType);
        Assert.Equal(descriptor.DisplayName, read.DisplayName);
        Assert.Equal(descriptor.DisplayNames, read.DisplayNames);
        Assert.Equal(descriptor.Permissions.Order(StringComparer.Ordinal), read.Permissions.Order(StringComparer.Ordinal));
        Assert.Equal(descriptor.PostLogoutRedirectUris, read.PostLogoutRedirectUris);
        Assert.Equal(descriptor.RedirectUris.Select(uri => uri.AbsoluteUri).Order(StringComparer.Ordinal), read.RedirectUris.Select(uri => uri.AbsoluteUri).Order(StringComparer.Ordinal));
        Assert.Equal(descriptor.Requirements, read.Requirements);
        Assert.Equal(descriptor.Settings, read.Settings);
        Assert.Equal(
            descriptor.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value.GetRawText())),
            read.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value.GetRawText())));
        Assert.Null(read.JsonWebKeySet);
    }

    [Fact]
    public async Task ManagerFindByRedirectUriAsync_ExactUriOnly()
    {
        const string Uri = "https://client.example/cb?x=%41&y_z=1";
        await Applications.CreateAsync(WithUris("exact", [Uri, "https://other.example/cb"], []), None);
        await Applications.CreateAsync(WithUris("longer", [Uri + "&more=1"], []), None);
        await Applications.CreateAsync(WithUris("shorter", ["https://client.example/cb?x=%41"], []), None);
        await Applications.CreateAsync(WithUris("case", ["https://client.example/CB?x=%41&y_z=1"], []), None);
        await Applications.CreateAsync(WithUris("wildcard", ["https://client.example/cb?x=%41&yXz=1"], []), None);
        await Applications.CreateAsync(WithUris("quoted", ["https://other.example/?\"" + Uri], []), None); // its JSON text holds "<Uri>"
        await Applications.CreateAsync(WithUris("logout-only", [], [Uri]), None);
        await using var scope = _services!.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        var found = await ClientIdsAsync(manager.FindByRedirectUriAsync(Uri, None), manager);
        var prefix = await ClientIdsAsync(manager.FindByRedirectUriAsync("https://client.example/cb", None), manager);

        Assert.Equal(["exact"], found);
        Assert.Empty(prefix);
    }

    [Fact]
    public async Task ManagerFindByPostLogoutRedirectUriAsync_ExactUriOnly()
    {
        const string Uri = "https://client.example/bye_now%20?a=1&b=\\";
        await Applications.CreateAsync(WithUris("exact", [], ["https://first.example/", Uri]), None);
        await Applications.CreateAsync(WithUris("longer", [], [Uri + "x"]), None);
        await Applications.CreateAsync(WithUris("shorter", [], ["https://client.example/bye_now%20?a=1&b="]), None);
        await Applications.CreateAsync(WithUris("wildcard", [], ["https://client.example/byeXnow%20?a=1&b=\\"]), None);
        await Applications.CreateAsync(WithUris("quoted", [], ["https://other.example/?\"" + Uri]), None);
        await Applications.CreateAsync(WithUris("redirect-only", [Uri], []), None);
        await using var scope = _services!.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        var found = await ClientIdsAsync(manager.FindByPostLogoutRedirectUriAsync(Uri, None), manager);

        Assert.Equal(["exact"], found);
    }

    [Theory]
    [InlineData("https://client.example/c_b", "https://client.example/cXb")]
    [InlineData("https://client.example/c%b", "https://client.example/c-anything-b")]
    [InlineData("https://client.example/c\\b", "https://client.example/c\\\\b")]
    public async Task JsonStringLikePattern_MatchesTheValueLiterally(string value, string lookalike)
    {
        await Applications.CreateAsync(WithUris("value", [value], []), None);
        await Applications.CreateAsync(WithUris("lookalike", [lookalike], []), None);

        var matches = await ScalarAsync(
            """SELECT COUNT(*) FROM "OpenIddictApplications" WHERE "RedirectUris" LIKE @Pattern ESCAPE '\'""",
            ("@Pattern", OAuthStoreSql.JsonStringLikePattern(value)));

        Assert.Equal(1, matches);
    }

    [Fact]
    public async Task UpdateAsync_NewConcurrencyToken_AndAStaleCopyThrowsAndChangesNothing()
    {
        var application = FullApplication("client-1");
        application.JsonWebKeySet = null; // the manager writes back what it read, and only "no key set" is writable
        await Applications.CreateAsync(application, None);
        var generation = Cache.Generation;
        var current = (await Applications.FindByIdAsync(application.Id, None))!;
        var stale = (await Applications.FindByIdAsync(application.Id, None))!;
        await using var scope = _services!.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, current, None);
        descriptor.DisplayName = "renamed";
        await manager.UpdateAsync(current, descriptor, None); // as a refreshed metadata document does
        var afterUpdate = Cache.Generation;
        stale.DisplayName = "stale";
        var exception = await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Applications.UpdateAsync(stale, None));
        var stored = await Applications.FindByIdAsync(application.Id, None);

        Assert.NotEqual(application.ConcurrencyToken, current.ConcurrencyToken);
        Assert.Equal(application.ConcurrencyToken, stale.ConcurrencyToken);
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
        Assert.True(afterUpdate > generation);
        Assert.Equal(afterUpdate, Cache.Generation);
        AssertSameColumns(current, stored);
        Assert.Equal("renamed", stored!.DisplayName);
    }

    [Fact]
    public async Task CreateAsync_LeavesTheValidatedTokenCacheAlone()
    {
        var generation = Cache.Generation;

        await Applications.CreateAsync(FullApplication("client-1"), None);
        await Scopes.CreateAsync(FullScope("scope-1"), None);

        Assert.Equal(generation, Cache.Generation);
    }

    [Fact]
    public async Task DeleteAsync_StaleCopy_ThrowsAndDeletesNothing()
    {
        var application = FullApplication("client-1");
        await Applications.CreateAsync(application, None);
        await InsertAuthorizationAsync("auth-1", application.Id);
        await InsertTokenAsync("token-1", application.Id, "auth-1");
        await InsertTokenAsync("token-2", application.Id, null);
        var stale = (await Applications.FindByIdAsync(application.Id, None))!;
        var current = (await Applications.FindByIdAsync(application.Id, None))!;
        current.DisplayName = "renamed";
        await Applications.UpdateAsync(current, None);
        var generation = Cache.Generation;

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Applications.DeleteAsync(stale, None));

        Assert.NotNull(await Applications.FindByIdAsync(application.Id, None));
        Assert.Equal(1, await ScalarAsync("""SELECT COUNT(*) FROM "OpenIddictAuthorizations" """));
        Assert.Equal(2, await ScalarAsync("""SELECT COUNT(*) FROM "OpenIddictTokens" """));
        Assert.Equal(generation, Cache.Generation);
    }

    [Fact]
    public async Task ManagerDeleteAsync_RemovesTheApplicationsAuthorizationsAndTokens_AndClearsTheCache()
    {
        var doomed = FullApplication("doomed");
        var kept = FullApplication("kept");
        await Applications.CreateAsync(doomed, None);
        await Applications.CreateAsync(kept, None);
        await InsertAuthorizationAsync("doomed-auth", doomed.Id);
        await InsertTokenAsync("doomed-auth-token", doomed.Id, "doomed-auth");
        await InsertTokenAsync("doomed-token", doomed.Id, null);
        await InsertTokenAsync("kept-token-of-doomed-auth", kept.Id, "doomed-auth");
        await InsertAuthorizationAsync("kept-auth", kept.Id);
        await InsertTokenAsync("kept-auth-token", kept.Id, "kept-auth");
        await InsertTokenAsync("kept-token", kept.Id, null);
        var generation = Cache.Generation;
        await using var scope = _services!.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        await manager.DeleteAsync((await manager.FindByClientIdAsync("doomed", None))!, None);

        Assert.Null(await Applications.FindByIdAsync(doomed.Id, None));
        Assert.NotNull(await Applications.FindByIdAsync(kept.Id, None));
        Assert.Equal(["kept-auth"], await IdsAsync("OpenIddictAuthorizations"));
        Assert.Equal(["kept-auth-token", "kept-token"], await IdsAsync("OpenIddictTokens"));
        Assert.True(Cache.Generation > generation);
    }

    [Fact]
    public async Task ListAsync_CountAndOffset_PageInIdOrder()
    {
        foreach (var id in new[] { "app-3", "app-1", "app-5", "app-2", "app-4" })
        {
            var application = FullApplication("client-" + id);
            application.Id = id;
            await Applications.CreateAsync(application, None);
        }

        Assert.Equal(["app-1", "app-2", "app-3", "app-4", "app-5"], await ListIdsAsync(null, null));
        Assert.Equal(["app-2", "app-3"], await ListIdsAsync(2, 1));
        Assert.Equal(["app-1", "app-2"], await ListIdsAsync(2, null));
        Assert.Equal(["app-4", "app-5"], await ListIdsAsync(null, 3));
        Assert.Empty(await ListIdsAsync(2, 5));
    }

    [Fact]
    public async Task CountAsync_CountsEveryRow()
    {
        Assert.Equal(0, await Applications.CountAsync(None));
        Assert.Equal(0, await Scopes.CountAsync(None));

        for (var i = 0; i < 3; i++)
        {
            await Applications.CreateAsync(FullApplication("client-" + i), None);
        }

        await Scopes.CreateAsync(FullScope("scope-1"), None);

        Assert.Equal(3, await Applications.CountAsync(None));
        Assert.Equal(1, await Scopes.CountAsync(None));
    }

    [Fact]
    public async Task LinqQueries_AreNotSupported()
    {
        var applications = Applications;
        var scopes = Scopes;

        await Assert.ThrowsAsync<NotSupportedException>(async () => await applications.CountAsync(query => query, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await applications.GetAsync((query, state) => query.Where(a => a.Id == state), "x", None));
        Assert.Throws<NotSupportedException>(() => applications.ListAsync((query, state) => query.Where(a => a.Id == state), "x", None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await scopes.CountAsync(query => query, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await scopes.GetAsync((query, state) => query.Where(s => s.Id == state), "x", None));
        Assert.Throws<NotSupportedException>(() => scopes.ListAsync((query, state) => query.Where(s => s.Id == state), "x", None));
    }

    [Fact]
    public async Task Arguments_AreValidatedAsOpenIddictDoes()
    {
        var applications = Applications;
        var scopes = Scopes;

        await Assert.ThrowsAsync<ArgumentException>(async () => await applications.FindByIdAsync("", None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await applications.FindByClientIdAsync(null!, None));
        Assert.Throws<ArgumentException>(() => applications.FindByRedirectUriAsync("", None));
        Assert.Throws<ArgumentNullException>(() => applications.FindByPostLogoutRedirectUriAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await applications.CreateAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await applications.GetPermissionsAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await scopes.FindByNameAsync("", None));
        Assert.Throws<ArgumentException>(() => scopes.FindByNamesAsync(["scope", ""], None));
        Assert.Throws<ArgumentException>(() => scopes.FindByResourceAsync("", None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await scopes.UpdateAsync(null!, None));
    }

    [Fact]
    public async Task JsonWebKeySet_IsReadButOnlyNullIsWritten()
    {
        var application = FullApplication("client-1");
        var applications = Applications;

        await applications.SetJsonWebKeySetAsync(application, null, None);
        var cleared = application.JsonWebKeySet;
        application.JsonWebKeySet = """{"keys":[{"kty":"oct","kid":"key-1","k":"AQAB"}]}""";
        var set = await applications.GetJsonWebKeySetAsync(application, None);

        Assert.Null(cleared);
        Assert.Equal("key-1", Assert.Single(set!.Keys).Kid);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await applications.SetJsonWebKeySetAsync(application, new JsonWebKeySet(), None));
    }

    [Fact]
    public async Task Setters_WriteNullForEmptyListsAndDictionaries()
    {
        var application = FullApplication("client-1");
        var scope = FullScope("scope-1");
        var applications = Applications;
        var scopes = Scopes;

        await applications.SetPermissionsAsync(application, [], None);
        await applications.SetRedirectUrisAsync(application, default, None);
        await applications.SetPropertiesAsync(application, ImmutableDictionary<string, JsonElement>.Empty, None);
        await applications.SetSettingsAsync(application, ImmutableDictionary<string, string>.Empty, None);
        await applications.SetDisplayNamesAsync(application, ImmutableDictionary<CultureInfo, string>.Empty, None);
        await scopes.SetResourcesAsync(scope, [], None);
        await scopes.SetDescriptionsAsync(scope, ImmutableDictionary<CultureInfo, string>.Empty, None);

        Assert.Null(application.Permissions);
        Assert.Null(application.RedirectUris);
        Assert.Null(application.Properties);
        Assert.Null(application.Settings);
        Assert.Null(application.DisplayNames);
        Assert.Null(scope.Resources);
        Assert.Null(scope.Descriptions);
        Assert.Empty(await applications.GetPermissionsAsync(application, None));
        Assert.Empty(await scopes.GetResourcesAsync(scope, None));
    }

    [Fact]
    public async Task ScopeManagerCreateAsync_ThenPopulate_RoundTripsTheDescriptor()
    {
        await using var services = _services!.CreateAsyncScope();
        var manager = services.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
        var descriptor = new OpenIddictScopeDescriptor
        {
            Name = "miro:read",
            DisplayName = "Read boards",
            DisplayNames = { [CultureInfo.InvariantCulture] = "Read boards (neutral)" },
            Description = "Reads your boards",
            Descriptions = { [CultureInfo.InvariantCulture] = "Reads your boards (neutral)" },
            Resources = { "https://mcp.example/mcp", "https://mcp.example/other" },
        };
        descriptor.Properties["nested"] = JsonDocument.Parse("""{"a":[true,1.5]}""").RootElement.Clone();

        var created = await manager.CreateAsync(descriptor, None);
        var found = await manager.FindByNameAsync("miro:read", None);
        var read = new OpenIddictScopeDescriptor();
        await manager.PopulateAsync(read, found!, None);

        Assert.Equal(await manager.GetIdAsync(created, None), await manager.GetIdAsync(found!, None));
        Assert.Equal(descriptor.Name, read.Name);
        Assert.Equal(descriptor.DisplayName, read.DisplayName);
        Assert.Equal(descriptor.DisplayNames, read.DisplayNames);
        Assert.Equal(descriptor.Description, read.Description);
        Assert.Equal(descriptor.Descriptions, read.Descriptions);
        Assert.Equal(descriptor.Resources, read.Resources);
        Assert.Equal("""{"a":[true,1.5]}""", Assert.Single(read.Properties).Value.GetRawText());
        AssertSameColumns((OAuthScope)created, await Scopes.FindByIdAsync(((OAuthScope)created).Id, None));
    }

    [Fact]
    public async Task ScopeFinders_ByIdNameNamesAndResource()
    {
        var read = FullScope("miro:read", "https://mcp.example/mcp", "https://mcp.example/a_b%c&d");
        var write = FullScope("miro:write", "https://mcp.example/mcp/longer");
        var other = FullScope("other", "HTTPS://MCP.EXAMPLE/MCP", "see \"https://mcp.example/mcp"); // their JSON text holds "https://mcp.example/mcp", ignoring case
        foreach (var scope in new[] { read, write, other })
        {
            await Scopes.CreateAsync(scope, None);
        }

        AssertSameColumns(read, await Scopes.FindByIdAsync(read.Id, None));
        AssertSameColumns(write, await Scopes.FindByNameAsync("miro:write", None));
        Assert.Null(await Scopes.FindByNameAsync("MIRO:WRITE", None));
        Assert.Equal(["miro:read", "other"], await NamesAsync(Scopes.FindByNamesAsync(["other", "missing", "miro:read"], None)));
        Assert.Empty(await NamesAsync(Scopes.FindByNamesAsync([], None)));
        Assert.Equal(["miro:read"], await NamesAsync(Scopes.FindByResourceAsync("https://mcp.example/mcp", None)));
        Assert.Equal(["miro:read"], await NamesAsync(Scopes.FindByResourceAsync("https://mcp.example/a_b%c&d", None)));
        Assert.Empty(await NamesAsync(Scopes.FindByResourceAsync("https://mcp.example/aXb%c&d", None)));
        Assert.Empty(await NamesAsync(Scopes.FindByResourceAsync("https://mcp.example", None)));
    }

    [Fact]
    public async Task ScopeUpdateAndDelete_CheckTheConcurrencyToken_AndClearTheCache()
    {
        var scope = FullScope("miro:read", "https://mcp.example/mcp");
        await Scopes.CreateAsync(scope, None);
        var current = (await Scopes.FindByIdAsync(scope.Id, None))!;
        var stale = (await Scopes.FindByIdAsync(scope.Id, None))!;
        var generation = Cache.Generation;

        current.Description = "changed";
        await Scopes.UpdateAsync(current, None);
        var afterUpdate = Cache.Generation;
        stale.Description = "stale";
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Scopes.UpdateAsync(stale, None));
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Scopes.DeleteAsync(stale, None));
        var afterStale = Cache.Generation;
        AssertSameColumns(current, await Scopes.FindByIdAsync(scope.Id, None));
        await Scopes.DeleteAsync(current, None);

        Assert.NotEqual(scope.ConcurrencyToken, current.ConcurrencyToken);
        Assert.True(afterUpdate > generation);
        Assert.Equal(afterUpdate, afterStale);
        Assert.True(Cache.Generation > afterStale);
        Assert.Null(await Scopes.FindByIdAsync(scope.Id, None));
    }

    private static OAuthApplication FullApplication(string clientId) => new()
    {
        ApplicationType = ApplicationTypes.Web,
        ClientId = clientId,
        ClientSecret = "secret-hash",
        ClientType = ClientTypes.Confidential,
        ConsentType = ConsentTypes.Explicit,
        DisplayName = "Client “" + clientId + "”",
        DisplayNames = """{"":"Neutral name"}""",
        JsonWebKeySet = """{"keys":[]}""",
        Permissions = """["ept:authorization","ept:token","scp:miro:read"]""",
        PostLogoutRedirectUris = """["https://client.example/bye"]""",
        Properties = """{"kind":"dcr","created":1767225600,"nested":{"a":[1,{"b":null}]}}""",
        RedirectUris = """["https://client.example/cb","http://127.0.0.1:9000/cb"]""",
        Requirements = """["ft:pkce"]""",
        Settings = """{"tkn_lft:act":"00:10:00"}""",
    };

    private static OAuthApplication WithUris(string clientId, string[] redirectUris, string[] postLogoutRedirectUris)
    {
        var application = FullApplication(clientId);
        application.ClientType = ClientTypes.Public;
        application.ClientSecret = null;
        application.RedirectUris = StoreJson.WriteArray([.. redirectUris]);
        application.PostLogoutRedirectUris = StoreJson.WriteArray([.. postLogoutRedirectUris]);
        return application;
    }

    private static OAuthScope FullScope(string name, params string[] resources) => new()
    {
        Name = name,
        Description = "About " + name,
        Descriptions = """{"":"Neutral description"}""",
        DisplayName = "Scope " + name,
        DisplayNames = """{"":"Neutral name"}""",
        Properties = """{"nested":{"a":[1,2]}}""",
        Resources = StoreJson.WriteArray([.. resources]),
    };

    private static void AssertSameColumns(OAuthApplication expected, OAuthApplication? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Id, expected.ApplicationType, expected.ClientId, expected.ClientSecret, expected.ClientType, expected.ConcurrencyToken, expected.ConsentType, expected.DisplayName),
            (actual.Id, actual.ApplicationType, actual.ClientId, actual.ClientSecret, actual.ClientType, actual.ConcurrencyToken, actual.ConsentType, actual.DisplayName));
        Assert.Equal(
            (expected.DisplayNames, expected.JsonWebKeySet, expected.Permissions, expected.PostLogoutRedirectUris, expected.Properties, expected.RedirectUris, expected.Requirements, expected.Settings),
            (actual.DisplayNames, actual.JsonWebKeySet, actual.Permissions, actual.PostLogoutRedirectUris, actual.Properties, actual.RedirectUris, actual.Requirements, actual.Settings));
    }

    private static void AssertSameColumns(OAuthScope expected, OAuthScope? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Id, expected.ConcurrencyToken, expected.Description, expected.Descriptions, expected.DisplayName, expected.DisplayNames, expected.Name, expected.Properties, expected.Resources),
            (actual.Id, actual.ConcurrencyToken, actual.Description, actual.Descriptions, actual.DisplayName, actual.DisplayNames, actual.Name, actual.Properties, actual.Resources));
    }

    private static async Task<List<string>> ClientIdsAsync(IAsyncEnumerable<object> applications, IOpenIddictApplicationManager manager)
    {
        var clientIds = new List<string>();
        await foreach (var application in applications)
        {
            clientIds.Add((await manager.GetClientIdAsync(application, None))!);
        }

        return clientIds;
    }

    private static async Task<List<string>> NamesAsync(IAsyncEnumerable<OAuthScope> scopes)
    {
        var names = new List<string>();
        await foreach (var scope in scopes)
        {
            names.Add(scope.Name!);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private async Task<List<string>> ListIdsAsync(int? count, int? offset)
    {
        var ids = new List<string>();
        await foreach (var application in Applications.ListAsync(count, offset, None))
        {
            ids.Add(application.Id);
        }

        return ids;
    }

    private async Task InsertAuthorizationAsync(string id, string applicationId) => await ExecuteAsync(
        """INSERT INTO "OpenIddictAuthorizations" ("Id", "ApplicationId", "ConcurrencyToken", "Status", "Subject", "Type") VALUES (@Id, @ApplicationId, 'token', 'valid', 'user', 'permanent')""",
        ("@Id", id), ("@ApplicationId", applicationId));

    private async Task InsertTokenAsync(string id, string applicationId, string? authorizationId) => await ExecuteAsync(
        """INSERT INTO "OpenIddictTokens" ("Id", "ApplicationId", "AuthorizationId", "ConcurrencyToken", "Status", "Subject", "Type") VALUES (@Id, @ApplicationId, @AuthorizationId, 'token', 'valid', 'user', 'access_token')""",
        ("@Id", id), ("@ApplicationId", applicationId), ("@AuthorizationId", authorizationId));

    private async Task<List<string>> IdsAsync(string table)
    {
        await using var connection = await Database.OpenConnectionAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "Id" FROM "{table}" ORDER BY "Id" """;
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Runs <paramref name="sql"/> (one row's insert) behind the stores' back.</summary>
    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Database.AddParameter(command, name, value);
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Runs <paramref name="sql"/> behind the stores' back: the number it selects.</summary>
    private async Task<long> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Database.AddParameter(command, name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

/// <summary>The contract on a SQLite file.</summary>
public sealed class SqliteApplicationScopeStoreContractTests : ApplicationScopeStoreContractTests
{
    private protected override Task<OAuthStoreDatabase> CreateStorageAsync() => OAuthStoreDatabase.CreateSqliteAsync();
}

/// <summary>The contract on a real PostgreSQL server (one per test run, a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApplicationScopeStoreContractTests(PostgresFixture postgres) : ApplicationScopeStoreContractTests
{
    private protected override Task<OAuthStoreDatabase> CreateStorageAsync() => OAuthStoreDatabase.CreatePostgresAsync(postgres);
}
