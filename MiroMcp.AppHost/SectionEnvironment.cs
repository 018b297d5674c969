using Microsoft.Extensions.Configuration;

namespace MiroMcp.AppHost;

internal static class SectionEnvironment
{
    /// <summary>
    /// Every key under an AppHost configuration section becomes an environment variable of the service
    /// (<c>Server:MIRO_API_BASE_URL=…</c> → <c>MIRO_API_BASE_URL=…</c>). One callback, added after AddProject's own,
    /// so these values win over Aspire's (its OTEL_* values included).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSectionAsEnvironment(
        this IResourceBuilder<ProjectResource> service, IConfigurationSection section)
    {
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return service;
        }

        return service.WithEnvironment(context =>
        {
            foreach (var (key, value) in values)
            {
                context.EnvironmentVariables[key] = value;
            }
        });
    }
}
