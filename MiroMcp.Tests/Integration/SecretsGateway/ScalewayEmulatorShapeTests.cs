using System.Net.Http.Json;
using System.Text.Json;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Scaleway;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>
/// Keeps the emulator honest: its bodies carry exactly the fields (and JSON kinds) of
/// scaleway.secret_manager.v1beta1.Api.yml (the x-properties-order of each schema, copied below), and its
/// errors the documented shapes.
/// </summary>
public sealed class ScalewayEmulatorShapeTests : IAsyncLifetime, IDisposable
{
    // AccessSecretVersionResponse
    private static readonly string[] AccessFields = ["secret_id", "revision", "data", "data_crc32", "type"];

    // SecretVersion
    private static readonly string[] VersionFields =
        ["revision", "secret_id", "status", "created_at", "updated_at", "deleted_at", "description", "latest", "ephemeral_properties", "deletion_requested_at", "region"];

    // Secret
    private static readonly string[] SecretFields =
    [
        "id", "project_id", "name", "status", "created_at", "updated_at", "tags", "version_count", "description", "managed",
        "protected", "type", "path", "ephemeral_policy", "used_by", "deletion_requested_at", "key_id", "region",
    ];

    private ScalewayEmulator _emulator = null!;
    private HttpClient _client = null!;
    private string _secretId = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ScalewayEmulator.StartAsync();
        _secretId = _emulator.CreateSecret("SHAPE");
        _emulator.AddVersion("SHAPE", "hello");
        _client = new HttpClient { BaseAddress = new Uri(_emulator.BaseUri, "/secret-manager/v1beta1/regions/fr-par/") };
        _client.DefaultRequestHeaders.Add("X-Auth-Token", _emulator.SecretKey);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _client?.Dispose();

    private async Task<(int Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone());
    }

    private static void AssertFields(string[] expected, JsonElement body) =>
        Assert.Equal(expected, body.EnumerateObject().Select(p => p.Name));

    [Fact]
    public async Task AccessByPath_LatestEnabled_HasSpecFieldsAndBase64Data()
    {
        var (status, body) = await GetAsync($"secrets-by-path/versions/latest_enabled/access?project_id={_emulator.ProjectId}&secret_name=SHAPE&secret_path=/");

        Assert.Equal(200, status);
        AssertFields(AccessFields, body);
        Assert.Equal(JsonValueKind.Number, body.GetProperty("revision").ValueKind);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("data").GetString()!)));
        Assert.Equal("opaque", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetVersion_ById_HasSpecFieldsAndRfc3339Timestamps()
    {
        var (status, body) = await GetAsync($"secrets/{_secretId}/versions/1");

        Assert.Equal(200, status);
        AssertFields(VersionFields, body);
        Assert.Equal("enabled", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("latest").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("created_at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task ListSecrets_ByName_HasSpecFieldsAndTotalCount()
    {
        var (status, body) = await GetAsync($"secrets?project_id={_emulator.ProjectId}&name=SHAPE");

        Assert.Equal(200, status);
        Assert.Equal(["secrets", "total_count"], body.EnumerateObject().Select(p => p.Name));
        AssertFields(SecretFields, body.GetProperty("secrets")[0]);
        Assert.Equal(1, body.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Access_UnknownSecret_Returns404NotFoundBody()
    {
        var (status, body) = await GetAsync($"secrets-by-path/versions/latest/access?project_id={_emulator.ProjectId}&secret_name=NOPE&secret_path=/");

        Assert.Equal(404, status);
        Assert.Equal("not_found", body.GetProperty("type").GetString());
        Assert.Equal("resource is not found", body.GetProperty("message").GetString());
        Assert.Equal("secret", body.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Access_LatestDisabledVersusLatestEnabled_Differ()
    {
        _emulator.AddVersion("SHAPE", "second");
        _emulator.SetVersionStatus("SHAPE", 2, "disabled");

        var (latestStatus, _) = await GetAsync($"secrets/{_secretId}/versions/latest/access");
        var (enabledStatus, enabled) = await GetAsync($"secrets/{_secretId}/versions/latest_enabled/access");

        Assert.Equal(412, latestStatus);
        Assert.Equal(200, enabledStatus);
        Assert.Equal(1, enabled.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Access_BadRevision_Returns400InvalidArguments()
    {
        var (status, body) = await GetAsync($"secrets/{_secretId}/versions/newest/access");

        Assert.Equal(400, status);
        Assert.Equal("invalid_arguments", body.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("details").ValueKind);
    }

    [Fact]
    public async Task AnyEndpoint_WrongAuthToken_Returns401DeniedAuthentication()
    {
        using var client = new HttpClient { BaseAddress = _client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Auth-Token", TestSecrets.NewToken("bad"));

        using var response = await client.GetAsync(new Uri($"secrets/{_secretId}/versions/1", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("denied_authentication", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CreateVersion_Post_AddsEnabledRevision()
    {
        using var response = await _client.PostAsJsonAsync(new Uri($"secrets/{_secretId}/versions", UriKind.Relative),
            new { data = Convert.ToBase64String("third"u8.ToArray()), disable_previous = true });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(200, (int)response.StatusCode);
        AssertFields(VersionFields, body);
        Assert.Equal(2, body.GetProperty("revision").GetInt32());
    }
}
