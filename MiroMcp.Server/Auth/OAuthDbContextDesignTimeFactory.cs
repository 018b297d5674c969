using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MiroMcp.Server.Auth;

/// <summary>
/// How <c>dotnet ef dbcontext optimize</c> (scripts/ef-compiled-model.sh) builds <see cref="OAuthDbContext"/> to
/// generate its compiled models: from the same <c>OnModelCreating</c> as at run time, once per provider
/// (<c>-- sqlite</c> or <c>-- postgres</c>). Nothing connects to a database here.
/// </summary>
internal sealed class OAuthDbContextDesignTimeFactory : IDesignTimeDbContextFactory<OAuthDbContext>
{
    public OAuthDbContext CreateDbContext(string[] args) => new(Configure(new DbContextOptionsBuilder<OAuthDbContext>(), args.FirstOrDefault() ?? "sqlite", useCompiledModel: false).Options);

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
