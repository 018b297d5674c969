using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace MiroMcp.AppHost;

/// <summary>
/// Dev-only secrets that nobody needs to choose (the token encryption key, the gateway's service token). Each is
/// generated once, kept in this AppHost's user-secrets (outside the repository) and reused on the next run, so
/// that tokens encrypted yesterday still decrypt today. A value already given by configuration
/// (Parameters__NAME, user-secrets, command line) wins and nothing is generated.
/// </summary>
internal static class DevSecrets
{
    private const int EncryptionKeyBytes = 32;
    private const int ServiceTokenBytes = 32;

    /// <summary>64 lowercase hex characters: the format MIRO_ENCRYPTION_KEY requires (openssl rand -hex 32).</summary>
    public static string NewEncryptionKey() =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(EncryptionKeyBytes));

    /// <summary>A URL-safe random token.</summary>
    public static string NewServiceToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(ServiceTokenBytes))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(
        this IDistributedApplicationBuilder builder, string name, Func<string> generate)
    {
        var key = $"Parameters:{name}";
        if (string.IsNullOrWhiteSpace(builder.Configuration[key]))
        {
            var value = generate();
            Persist(builder, key, value);
            builder.Configuration[key] = value;
        }

        return builder.AddParameter(name, secret: true);
    }

    private static void Persist(IDistributedApplicationBuilder builder, string key, string value)
    {
        var secretsId = builder.AppHostAssembly?.GetCustomAttributes(typeof(UserSecretsIdAttribute), false)
            .OfType<UserSecretsIdAttribute>().FirstOrDefault()?.UserSecretsId;
        if (secretsId is null)
        {
            return; // Nowhere to keep it: the value lives for this run only.
        }

        var path = PathHelper.GetSecretsPathFromSecretsId(secretsId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        JsonObject secrets;
        try
        {
            secrets = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
        }
        catch (JsonException)
        {
            return; // A file the user broke by hand: leave it alone rather than overwrite their secrets.
        }

        secrets[key] = value;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
