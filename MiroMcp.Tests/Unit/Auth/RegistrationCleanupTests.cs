using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiroMcp.Server.Auth;
using MiroMcp.Tests.Fixtures;
using OpenIddict.Abstractions;

namespace MiroMcp.Tests.Unit.Auth;

/// <summary>Claude.ai registers a client per connection: registrations never used are deleted after a while.</summary>
public sealed class RegistrationCleanupTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private OAuthTestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await OAuthTestDatabase.CreateAsync();
        _services = _database.Services;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<object> RegisterAsync(string clientId, string kind, DateTimeOffset registeredAt)
    {
        await using var scope = _services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = ClientRegistrationApi.NewPublicClient(clientId, clientId, ["https://claude.ai/api/mcp/auth_callback"]);
        descriptor.Properties[ClientRegistrationApi.CreatedAtProperty] = JsonSerializer.SerializeToElement(registeredAt.ToUnixTimeSeconds());
        descriptor.Properties[ClientRegistrationApi.KindProperty] = JsonSerializer.SerializeToElement(kind);
        return await applications.CreateAsync(descriptor);
    }

    private async Task<bool> ExistsAsync(string clientId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId) is not null;
    }

    private RegistrationCleanup Cleanup() => new(
        _services.GetRequiredService<IServiceScopeFactory>(),
        new StaticOptionsMonitor<OAuthSettings>(new OAuthSettings { UnusedRegistrationLifetime = TimeSpan.FromDays(7) }),
        _time,
        NullLogger<RegistrationCleanup>.Instance);

    [Fact]
    public async Task SweepAsync_UnusedOldRegistration_Deleted_RecentOrUsedOrMetadataClientsKept()
    {
        var now = _time.GetUtcNow();
        await RegisterAsync("dcr_old_unused", "dcr", now.AddDays(-8));
        await RegisterAsync("dcr_recent", "dcr", now.AddDays(-1));
        await RegisterAsync("https://client.example/metadata.json", "cimd", now.AddDays(-30));
        var used = await RegisterAsync("dcr_old_used", "dcr", now.AddDays(-8));
        await using (var scope = _services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(OpenIddictConstants.Claims.Subject, "miro:1")], "test"));
            await authorizations.CreateAsync(principal, "miro:1", (await applications.GetIdAsync(used))!,
                OpenIddictConstants.AuthorizationTypes.Permanent, ImmutableArray.Create("boards:read"));
        }

        var deleted = await Cleanup().SweepAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.False(await ExistsAsync("dcr_old_unused"));
        Assert.True(await ExistsAsync("dcr_recent"));
        Assert.True(await ExistsAsync("dcr_old_used"));
        Assert.True(await ExistsAsync("https://client.example/metadata.json"));
    }
}
