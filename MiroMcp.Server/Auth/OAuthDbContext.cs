using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace MiroMcp.Server.Auth;

/// <summary>
/// OpenIddict's tables: clients (DCR and CIMD), authorizations (our grants), codes and tokens. No Miro token is
/// ever stored here (docs/decisions/002-state-and-stores.md).
/// </summary>
internal sealed class OAuthDbContext(DbContextOptions<OAuthDbContext> options) : DbContext(options)
{
    /// <summary>CIMD client ids are https URLs: OpenIddict's default 100 characters is too short.</summary>
    public const int MaxClientIdLength = 2048;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>()
            .Property(application => application.ClientId)
            .HasMaxLength(MaxClientIdLength);
    }
}
