using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MiroMcp.Server.Auth;

/// <summary>
/// How <c>dotnet ef dbcontext optimize</c> (scripts/ef-compiled-model.sh) builds <see cref="OAuthDbContext"/> to
/// generate its compiled models: <see cref="OAuthDbContext.Configure"/> without them, so from <c>OnModelCreating</c>, once per provider
/// (<c>-- sqlite</c> or <c>-- postgres</c>). Nothing connects to a database here.
/// </summary>
internal sealed class OAuthDbContextDesignTimeFactory : IDesignTimeDbContextFactory<OAuthDbContext>
{
    public OAuthDbContext CreateDbContext(string[] args) => new(OAuthDbContext.Configure(new DbContextOptionsBuilder<OAuthDbContext>(), args.FirstOrDefault() ?? "sqlite", useCompiledModel: false).Options);
}
