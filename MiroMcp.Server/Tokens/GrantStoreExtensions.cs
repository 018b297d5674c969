using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;

namespace MiroMcp.Server.Tokens;

internal static class GrantStoreExtensions
{
    /// <summary>
    /// Registers <see cref="IGrantStore"/>: PostgreSQL when <c>POSTGRES_CONNECTION_STRING</c> is set, else the file
    /// at <c>TOKEN_STORAGE_PATH</c>; the key ring that follows <c>MIRO_ENCRYPTION_KEY(_PREVIOUS)</c> at run time; the
    /// "MiroMcp.Tokens" meter; and the hosted service that opens the store and runs the re-encryption sweep.
    /// </summary>
    public static IHostApplicationBuilder AddGrantStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<TokenStoreMetrics>();
        builder.Services.AddSingleton<GrantKeyRingProvider>();
        builder.Services.AddSingleton<EncryptedGrantStore>(static services =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<ServerOptions>>().CurrentValue;
            var keys = services.GetRequiredService<GrantKeyRingProvider>();
            var metrics = services.GetRequiredService<TokenStoreMetrics>();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MiroMcp.Server.Tokens.GrantStore");
            return string.IsNullOrWhiteSpace(options.PostgresConnectionString)
                ? new FileGrantStore(options.TokenStoragePath, keys, metrics, logger)
                : new PostgresGrantStore(options.PostgresConnectionString, keys, metrics, logger);
        });
        builder.Services.AddSingleton<IGrantStore>(static services => services.GetRequiredService<EncryptedGrantStore>());
        builder.Services.AddHostedService<GrantStoreMaintenanceService>();
        return builder;
    }
}
