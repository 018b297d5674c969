using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MiroMcp.SecretsGateway.Configuration;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Scaleway;

/// <summary>
/// Reads secrets from Scaleway Secret Manager over its HTTP API (DESIGN.md §4): the latest ENABLED version by
/// name and path, then that version's metadata (timestamps, <c>expires_once_accessed</c>). Maps every status and
/// body, JSON or not, onto <see cref="SecretStoreException"/>.
/// </summary>
internal sealed class ScalewaySecretBackend(HttpClient httpClient, IOptions<GatewayOptions> options) : ISecretBackend
{
    public const string HttpClientName = "scaleway";
    public const string AuthHeader = "X-Auth-Token";
    private const string Revision = "latest_enabled";
    private const int MaxPayloadBytes = 64 * 1024;

    public string Name => "scaleway";

    public async Task<SecretValue> FetchAsync(string name, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var basePath = $"{settings.ScalewayApiUrl.TrimEnd('/')}/secret-manager/v1beta1/regions/{Uri.EscapeDataString(settings.ScalewayRegion)}";
        var accessUri = $"{basePath}/secrets-by-path/versions/{Revision}/access" +
            $"?project_id={Uri.EscapeDataString(settings.ScalewayProjectId ?? string.Empty)}" +
            $"&secret_name={Uri.EscapeDataString(name)}&secret_path={Uri.EscapeDataString(settings.ScalewaySecretPath)}";

        var access = await SendAsync(name, accessUri, settings, ScalewayJsonContext.Default.ScalewayAccessResponse, cancellationToken);
        if (string.IsNullOrEmpty(access.SecretId) || access.Revision is not { } revision || access.Data is null)
        {
            throw Invalid(name, "the access response lacks secret_id, revision or data");
        }

        var value = Decode(name, access.Data, access.DataCrc32);

        var versionUri = $"{basePath}/secrets/{Uri.EscapeDataString(access.SecretId)}/versions/{revision.ToString(CultureInfo.InvariantCulture)}";
        var version = await SendAsync(name, versionUri, settings, ScalewayJsonContext.Default.ScalewaySecretVersion, cancellationToken);

        return new SecretValue(
            name,
            value,
            access.SecretId,
            revision,
            version.CreatedAt,
            version.UpdatedAt,
            version.EphemeralProperties?.ExpiresOnceAccessed ?? false);
    }

    private async Task<T> SendAsync<T>(
        string name, string uri, GatewayOptions settings, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(AuthHeader, settings.ScalewaySecretKey);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SecretStoreException(SecretStoreFailure.Unavailable, name,
                $"Scaleway Secret Manager could not be reached while reading {name} ({ex.HttpRequestError})", ex);
        }

        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new SecretStoreException(SecretStoreFailure.Unavailable, name,
                    $"Scaleway Secret Manager closed the connection while reading {name}", ex);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                try
                {
                    return JsonSerializer.Deserialize(body, typeInfo) ?? throw Invalid(name, "the body is JSON null");
                }
                catch (JsonException ex)
                {
                    throw Invalid(name, "the body is not the expected JSON", ex);
                }
            }

            throw MapError(name, response.StatusCode, body);
        }
    }

    private static SecretStoreException MapError(string name, HttpStatusCode status, string body)
    {
        var error = TryParseError(body);
        var type = error?.Type ?? "non-JSON body";
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        return status switch
        {
            HttpStatusCode.NotFound => new SecretStoreException(SecretStoreFailure.NotFound, name,
                $"{name} has no enabled version in Scaleway Secret Manager (404 {type})"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new SecretStoreException(SecretStoreFailure.Denied, name,
                $"Scaleway Secret Manager denied access to {name} ({code} {type}): the key needs SecretManagerReadOnly and SecretManagerSecretAccess"),
            HttpStatusCode.BadRequest => new SecretStoreException(SecretStoreFailure.Rejected, name,
                $"Scaleway Secret Manager rejected the request for {name} (400 {type})"),
            _ => new SecretStoreException(SecretStoreFailure.Unavailable, name,
                $"Scaleway Secret Manager failed while reading {name} ({code} {type})"),
        };
    }

    private static ScalewayError? TryParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ScalewayJsonContext.Default.ScalewayError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Decode(string name, string data, uint? expectedCrc32)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException ex)
        {
            throw Invalid(name, "data is not base64", ex);
        }

        if (bytes.Length > MaxPayloadBytes)
        {
            throw Invalid(name, "data is larger than 64 KiB");
        }

        // Present only when the version was created with a checksum.
        if (expectedCrc32 is { } crc && Crc32.Compute(bytes) != crc)
        {
            throw Invalid(name, "data does not match data_crc32");
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid(name, "data is not UTF-8 text", ex);
        }
    }

    private static SecretStoreException Invalid(string name, string what, Exception? inner = null) =>
        new(SecretStoreFailure.Unavailable, name, $"Scaleway Secret Manager answered with an invalid response for {name}: {what}", inner);
}
