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

    /// <summary>
    /// The provider and OpenIddict's entities; <paramref name="useCompiledModel"/>: the model generated for that
    /// provider (decision 008) instead of building it from conventions at start-up.
    /// </summary>
    public static TBuilder Configure<TBuilder>(TBuilder options, string provider, bool useCompiledModel, string? connectionString = null)
        where TBuilder : DbContextOptionsBuilder
    {
        switch (provider)
        {
            case "postgres":
                options.UseNpgsql(connectionString ?? "Host=localhost");
                if (useCompiledModel)
                {
                    options.UseModel(CompiledModels.Postgres.OAuthDbContextModel.Instance);
                }

                break;
            case "sqlite":
                options.UseSqlite(connectionString ?? "Data Source=:memory:");
                if (useCompiledModel)
                {
                    options.UseModel(CompiledModels.Sqlite.OAuthDbContextModel.Instance);
                }

                break;
            default:
                throw new ArgumentException($"Unknown provider '{provider}': use sqlite or postgres.", nameof(provider));
        }

        options.UseOpenIddict();
        return options;
    }
}
