using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using MiroMcp.Server.Auth.Storage;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Postgres;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Tests.Integration.Auth;

/// <summary>
/// What MiroMcp's authorization and token stores must do for OpenIddict's managers (what its EF Core stores did), run
/// against each engine for real: a SQLite file, and a real PostgreSQL server. Each test gets an empty database with
/// two client registrations, <see cref="AppA"/> and <see cref="AppB"/>.
/// </summary>
public abstract class AuthorizationTokenStoreContractTests : IAsyncLifetime
{
    protected const string AppA = "app-a";
    protected const string AppB = "app-b";

    private static readonly CancellationToken None = CancellationToken.None;

    private OAuthStoreDatabase? _database;

    private OAuthStoreDatabase Database => _database ?? throw new InvalidOperationException("No database yet.");

    private OAuthAuthorizationStore Authorizations => new(Database.Database, Database.Cache);

    private OAuthTokenStore Tokens => new(Database.Database, Database.Cache);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var connection = await Database.Database.OpenConnectionAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = """INSERT INTO "OpenIddictApplications" ("Id", "ClientId") VALUES (@a, 'client-a'), (@b, 'client-b')""";
        Database.Database.AddParameter(command, "@a", AppA);
        Database.Database.AddParameter(command, "@b", AppB);
        await command.ExecuteNonQueryAsync(None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>An empty OAuth database with the server's schema.</summary>
    private protected abstract Task<OAuthStoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Token_CreateThenFind_RoundTripsEveryColumn()
    {
        var authorization = await CreateAuthorizationAsync("alice", AppA);
        var created = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_560);
        var expires = new DateTimeOffset(2031, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(9_876_540); // 07:08:09.987654 UTC
        var redeemed = created.AddMilliseconds(1);
        var token = await Tokens.InstantiateAsync(None);
        await Tokens.SetApplicationIdAsync(token, AppA, None);
        await Tokens.SetAuthorizationIdAsync(token, authorization.Id, None);
        await Tokens.SetCreationDateAsync(token, created, None);
        await Tokens.SetExpirationDateAsync(token, expires, None);
        await Tokens.SetRedemptionDateAsync(token, redeemed, None);
        await Tokens.SetPayloadAsync(token, "payload-é-\"quoted\"", None);
        await Tokens.SetPropertiesAsync(token, Properties("""{"n":1,"s":"x","o":{"a":[true,null]}}"""), None);
        await Tokens.SetReferenceIdAsync(token, "reference-1", None);
        await Tokens.SetStatusAsync(token, Statuses.Redeemed, None);
        await Tokens.SetSubjectAsync(token, "alice", None);
        await Tokens.SetTypeAsync(token, TokenTypeHints.RefreshToken, None);
        await Tokens.CreateAsync(token, None);

        var read = await Tokens.FindByIdAsync(token.Id, None);

        Assert.NotNull(read);
        Assert.Equal(token.Id, await Tokens.GetIdAsync(read, None));
        Assert.Equal(AppA, await Tokens.GetApplicationIdAsync(read, None));
        Assert.Equal(authorization.Id, await Tokens.GetAuthorizationIdAsync(read, None));
        Assert.Equal(token.ConcurrencyToken, read.ConcurrencyToken);
        AssertUtc(created, await Tokens.GetCreationDateAsync(read, None));
        AssertUtc(expires, await Tokens.GetExpirationDateAsync(read, None));
        AssertUtc(redeemed, await Tokens.GetRedemptionDateAsync(read, None));
        Assert.Equal("payload-é-\"quoted\"", await Tokens.GetPayloadAsync(read, None));
        var properties = await Tokens.GetPropertiesAsync(read, None);
        Assert.Equal(["n", "o", "s"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, properties["n"].GetInt32());
        Assert.Equal("""{"a":[true,null]}""", properties["o"].GetRawText());
        Assert.Equal("reference-1", await Tokens.GetReferenceIdAsync(read, None));
        Assert.Equal(Statuses.Redeemed, await Tokens.GetStatusAsync(read, None));
        Assert.Equal("alice", await Tokens.GetSubjectAsync(read, None));
        Assert.Equal(TokenTypeHints.RefreshToken, await Tokens.GetTypeAsync(read, None));
    }

    [Fact]
    public async Task Token_EmptyColumns_RoundTripAsNull()
    {
        var token = await Tokens.InstantiateAsync(None);
        await Tokens.SetPropertiesAsync(token, ImmutableDictionary<string, JsonElement>.Empty, None);
        await Tokens.CreateAsync(token, None);

        var read = await Tokens.FindByIdAsync(token.Id, None);

        Assert.NotNull(read);
        Assert.Null(await Tokens.GetApplicationIdAsync(read, None));
        Assert.Null(await Tokens.GetAuthorizationIdAsync(read, None));
        Assert.Null(await Tokens.GetCreationDateAsync(read, None));
        Assert.Null(await Tokens.GetExpirationDateAsync(read, None));
        Assert.Null(await Tokens.GetRedemptionDateAsync(read, None));
        Assert.Null(await Tokens.GetPayloadAsync(read, None));
        Assert.Null(read.Properties);
        Assert.Empty(await Tokens.GetPropertiesAsync(read, None));
        Assert.Null(await Tokens.GetReferenceIdAsync(read, None));
        Assert.Null(await Tokens.GetStatusAsync(read, None));
        Assert.Null(await Tokens.GetSubjectAsync(read, None));
        Assert.Null(await Tokens.GetTypeAsync(read, None));
    }

    [Fact]
    public async Task Authorization_CreateThenFind_RoundTripsEveryColumn()
    {
        var created = new DateTimeOffset(2031, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_560);
        var authorization = await Authorizations.InstantiateAsync(None);
        await Authorizations.SetApplicationIdAsync(authorization, AppB, None);
        await Authorizations.SetCreationDateAsync(authorization, created, None);
        await Authorizations.SetPropertiesAsync(authorization, Properties("""{"grant":"g-1"}"""), None);
        await Authorizations.SetScopesAsync(authorization, ["boards:read", "boards:write", "é"], None);
        await Authorizations.SetStatusAsync(authorization, Statuses.Valid, None);
        await Authorizations.SetSubjectAsync(authorization, "bob", None);
        await Authorizations.SetTypeAsync(authorization, AuthorizationTypes.Permanent, None);
        await Authorizations.CreateAsync(authorization, None);

        var read = await Authorizations.FindByIdAsync(authorization.Id, None);

        Assert.NotNull(read);
        Assert.Equal(authorization.Id, await Authorizations.GetIdAsync(read, None));
        Assert.Equal(AppB, await Authorizations.GetApplicationIdAsync(read, None));
        Assert.Equal(authorization.ConcurrencyToken, read.ConcurrencyToken);
        AssertUtc(created, await Authorizations.GetCreationDateAsync(read, None));
        Assert.Equal("g-1", (await Authorizations.GetPropertiesAsync(read, None))["grant"].GetString());
        Assert.Equal(["boards:read", "boards:write", "é"], (await Authorizations.GetScopesAsync(read, None)).ToArray());
        Assert.Equal(Statuses.Valid, await Authorizations.GetStatusAsync(read, None));
        Assert.Equal("bob", await Authorizations.GetSubjectAsync(read, None));
        Assert.Equal(AuthorizationTypes.Permanent, await Authorizations.GetTypeAsync(read, None));
    }

    [Fact]
    public async Task Authorization_EmptyColumns_RoundTripAsNull()
    {
        var authorization = await Authorizations.InstantiateAsync(None);
        await Authorizations.SetScopesAsync(authorization, [], None);
        await Authorizations.CreateAsync(authorization, None);

        var read = await Authorizations.FindByIdAsync(authorization.Id, None);

        Assert.NotNull(read);
        Assert.Null(await Authorizations.GetApplicationIdAsync(read, None));
        Assert.Null(await Authorizations.GetCreationDateAsync(read, None));
        Assert.Null(read.Scopes);
        Assert.Empty(await Authorizations.GetScopesAsync(read, None));
        Assert.Empty(await Authorizations.GetPropertiesAsync(read, None));
        Assert.Null(await Authorizations.GetStatusAsync(read, None));
        Assert.Null(await Authorizations.GetSubjectAsync(read, None));
        Assert.Null(await Authorizations.GetTypeAsync(read, None));
    }

    [Fact]
    public async Task FindById_Unknown_ReturnsNull()
    {
        await CreateTokenAsync("alice", AppA);
        await CreateAuthorizationAsync("alice", AppA);

        Assert.Null(await Tokens.FindByIdAsync("missing", None));
        Assert.Null(await Authorizations.FindByIdAsync("missing", None));
    }

    [Fact]
    public async Task Token_FindByReferenceId_ReturnsThatTokenOnly()
    {
        var first = await CreateTokenAsync("alice", AppA, configure: token => token.ReferenceId = "ref-1");
        await CreateTokenAsync("alice", AppA, configure: token => token.ReferenceId = "ref-2");

        Assert.Equal(first.Id, (await Tokens.FindByReferenceIdAsync("ref-1", None))?.Id);
        Assert.Null(await Tokens.FindByReferenceIdAsync("ref-3", None));
    }

    [Fact]
    public async Task Token_FindByAuthorizationApplicationAndSubject_ReturnMatchingTokensOnly()
    {
        var grantA = await CreateAuthorizationAsync("alice", AppA);
        var grantB = await CreateAuthorizationAsync("bob", AppB);
        var a1 = await CreateTokenAsync("alice", AppA, grantA.Id);
        var a2 = await CreateTokenAsync("alice", AppA, grantA.Id);
        var b1 = await CreateTokenAsync("bob", AppB, grantB.Id);

        Assert.Equal(Ids(a1, a2), Ids(await Tokens.FindByAuthorizationIdAsync(grantA.Id, None).ToListAsync()));
        Assert.Equal(Ids(b1), Ids(await Tokens.FindByAuthorizationIdAsync(grantB.Id, None).ToListAsync()));
        Assert.Equal(Ids(b1), Ids(await Tokens.FindByApplicationIdAsync(AppB, None).ToListAsync()));
        Assert.Equal(Ids(a1, a2), Ids(await Tokens.FindBySubjectAsync("alice", None).ToListAsync()));
        Assert.Empty(await Tokens.FindBySubjectAsync("carol", None).ToListAsync());
    }

    [Fact]
    public async Task Token_FindAsync_EachFilterGivenFilters()
    {
        var match = await CreateTokenAsync("alice", AppA, status: Statuses.Valid, type: TokenTypeHints.RefreshToken);
        var otherSubject = await CreateTokenAsync("bob", AppA, status: Statuses.Valid, type: TokenTypeHints.RefreshToken);
        var otherClient = await CreateTokenAsync("alice", AppB, status: Statuses.Valid, type: TokenTypeHints.RefreshToken);
        var otherStatus = await CreateTokenAsync("alice", AppA, status: Statuses.Redeemed, type: TokenTypeHints.RefreshToken);
        var otherType = await CreateTokenAsync("alice", AppA, status: Statuses.Valid, type: TokenTypeHints.AccessToken);
        var all = Ids(match, otherSubject, otherClient, otherStatus, otherType);

        Assert.Equal(Ids(match), Ids(await Tokens.FindAsync("alice", AppA, Statuses.Valid, TokenTypeHints.RefreshToken, None).ToListAsync()));
        Assert.Equal(all.Remove(otherSubject.Id), Ids(await Tokens.FindAsync("alice", null, null, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherClient.Id), Ids(await Tokens.FindAsync(null, AppA, null, "", None).ToListAsync()));
        Assert.Equal(all.Remove(otherStatus.Id), Ids(await Tokens.FindAsync(null, null, Statuses.Valid, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherType.Id), Ids(await Tokens.FindAsync("", null, null, TokenTypeHints.RefreshToken, None).ToListAsync()));
        Assert.Equal(all, Ids(await Tokens.FindAsync(null, null, null, null, None).ToListAsync()));
    }

    [Fact]
    public async Task Authorization_FindAsync_EachFilterGivenFilters()
    {
        var match = await CreateAuthorizationAsync("alice", AppA, Statuses.Valid, AuthorizationTypes.Permanent);
        var otherSubject = await CreateAuthorizationAsync("bob", AppA, Statuses.Valid, AuthorizationTypes.Permanent);
        var otherClient = await CreateAuthorizationAsync("alice", AppB, Statuses.Valid, AuthorizationTypes.Permanent);
        var otherStatus = await CreateAuthorizationAsync("alice", AppA, Statuses.Revoked, AuthorizationTypes.Permanent);
        var otherType = await CreateAuthorizationAsync("alice", AppA, Statuses.Valid, AuthorizationTypes.AdHoc);
        var all = Ids(match, otherSubject, otherClient, otherStatus, otherType);

        Assert.Equal(Ids(match), Ids(await Authorizations.FindAsync("alice", AppA, Statuses.Valid, AuthorizationTypes.Permanent, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherSubject.Id), Ids(await Authorizations.FindAsync("alice", null, null, null, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherClient.Id), Ids(await Authorizations.FindAsync(null, AppA, null, null, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherStatus.Id), Ids(await Authorizations.FindAsync(null, null, Statuses.Valid, null, null, None).ToListAsync()));
        Assert.Equal(all.Remove(otherType.Id), Ids(await Authorizations.FindAsync(null, null, null, AuthorizationTypes.Permanent, null, None).ToListAsync()));
        Assert.Equal(all, Ids(await Authorizations.FindAsync(null, null, null, null, null, None).ToListAsync()));
        Assert.Equal(Ids(match, otherSubject, otherStatus, otherType), Ids(await Authorizations.FindByApplicationIdAsync(AppA, None).ToListAsync()));
        Assert.Equal(Ids(otherSubject), Ids(await Authorizations.FindBySubjectAsync("bob", None).ToListAsync()));
    }

    [Fact]
    public async Task Authorization_FindAsync_Scopes_EveryRequestedScopeMustBeGranted()
    {
        var both = await CreateAuthorizationAsync("alice", AppA, scopes: ["read", "write"]);
        var readOnly = await CreateAuthorizationAsync("alice", AppA, scopes: ["read"]);
        var none = await CreateAuthorizationAsync("alice", AppA, scopes: []);

        async Task<ImmutableSortedSet<string>> FindAsync(ImmutableArray<string>? scopes) =>
            Ids(await Authorizations.FindAsync("alice", AppA, Statuses.Valid, AuthorizationTypes.Permanent, scopes, None).ToListAsync());

        Assert.Equal(Ids(both), await FindAsync(["write", "read"]));
        Assert.Equal(Ids(both, readOnly), await FindAsync(["read"]));
        Assert.Empty(await FindAsync(["READ"]));
        Assert.Equal(Ids(both, readOnly, none), await FindAsync([]));
        Assert.Equal(Ids(both, readOnly, none), await FindAsync(null));
    }

    [Fact]
    public async Task ListAsync_OrdersById_AndPages()
    {
        foreach (var id in new[] { "t3", "t1", "t5", "t2", "t4" })
        {
            await CreateTokenAsync("alice", AppA, configure: token => token.Id = id);
            await CreateAuthorizationAsync("alice", AppA, configure: authorization => authorization.Id = "a" + id[1..]);
        }

        Assert.Equal(5, await Tokens.CountAsync(None));
        Assert.Equal(5, await Authorizations.CountAsync(None));
        Assert.Equal(["t1", "t2", "t3", "t4", "t5"], (await Tokens.ListAsync(null, null, None).ToListAsync()).Select(token => token.Id));
        Assert.Equal(["t2", "t3"], (await Tokens.ListAsync(2, 1, None).ToListAsync()).Select(token => token.Id));
        Assert.Equal(["t4", "t5"], (await Tokens.ListAsync(null, 3, None).ToListAsync()).Select(token => token.Id));
        Assert.Equal(["t1", "t2"], (await Tokens.ListAsync(2, null, None).ToListAsync()).Select(token => token.Id));
        Assert.Equal(["a3", "a4"], (await Authorizations.ListAsync(2, 2, None).ToListAsync()).Select(authorization => authorization.Id));
    }

    [Fact]
    public async Task UpdateAsync_WritesEveryChange_AndRenewsTheConcurrencyToken()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var token = await CreateTokenAsync("alice", AppA, grant.Id, configure: token => token.ReferenceId = "ref");
        var tokenConcurrency = token.ConcurrencyToken;
        var grantConcurrency = grant.ConcurrencyToken;
        var redeemed = Now;

        await Tokens.SetStatusAsync(token, Statuses.Redeemed, None);
        await Tokens.SetRedemptionDateAsync(token, redeemed, None);
        await Tokens.SetApplicationIdAsync(token, null, None);
        await Tokens.SetAuthorizationIdAsync(token, "", None);
        await Tokens.SetReferenceIdAsync(token, null, None);
        await Tokens.UpdateAsync(token, None);
        await Authorizations.SetStatusAsync(grant, Statuses.Revoked, None);
        await Authorizations.SetScopesAsync(grant, ["other"], None);
        await Authorizations.SetApplicationIdAsync(grant, AppB, None);
        await Authorizations.UpdateAsync(grant, None);

        var readToken = await Tokens.FindByIdAsync(token.Id, None);
        var readGrant = await Authorizations.FindByIdAsync(grant.Id, None);
        Assert.NotNull(readToken);
        Assert.NotNull(readGrant);
        Assert.NotEqual(tokenConcurrency, token.ConcurrencyToken);
        Assert.Equal(token.ConcurrencyToken, readToken.ConcurrencyToken);
        Assert.Equal(Statuses.Redeemed, readToken.Status);
        AssertUtc(redeemed, await Tokens.GetRedemptionDateAsync(readToken, None), TimeSpan.FromMilliseconds(1));
        Assert.Null(readToken.ApplicationId);
        Assert.Null(readToken.AuthorizationId);
        Assert.Null(readToken.ReferenceId);
        Assert.NotEqual(grantConcurrency, grant.ConcurrencyToken);
        Assert.Equal(grant.ConcurrencyToken, readGrant.ConcurrencyToken);
        Assert.Equal(Statuses.Revoked, readGrant.Status);
        Assert.Equal(["other"], (await Authorizations.GetScopesAsync(readGrant, None)).ToArray());
        Assert.Equal(AppB, readGrant.ApplicationId);
    }

    [Fact]
    public async Task Token_UpdateAsync_StaleCopy_ThrowsConcurrencyAndChangesNothing()
    {
        var token = await CreateTokenAsync("alice", AppA);
        var first = await Tokens.FindByIdAsync(token.Id, None);
        var second = await Tokens.FindByIdAsync(token.Id, None);
        Assert.NotNull(first);
        Assert.NotNull(second);

        first.Status = Statuses.Redeemed;
        await Tokens.UpdateAsync(first, None);
        second.Status = Statuses.Revoked;
        second.Payload = "overwritten";
        var staleConcurrency = second.ConcurrencyToken;

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.UpdateAsync(second, None));

        var read = await Tokens.FindByIdAsync(token.Id, None);
        Assert.NotNull(read);
        Assert.Equal(Statuses.Redeemed, read.Status);
        Assert.Null(read.Payload);
        Assert.Equal(first.ConcurrencyToken, read.ConcurrencyToken);
        Assert.Equal(staleConcurrency, second.ConcurrencyToken);
    }

    [Fact]
    public async Task Authorization_UpdateAsync_StaleCopy_ThrowsConcurrencyAndChangesNothing()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var first = await Authorizations.FindByIdAsync(grant.Id, None);
        var second = await Authorizations.FindByIdAsync(grant.Id, None);
        Assert.NotNull(first);
        Assert.NotNull(second);

        first.Status = Statuses.Revoked;
        await Authorizations.UpdateAsync(first, None);
        second.Subject = "mallory";

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.UpdateAsync(second, None));

        var read = await Authorizations.FindByIdAsync(grant.Id, None);
        Assert.NotNull(read);
        Assert.Equal(Statuses.Revoked, read.Status);
        Assert.Equal("alice", read.Subject);
        Assert.Equal(first.ConcurrencyToken, read.ConcurrencyToken);
    }

    [Fact]
    public async Task UpdateAsync_DeletedRow_ThrowsConcurrency()
    {
        var token = await CreateTokenAsync("alice", AppA);
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var tokenCopy = await Tokens.FindByIdAsync(token.Id, None);
        await Tokens.DeleteAsync(token, None);
        await Authorizations.DeleteAsync(grant, None);

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.UpdateAsync(tokenCopy!, None));
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.UpdateAsync(grant, None));
        Assert.Equal(0, await Tokens.CountAsync(None));
    }

    [Fact]
    public async Task Token_ConcurrentRedemptions_ExactlyOneSucceeds()
    {
        for (var round = 0; round < 10; round++)
        {
            var token = await CreateTokenAsync("alice", AppA, type: TokenTypeHints.RefreshToken);
            var copies = new List<OAuthToken>();
            for (var i = 0; i < 4; i++)
            {
                copies.Add(await Tokens.FindByIdAsync(token.Id, None) ?? throw new InvalidOperationException("Token not found."));
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = copies.Select(copy => Task.Run(async () =>
            {
                await start.Task;
                copy.Status = Statuses.Redeemed;
                copy.RedemptionDate = DateTime.UtcNow;
                try
                {
                    await Tokens.UpdateAsync(copy, None);
                    return copy.ConcurrencyToken;
                }
                catch (OpenIddictExceptions.ConcurrencyException)
                {
                    return null;
                }
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, result => result is not null);
            Assert.Equal(winner, (await Tokens.FindByIdAsync(token.Id, None))?.ConcurrencyToken);
        }
    }

    [Fact]
    public async Task Token_DeleteAsync_StaleCopy_ThrowsConcurrencyAndKeepsTheRow()
    {
        var token = await CreateTokenAsync("alice", AppA);
        var stale = await Tokens.FindByIdAsync(token.Id, None);
        token.Status = Statuses.Redeemed;
        await Tokens.UpdateAsync(token, None);

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.DeleteAsync(stale!, None));
        Assert.NotNull(await Tokens.FindByIdAsync(token.Id, None));

        await Tokens.DeleteAsync(token, None);
        Assert.Null(await Tokens.FindByIdAsync(token.Id, None));
    }

    [Fact]
    public async Task Authorization_DeleteAsync_RemovesItsTokensOnly()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var other = await CreateAuthorizationAsync("alice", AppA);
        await CreateTokenAsync("alice", AppA, grant.Id);
        await CreateTokenAsync("alice", AppA, grant.Id);
        var kept = await CreateTokenAsync("alice", AppA, other.Id);
        var standalone = await CreateTokenAsync("alice", AppA);

        await Authorizations.DeleteAsync(grant, None);

        Assert.Null(await Authorizations.FindByIdAsync(grant.Id, None));
        Assert.NotNull(await Authorizations.FindByIdAsync(other.Id, None));
        Assert.Empty(await Tokens.FindByAuthorizationIdAsync(grant.Id, None).ToListAsync());
        Assert.Equal(Ids(kept, standalone), Ids(await Tokens.ListAsync(null, null, None).ToListAsync()));
    }

    [Fact]
    public async Task Authorization_DeleteAsync_StaleCopy_ThrowsConcurrencyAndKeepsItsTokens()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var token = await CreateTokenAsync("alice", AppA, grant.Id);
        var stale = await Authorizations.FindByIdAsync(grant.Id, None);
        await Authorizations.SetStatusAsync(grant, Statuses.Revoked, None);
        await Authorizations.UpdateAsync(grant, None);

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.DeleteAsync(stale!, None));

        Assert.NotNull(await Authorizations.FindByIdAsync(grant.Id, None));
        Assert.Equal(Ids(token), Ids(await Tokens.FindByAuthorizationIdAsync(grant.Id, None).ToListAsync()));
    }

    [Fact]
    public async Task Token_RevokeByAuthorizationId_RevokesThatAuthorizationsUnrevokedTokens()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var other = await CreateAuthorizationAsync("alice", AppA);
        var valid = await CreateTokenAsync("alice", AppA, grant.Id, status: Statuses.Valid);
        var redeemed = await CreateTokenAsync("alice", AppA, grant.Id, status: Statuses.Redeemed);
        var noStatus = await CreateTokenAsync("alice", AppA, grant.Id, status: null);
        var revoked = await CreateTokenAsync("alice", AppA, grant.Id, status: Statuses.Revoked);
        var untouched = await CreateTokenAsync("alice", AppA, other.Id, status: Statuses.Valid);

        Assert.Equal(3, await Tokens.RevokeByAuthorizationIdAsync(grant.Id, None));

        Assert.Equal(Ids(valid, redeemed, noStatus, revoked), await TokenIdsWithStatusAsync(Statuses.Revoked));
        Assert.Equal(Ids(untouched), await TokenIdsWithStatusAsync(Statuses.Valid));
        Assert.Equal(0, await Tokens.RevokeByAuthorizationIdAsync(grant.Id, None));
    }

    [Fact]
    public async Task Token_RevokeBySubjectAndApplication_RevokeMatchingUnrevokedTokens()
    {
        var alice1 = await CreateTokenAsync("alice", AppA);
        var alice2 = await CreateTokenAsync("alice", AppB);
        await CreateTokenAsync("alice", AppA, status: Statuses.Revoked);
        var bobA = await CreateTokenAsync("bob", AppA);
        var bobB = await CreateTokenAsync("bob", AppB);

        Assert.Equal(2, await Tokens.RevokeBySubjectAsync("alice", None));
        Assert.Equal(Ids(bobA, bobB), await TokenIdsWithStatusAsync(Statuses.Valid));

        Assert.Equal(1, await Tokens.RevokeByApplicationIdAsync(AppB, None));
        Assert.Equal(Ids(bobA), await TokenIdsWithStatusAsync(Statuses.Valid));
        Assert.Contains(alice1.Id, await TokenIdsWithStatusAsync(Statuses.Revoked));
        Assert.Contains(alice2.Id, await TokenIdsWithStatusAsync(Statuses.Revoked));
    }

    [Fact]
    public async Task Token_RevokeAsync_RevokesEveryMatchingToken_WhateverItsStatus()
    {
        var refresh = await CreateTokenAsync("alice", AppA, type: TokenTypeHints.RefreshToken);
        await CreateTokenAsync("alice", AppA, status: Statuses.Revoked, type: TokenTypeHints.RefreshToken);
        var access = await CreateTokenAsync("alice", AppA, type: TokenTypeHints.AccessToken);
        var otherClient = await CreateTokenAsync("alice", AppB, type: TokenTypeHints.RefreshToken);

        Assert.Equal(2, await Tokens.RevokeAsync("alice", AppA, null, TokenTypeHints.RefreshToken, None));

        Assert.Equal(Ids(access, otherClient), await TokenIdsWithStatusAsync(Statuses.Valid));
        Assert.Contains(refresh.Id, await TokenIdsWithStatusAsync(Statuses.Revoked));
    }

    [Fact]
    public async Task Authorization_Revoke_RevokesMatchingAuthorizations_NotTheirTokens()
    {
        var alice = await CreateAuthorizationAsync("alice", AppA);
        var aliceRevoked = await CreateAuthorizationAsync("alice", AppB, Statuses.Revoked);
        var bobA = await CreateAuthorizationAsync("bob", AppA);
        var bobB = await CreateAuthorizationAsync("bob", AppB, type: AuthorizationTypes.AdHoc);
        var carol = await CreateAuthorizationAsync("carol", AppB);
        var aliceToken = await CreateTokenAsync("alice", AppA, alice.Id);

        Assert.Equal(2, await Authorizations.RevokeBySubjectAsync("alice", None));
        Assert.Equal(Statuses.Valid, (await Tokens.FindByIdAsync(aliceToken.Id, None))?.Status);
        Assert.Equal(Ids(bobA, bobB, carol), await AuthorizationIdsWithStatusAsync(Statuses.Valid));

        Assert.Equal(1, await Authorizations.RevokeAsync("bob", null, null, AuthorizationTypes.AdHoc, None));
        Assert.Equal(Ids(bobA, carol), await AuthorizationIdsWithStatusAsync(Statuses.Valid));

        Assert.Equal(3, await Authorizations.RevokeByApplicationIdAsync(AppB, None));
        Assert.Equal(Ids(bobA), await AuthorizationIdsWithStatusAsync(Statuses.Valid));
        Assert.Equal(Ids(alice, aliceRevoked, bobB, carol), await AuthorizationIdsWithStatusAsync(Statuses.Revoked));
    }

    [Fact]
    public async Task Revoke_RenewsTheConcurrencyToken_SoACopyReadBeforeCannotBeRedeemed()
    {
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var token = await CreateTokenAsync("alice", AppA, grant.Id);
        var grantCopy = await Authorizations.FindByIdAsync(grant.Id, None);

        await Tokens.RevokeByAuthorizationIdAsync(grant.Id, None);
        await Authorizations.RevokeBySubjectAsync("alice", None);

        token.Status = Statuses.Redeemed;
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.UpdateAsync(token, None));
        grantCopy!.Status = Statuses.Valid;
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.UpdateAsync(grantCopy, None));
        Assert.Equal(Statuses.Revoked, (await Tokens.FindByIdAsync(token.Id, None))?.Status);
        Assert.Equal(Statuses.Revoked, (await Authorizations.FindByIdAsync(grant.Id, None))?.Status);
    }

    [Fact]
    public async Task Token_PruneAsync_DeletesOldUnusableEntries_KeepsTheRest()
    {
        var threshold = Now.AddDays(-1);
        var old = Now.AddDays(-2);
        var validGrant = await CreateAuthorizationAsync("alice", AppA);
        var revokedGrant = await CreateAuthorizationAsync("alice", AppA, Statuses.Revoked);

        Task<OAuthToken> OldAsync(string? status, DateTimeOffset? expires, string? authorizationId = null) =>
            CreateTokenAsync("alice", AppA, authorizationId ?? validGrant.Id, status, configure: token =>
            {
                token.CreationDate = old.UtcDateTime;
                token.ExpirationDate = expires?.UtcDateTime;
            });

        var kept = new[]
        {
            await OldAsync(Statuses.Valid, Now.AddDays(1)),
            await OldAsync(Statuses.Inactive, Now.AddDays(1)),
            await OldAsync(Statuses.Valid, null),
            await CreateTokenAsync("alice", AppA, status: Statuses.Valid, configure: token => token.CreationDate = old.UtcDateTime),
            await CreateTokenAsync("alice", AppA, validGrant.Id, Statuses.Redeemed, configure: token => token.CreationDate = Now.UtcDateTime),
            await CreateTokenAsync("alice", AppA, validGrant.Id, Statuses.Redeemed, configure: token => token.CreationDate = null),
        };
        await OldAsync(Statuses.Redeemed, Now.AddDays(1));
        await OldAsync(Statuses.Revoked, Now.AddDays(1));
        await OldAsync(null, Now.AddDays(1));
        await OldAsync(Statuses.Valid, Now.AddMinutes(-1));
        await OldAsync(Statuses.Valid, Now.AddDays(1), revokedGrant.Id);

        Assert.Equal(5, await Tokens.PruneAsync(threshold, None));

        Assert.Equal(Ids(kept), Ids(await Tokens.ListAsync(null, null, None).ToListAsync()));
        Assert.Equal(0, await Tokens.PruneAsync(threshold, None));
    }

    [Fact]
    public async Task Authorization_PruneAsync_DeletesOldInvalidOrAdHocAuthorizationsWithoutTokens()
    {
        var threshold = Now.AddDays(-1);
        var old = Now.AddDays(-2).UtcDateTime;

        Task<OAuthAuthorization> CreateAsync(string? status, string type, DateTime? created) =>
            CreateAuthorizationAsync("alice", AppA, status, type, configure: authorization => authorization.CreationDate = created);

        var permanent = await CreateAsync(Statuses.Valid, AuthorizationTypes.Permanent, old);
        var revokedWithToken = await CreateAsync(Statuses.Revoked, AuthorizationTypes.Permanent, old);
        var token = await CreateTokenAsync("alice", AppA, revokedWithToken.Id, Statuses.Revoked);
        var recent = await CreateAsync(Statuses.Revoked, AuthorizationTypes.Permanent, Now.UtcDateTime);
        var undated = await CreateAsync(Statuses.Revoked, AuthorizationTypes.Permanent, null);
        await CreateAsync(Statuses.Revoked, AuthorizationTypes.Permanent, old);
        await CreateAsync(Statuses.Valid, AuthorizationTypes.AdHoc, old);
        await CreateAsync(null, AuthorizationTypes.Permanent, old);

        Assert.Equal(3, await Authorizations.PruneAsync(threshold, None));

        Assert.Equal(Ids(permanent, revokedWithToken, recent, undated), Ids(await Authorizations.ListAsync(null, null, None).ToListAsync()));
        Assert.NotNull(await Tokens.FindByIdAsync(token.Id, None));
    }

    [Fact]
    public async Task Cache_InsertsInvalidateNothing_ChangesToOneRowInvalidateItsEntries()
    {
        var cache = Database.Cache;
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var other = await CreateAuthorizationAsync("bob", AppA);
        var token = await CreateTokenAsync("alice", AppA, grant.Id);
        var sibling = await CreateTokenAsync("alice", AppA, grant.Id);
        var otherToken = await CreateTokenAsync("bob", AppA, other.Id);
        Assert.Equal(0, cache.Generation);

        Remember("token", token.Id, grant.Id);
        Remember("sibling", sibling.Id, grant.Id);
        Remember("other", otherToken.Id, other.Id);
        token.Status = Statuses.Redeemed;
        await Tokens.UpdateAsync(token, None);

        Assert.Equal(1, cache.Generation);
        Assert.False(cache.TryGet("token", out _));
        Assert.True(cache.TryGet("sibling", out _));
        Assert.True(cache.TryGet("other", out _));

        grant.Status = Statuses.Revoked;
        await Authorizations.UpdateAsync(grant, None);

        Assert.Equal(2, cache.Generation);
        Assert.False(cache.TryGet("sibling", out _));
        Assert.True(cache.TryGet("other", out _));

        await Tokens.DeleteAsync(otherToken, None);

        Assert.Equal(3, cache.Generation);
        Assert.False(cache.TryGet("other", out _));

        Remember("other", "some-token", other.Id);
        await Authorizations.DeleteAsync(other, None);

        Assert.Equal(4, cache.Generation);
        Assert.False(cache.TryGet("other", out _));
    }

    [Fact]
    public async Task Cache_FailedUpdateOrDelete_InvalidatesNothing()
    {
        var cache = Database.Cache;
        var grant = await CreateAuthorizationAsync("alice", AppA);
        var token = await CreateTokenAsync("alice", AppA, grant.Id);
        var staleToken = await Tokens.FindByIdAsync(token.Id, None);
        var staleGrant = await Authorizations.FindByIdAsync(grant.Id, None);
        await Tokens.UpdateAsync(token, None);
        await Authorizations.UpdateAsync(grant, None);
        var generation = cache.Generation;

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.UpdateAsync(staleToken!, None));
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Tokens.DeleteAsync(staleToken!, None));
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.UpdateAsync(staleGrant!, None));
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(async () => await Authorizations.DeleteAsync(staleGrant!, None));

        Assert.Equal(generation, cache.Generation);
    }

    [Fact]
    public async Task Cache_BulkChanges_InvalidateEverything_OnlyWhenRowsChanged()
    {
        var cache = Database.Cache;
        var grant = await CreateAuthorizationAsync("alice", AppA);
        await CreateTokenAsync("alice", AppA, grant.Id);
        var staleToken = await CreateTokenAsync("alice", AppA, grant.Id, Statuses.Redeemed, configure: token => token.CreationDate = Now.AddDays(-2).UtcDateTime);
        var staleGrant = await CreateAuthorizationAsync("carol", AppA, Statuses.Revoked, configure: authorization => authorization.CreationDate = Now.AddDays(-2).UtcDateTime);

        async Task AssertInvalidatesAllAsync(bool expected, Func<ValueTask<long>> change)
        {
            Remember("entry", "unrelated-token", "unrelated-authorization");
            var generation = cache.Generation;
            var changed = await change();
            Assert.Equal(expected, changed > 0);
            Assert.Equal(expected, cache.Generation > generation);
            Assert.Equal(!expected, cache.TryGet("entry", out _));
        }

        await AssertInvalidatesAllAsync(false, () => Tokens.RevokeBySubjectAsync("nobody", None));
        await AssertInvalidatesAllAsync(false, () => Tokens.RevokeByApplicationIdAsync(AppB, None));
        await AssertInvalidatesAllAsync(false, () => Tokens.RevokeAsync("nobody", null, null, null, None));
        await AssertInvalidatesAllAsync(false, () => Authorizations.RevokeBySubjectAsync("nobody", None));
        await AssertInvalidatesAllAsync(false, () => Authorizations.RevokeByApplicationIdAsync(AppB, None));
        await AssertInvalidatesAllAsync(false, () => Authorizations.RevokeAsync("nobody", null, null, null, None));
        await AssertInvalidatesAllAsync(true, () => Tokens.PruneAsync(Now.AddDays(-1), None));
        await AssertInvalidatesAllAsync(false, () => Tokens.PruneAsync(Now.AddDays(-1), None));
        await AssertInvalidatesAllAsync(true, () => Authorizations.PruneAsync(Now.AddDays(-1), None));
        await AssertInvalidatesAllAsync(false, () => Authorizations.PruneAsync(Now.AddDays(-1), None));
        await AssertInvalidatesAllAsync(true, () => Tokens.RevokeByAuthorizationIdAsync(grant.Id, None));
        await AssertInvalidatesAllAsync(false, () => Tokens.RevokeByAuthorizationIdAsync(grant.Id, None));
        await AssertInvalidatesAllAsync(true, () => Authorizations.RevokeBySubjectAsync("alice", None));
        await AssertInvalidatesAllAsync(true, () => Tokens.RevokeAsync(null, AppA, null, null, None));
        await AssertInvalidatesAllAsync(true, () => Authorizations.RevokeByApplicationIdAsync(AppA, None));
        Assert.Null(await Tokens.FindByIdAsync(staleToken.Id, None));
        Assert.Null(await Authorizations.FindByIdAsync(staleGrant.Id, None));
    }

    [Fact]
    public async Task LinqQueries_AreNotSupported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Tokens.CountAsync(query => query, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Tokens.GetAsync((query, state) => query, 0, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Tokens.ListAsync((query, state) => query, 0, None).ToListAsync());
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Authorizations.CountAsync(query => query, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Authorizations.GetAsync((query, state) => query, 0, None));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await Authorizations.ListAsync((query, state) => query, 0, None).ToListAsync());
    }

    [Fact]
    public async Task Arguments_AreValidatedAsOpenIddictDoes()
    {
        Assert.Throws<ArgumentException>(() => Tokens.FindBySubjectAsync("", None));
        Assert.Throws<ArgumentNullException>(() => Tokens.FindByAuthorizationIdAsync(null!, None));
        Assert.Throws<ArgumentException>(() => Tokens.FindByApplicationIdAsync("", None));
        Assert.Throws<ArgumentException>(() => Authorizations.FindBySubjectAsync("", None));
        Assert.Throws<ArgumentException>(() => Authorizations.FindByApplicationIdAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Tokens.FindByIdAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Tokens.FindByReferenceIdAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Authorizations.FindByIdAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Tokens.RevokeByAuthorizationIdAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Tokens.RevokeBySubjectAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Authorizations.RevokeByApplicationIdAsync("", None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Tokens.UpdateAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Tokens.GetStatusAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Authorizations.DeleteAsync(null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Authorizations.SetScopesAsync(null!, [], None));
    }

    private static ImmutableDictionary<string, JsonElement> Properties(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToImmutableDictionary(property => property.Name, property => property.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>The date as read: the same instant, in UTC, within <paramref name="precision"/> (exact by default: both engines keep microseconds).</summary>
    private static void AssertUtc(DateTimeOffset expected, DateTimeOffset? actual, TimeSpan precision = default)
    {
        Assert.NotNull(actual);
        Assert.Equal(TimeSpan.Zero, actual.Value.Offset);
        var truncated = new DateTimeOffset(expected.UtcTicks - (expected.UtcTicks % 10), TimeSpan.Zero);
        Assert.InRange(actual.Value.UtcTicks, truncated.UtcTicks - precision.Ticks, truncated.UtcTicks + precision.Ticks);
    }

    private static ImmutableSortedSet<string> Ids(params IEnumerable<OAuthToken> tokens) => [.. tokens.Select(token => token.Id)];

    private static ImmutableSortedSet<string> Ids(params IEnumerable<OAuthAuthorization> authorizations) => [.. authorizations.Select(authorization => authorization.Id)];

    private async Task<OAuthAuthorization> CreateAuthorizationAsync(
        string subject, string applicationId, string? status = Statuses.Valid, string type = AuthorizationTypes.Permanent,
        ImmutableArray<string>? scopes = null, Action<OAuthAuthorization>? configure = null)
    {
        var authorization = await Authorizations.InstantiateAsync(None);
        authorization.Subject = subject;
        authorization.ApplicationId = applicationId;
        authorization.Status = status;
        authorization.Type = type;
        authorization.CreationDate = DateTime.UtcNow;
        authorization.Scopes = StoreJson.WriteArray(scopes ?? ["boards:read"]);
        configure?.Invoke(authorization);
        await Authorizations.CreateAsync(authorization, None);
        return authorization;
    }

    private async Task<OAuthToken> CreateTokenAsync(
        string subject, string applicationId, string? authorizationId = null, string? status = Statuses.Valid,
        string type = TokenTypeHints.RefreshToken, Action<OAuthToken>? configure = null)
    {
        var token = await Tokens.InstantiateAsync(None);
        token.Subject = subject;
        token.ApplicationId = applicationId;
        token.AuthorizationId = authorizationId;
        token.Status = status;
        token.Type = type;
        token.CreationDate = DateTime.UtcNow;
        token.ExpirationDate = DateTime.UtcNow.AddDays(14);
        configure?.Invoke(token);
        await Tokens.CreateAsync(token, None);
        return token;
    }

    private async Task<ImmutableSortedSet<string>> TokenIdsWithStatusAsync(string status) =>
        Ids(await Tokens.FindAsync(null, null, status, null, None).ToListAsync());

    private async Task<ImmutableSortedSet<string>> AuthorizationIdsWithStatusAsync(string status) =>
        Ids(await Authorizations.FindAsync(null, null, status, null, null, None).ToListAsync());

    /// <summary>A validated token in the cache, as the bearer handler would remember it.</summary>
    private void Remember(string token, string tokenId, string authorizationId)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(Claims.Private.TokenId, tokenId),
                new Claim(Claims.Private.AuthorizationId, authorizationId),
            ], "test"));
        Database.Cache.Add(token, principal, DateTimeOffset.UtcNow.AddHours(1), Database.Cache.Generation);
        Assert.True(Database.Cache.TryGet(token, out _));
    }
}

/// <summary>The contract on a SQLite file.</summary>
public sealed class SqliteAuthorizationTokenStoreContractTests : AuthorizationTokenStoreContractTests
{
    private protected override Task<OAuthStoreDatabase> CreateDatabaseAsync() => OAuthStoreDatabase.CreateSqliteAsync();
}

/// <summary>The contract on a real PostgreSQL server (one per test run, a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthorizationTokenStoreContractTests(PostgresFixture postgres) : AuthorizationTokenStoreContractTests
{
    private protected override Task<OAuthStoreDatabase> CreateDatabaseAsync() => OAuthStoreDatabase.CreatePostgresAsync(postgres);
}
