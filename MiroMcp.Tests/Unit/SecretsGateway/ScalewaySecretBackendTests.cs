using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiroMcp.SecretsGateway.Configuration;
using MiroMcp.SecretsGateway.Local;
using MiroMcp.SecretsGateway.Scaleway;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.Tests.Unit.SecretsGateway;

/// <summary>Status and body mapping of the Scaleway backend, with scripted answers (no network).</summary>
public sealed class ScalewaySecretBackendTests
{
    private const string Name = "MIRO_CLIENT_SECRET";
    private const string SecretId = "6170692e-7363-616c-6577-61792e636f6d";

    private static readonly GatewayOptions Settings = new()
    {
        Backend = SecretsBackend.Scaleway,
        ScalewayApiUrl = "https://api.scaleway.test",
        ScalewayProjectId = "11111111-2222-3333-4444-555555555555",
        ScalewaySecretKey = "scw-secret-key",
    };

    private static async Task<(SecretValue? Value, SecretStoreException? Error, List<HttpRequestMessage> Requests)> FetchAsync(
        params (HttpStatusCode Status, string Body)[] answers)
    {
        using var handler = new ScriptedHandler(answers);
        using var client = new HttpClient(handler);
        var backend = new ScalewaySecretBackend(client, Options.Create(Settings));
        try
        {
            return (await backend.FetchAsync(Name, CancellationToken.None), null, handler.Requests);
        }
        catch (SecretStoreException ex)
        {
            return (null, ex, handler.Requests);
        }
    }

    private static string Access(string data) =>
        $$"""{"secret_id":"{{SecretId}}","revision":3,"data":"{{data}}","data_crc32":null,"type":"opaque"}""";

    private const string Version =
        """{"revision":3,"secret_id":"6170692e-7363-616c-6577-61792e636f6d","status":"enabled","created_at":"2026-12-01T10:00:00.123456Z","updated_at":"2026-12-02T10:00:00Z","latest":true,"ephemeral_properties":null}""";

    [Fact]
    public async Task FetchAsync_Success_ReadsLatestEnabledByNameAndPathWithAuthHeader()
    {
        var (value, _, requests) = await FetchAsync((HttpStatusCode.OK, Access(Convert.ToBase64String("s3cr3t"u8.ToArray()))), (HttpStatusCode.OK, Version));

        Assert.Equal("s3cr3t", value!.Value);
        Assert.Equal(3, value.Revision);
        Assert.Equal(SecretId, value.SecretId);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, 123, 456, TimeSpan.Zero), value.CreatedAt);
        Assert.False(value.ExpiresOnceAccessed);
        Assert.Equal(
            "https://api.scaleway.test/secret-manager/v1beta1/regions/fr-par/secrets-by-path/versions/latest_enabled/access?project_id=11111111-2222-3333-4444-555555555555&secret_name=MIRO_CLIENT_SECRET&secret_path=%2F",
            requests[0].RequestUri!.ToString());
        Assert.Equal($"https://api.scaleway.test/secret-manager/v1beta1/regions/fr-par/secrets/{SecretId}/versions/3", requests[1].RequestUri!.ToString());
        Assert.All(requests, request => Assert.Equal("scw-secret-key", request.Headers.GetValues("X-Auth-Token").Single()));
    }

    [Theory]
    [InlineData("!!! not base64 !!!", "data is not base64")]
    [InlineData("/w==", "data is not UTF-8 text")]
    public async Task FetchAsync_BadData_IsInvalidResponseWithoutTheData(string data, string expected)
    {
        var (_, error, _) = await FetchAsync((HttpStatusCode.OK, Access(data)));

        Assert.Equal(SecretStoreFailure.Unavailable, error!.Failure);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(data, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xCBF43926u, true)] // the CRC-32 of "123456789" (the standard check value)
    [InlineData(0xCBF43927u, false)]
    public async Task FetchAsync_DataCrc32_IsVerifiedWhenPresent(uint crc, bool accepted)
    {
        var body = Access(Convert.ToBase64String("123456789"u8.ToArray()))
            .Replace("\"data_crc32\":null", $"\"data_crc32\":{crc}", StringComparison.Ordinal);

        var (value, error, _) = await FetchAsync((HttpStatusCode.OK, body), (HttpStatusCode.OK, Version));

        Assert.Equal(accepted, value is not null);
        Assert.Equal(accepted, error is null);
        if (!accepted)
        {
            Assert.Contains("does not match data_crc32", error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FetchAsync_MissingFields_IsInvalidResponse()
    {
        var (_, error, _) = await FetchAsync((HttpStatusCode.OK, """{"secret_id":"x"}"""));

        Assert.Contains("lacks secret_id, revision or data", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"message":"resource is not found","resource":"secret","resource_id":"x","type":"not_found"}""", "NotFound", "404 not_found")]
    [InlineData(HttpStatusCode.Unauthorized, """{"message":"authentication is denied","type":"denied_authentication"}""", "Denied", "401 denied_authentication")]
    [InlineData(HttpStatusCode.Forbidden, """{"message":"insufficient permissions","type":"permissions_denied"}""", "Denied", "403 permissions_denied")]
    [InlineData(HttpStatusCode.BadRequest, """{"details":[],"message":"invalid argument(s)","type":"invalid_arguments"}""", "Rejected", "400 invalid_arguments")]
    [InlineData(HttpStatusCode.TooManyRequests, """{"message":"quota exceeded","type":"quotas_exceeded"}""", "Unavailable", "429 quotas_exceeded")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "Unavailable", "502 non-JSON body")]
    [InlineData(HttpStatusCode.InternalServerError, "", "Unavailable", "500 non-JSON body")]
    public async Task FetchAsync_ErrorStatus_MapsToFailureNamingStatusAndType(HttpStatusCode status, string body, string failure, string expected)
    {
        var (_, error, _) = await FetchAsync((status, body));

        Assert.Equal(Enum.Parse<SecretStoreFailure>(failure), error!.Failure);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_VersionExpiresOnceAccessed_IsFlagged()
    {
        var version = Version.Replace("\"ephemeral_properties\":null", "\"ephemeral_properties\":{\"expires_at\":null,\"expires_once_accessed\":true,\"action\":\"disable\"}", StringComparison.Ordinal);

        var (value, _, _) = await FetchAsync((HttpStatusCode.OK, Access(Convert.ToBase64String("x"u8.ToArray()))), (HttpStatusCode.OK, version));

        Assert.True(value!.ExpiresOnceAccessed);
    }

    [Fact]
    public async Task LocalBackend_ValueChanges_IncrementsRevision()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Name] = "one" }).Build();
        var backend = new LocalSecretBackend(configuration, new FakeTimeProvider());

        var first = await backend.FetchAsync(Name, CancellationToken.None);
        var same = await backend.FetchAsync(Name, CancellationToken.None);
        configuration[Name] = "two";
        var changed = await backend.FetchAsync(Name, CancellationToken.None);
        var missing = await Assert.ThrowsAsync<SecretStoreException>(() => backend.FetchAsync("NOT_SET", CancellationToken.None));

        Assert.Equal((1, 1, 2), (first.Revision, same.Revision, changed.Revision));
        Assert.Equal("two", changed.Value);
        Assert.Equal(SecretStoreFailure.NotFound, missing.Failure);
    }

    private sealed class ScriptedHandler((HttpStatusCode Status, string Body)[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var (status, body) = answers[Math.Min(_next++, answers.Length - 1)];
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
