using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using static MiroMcp.Server.Configuration.ConfigurationNames;

namespace MiroMcp.Server.Configuration;

/// <summary>
/// Collects every problem at once so that the operator fixes the configuration in one go. Failure messages name
/// variables and rules, never values.
/// </summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public const int EncryptionKeyHexLength = 64;

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();

        if (options.SecretsGatewayTokenMissing)
        {
            failures.Add($"Environment variable {SecretsGatewayToken} not found (a secrets gateway is configured)");
        }

        if (options.SecretsGatewayError is { } gatewayError)
        {
            failures.Add($"Secrets gateway unavailable: {gatewayError}");
        }

        Require(failures, MiroClientId, options.MiroClientId);
        RequireSecret(failures, options, MiroClientSecret, options.MiroClientSecret);
        Require(failures, MiroRedirectUri, options.MiroRedirectUri);
        RequireSecret(failures, options, MiroEncryptionKey, options.MiroEncryptionKey);

        CheckKey(failures, MiroEncryptionKey, options.MiroEncryptionKey);
        CheckKey(failures, MiroEncryptionKeyPrevious, options.MiroEncryptionKeyPrevious);

        CheckPublicUrl(failures, MiroRedirectUri, options.MiroRedirectUri);
        CheckPublicUrl(failures, McpPublicUrl, options.McpPublicUrl);
        CheckUrl(failures, MiroApiBaseUrl, options.MiroApiBaseUrl);
        CheckUrl(failures, MiroAuthorizeUrl, options.MiroAuthorizeUrl);

        CheckConnectionString(failures, options.PostgresConnectionString);

        if (options.MiroToolProfile is not ("full" or "essentials"))
        {
            failures.Add($"{MiroToolProfile} must be 'essentials' or 'full'");
        }

        if (string.IsNullOrWhiteSpace(options.TokenStoragePath))
        {
            failures.Add($"{TokenStoragePath} must not be empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for exactly 64 hexadecimal characters.</summary>
    public static bool IsValidKey(string value) =>
        value.Length == EncryptionKeyHexLength && value.All(char.IsAsciiHexDigit);

    private static void Require(List<string> failures, string variable, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Environment variable {variable} not found");
        }
    }

    /// <summary>The seed's message for environment variables; from the gateway, says where it was looked for.</summary>
    private static void RequireSecret(List<string> failures, ServerOptions options, string variable, string? value)
    {
        if (!options.SecretsFromGateway)
        {
            Require(failures, variable, value);
        }
        else if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Secret {variable} not found in the secrets gateway");
        }
    }

    private static void CheckKey(List<string> failures, string variable, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsValidKey(value.Trim()))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{variable} must be {EncryptionKeyHexLength} hexadecimal characters (32 bytes); generate one with 'openssl rand -hex 32'"));
        }
    }

    /// <summary>Parsed as Npgsql will parse it; the message never echoes the value (it holds a password).</summary>
    private static void CheckConnectionString(List<string> failures, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add($"{PostgresConnectionString} must name a Host");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            failures.Add($"{PostgresConnectionString} is not a valid Npgsql connection string (Host=...;Database=...;Username=...;Password=...)");
        }
    }

    private static void CheckUrl(List<string> failures, string variable, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)
            && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{variable} must be an absolute http(s) URL");
        }
    }

    /// <summary>Public URLs are https, except on a loopback host (local runs and tests).</summary>
    private static void CheckPublicUrl(List<string> failures, string variable, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{variable} must be an absolute http(s) URL");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            failures.Add($"{variable} must use https (plain http is allowed only on a loopback address)");
        }
    }
}
