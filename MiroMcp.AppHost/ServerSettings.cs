using Microsoft.Extensions.Configuration;

namespace MiroMcp.AppHost;

internal static class ServerSettings
{
    /// <summary>
    /// Local defaults and overrides for the server's environment. Every key under the AppHost's <c>Server</c>
    /// configuration section becomes an environment variable of the server (e.g. <c>Server:MIRO_API_BASE_URL</c>
    /// points it at a Miro emulator; tests use this). The token store defaults to <c>.data/</c> beside the
    /// AppHost (git-ignored) instead of the container path <c>/app/data</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServerSettings(
        this IResourceBuilder<ProjectResource> server, IConfiguration configuration)
    {
        var section = configuration.GetSection("Server");
        if (string.IsNullOrWhiteSpace(section["TOKEN_STORAGE_PATH"]))
        {
            var directory = Path.Combine(server.ApplicationBuilder.AppHostDirectory, ".data");
            server.WithEnvironment("TOKEN_STORAGE_PATH", Path.Combine(directory, "tokens.enc"));
        }

        return server.WithSectionAsEnvironment(section);
    }
}
