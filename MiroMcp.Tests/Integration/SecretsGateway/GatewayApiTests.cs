using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using MiroMcp.SecretsGateway.Apis;
using MiroMcp.SecretsGateway.Auditing;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Scaleway;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>The real gateway on loopback against the Scaleway emulator: caller API, auth, audit, faults.</summary>
public sealed class GatewayApiTests : IAsyncLifetime
{
    private const string ClientSecret = "MIRO_CLIENT_SECRET";
    private const string EncryptionKey = "MIRO_ENCRYPTION_KEY";

    private readonly string _serverToken = TestSecrets.NewToken("server");
    private readonly string _reportsToken = TestSecrets.NewToken("reports");
    private readonly string _clientSecretV1 = TestSecrets.NewToken("client-secret-v1");
    private readonly string _keyV1 = TestSecrets.NewHexKey();
    private ScalewayEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ScalewayEmulator.StartAsync();
        _emulator.CreateSecret(ClientSecret);
        _emulator.AddVersion(ClientSecret, _clientSecretV1);
        _emulator.CreateSecret(EncryptionKey);
        _emulator.AddVersion(EncryptionKey, _keyV1);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = GatewayHost.ScalewaySettings(_emulator, _serverToken);
        settings["Callers:reports:Token"] = _reportsToken;
        settings["Callers:reports:Secrets:0"] = "REPORT_KEY";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return GatewayHost.StartAsync(settings, services);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    [Fact]
    public async Task GetSecret_AllowedCaller_ReturnsValueRevisionIdAndTimestamps()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var body = await JsonAsync(response);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(ClientSecret, body.GetProperty("name").GetString());
        Assert.Equal(_clientSecretV1, body.GetProperty("value").GetString());
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
        Assert.True(Guid.TryParse(body.GetProperty("secretId").GetString(), out _));
        Assert.Equal(JsonValueKind.String, body.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("updatedAt").ValueKind);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("miss", response.Headers.GetValues(SecretsApi.CacheHeader).Single());
    }

    [Fact]
    public async Task GetSecret_SecondRead_IsCacheHitWithoutUpstreamAccess()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var first = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal("hit", second.Headers.GetValues(SecretsApi.CacheHeader).Single());
        Assert.Equal(1, _emulator.AccessCount(ClientSecret));
    }

    [Fact]
    public async Task GetSecret_HundredConcurrentColdReads_OneUpstreamAccess()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, _emulator.AccessCount(ClientSecret));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task GetSecret_MissingOrWrongToken_Returns401AndIsAudited(string? token)
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var audit = Assert.Single(gateway.Logs.GetSnapshot(), record => record.Id.Name == "SecretAccess");
        Assert.Contains("outcome Unauthenticated", audit.Message, StringComparison.Ordinal);
        Assert.Equal(0, _emulator.AccessCount(ClientSecret));
    }

    [Fact]
    public async Task GetSecret_NameOutsideAllowList_Returns403AndIsAudited()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_reportsToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var audit = Assert.Single(gateway.Logs.GetSnapshot(), record => record.Id.Name == "SecretAccess");
        Assert.Contains("caller reports secret MIRO_CLIENT_SECRET", audit.Message, StringComparison.Ordinal);
        Assert.Contains("outcome Forbidden", audit.Message, StringComparison.Ordinal);
        Assert.Equal(0, _emulator.AccessCount(ClientSecret));
    }

    [Fact]
    public async Task GetSecrets_SeveralNames_ReturnsFoundAndMissing()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri(
            "/v1/secrets?name=MIRO_CLIENT_SECRET&name=MIRO_ENCRYPTION_KEY&name=MIRO_ENCRYPTION_KEY_PREVIOUS", UriKind.Relative));
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secrets = body.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString());
        Assert.Equal(_clientSecretV1, secrets[ClientSecret]);
        Assert.Equal(_keyV1, secrets[EncryptionKey]);
        Assert.Equal(["MIRO_ENCRYPTION_KEY_PREVIOUS"], body.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task GetSecrets_OneNameNotAllowed_Returns403ForAll()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets?name=MIRO_CLIENT_SECRET&name=REPORT_KEY", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _emulator.AccessCount(ClientSecret));
    }

    [Fact]
    public async Task GetSecret_LatestVersionDisabled_ServesLatestEnabled()
    {
        var v2 = TestSecrets.NewToken("v2");
        var revision = _emulator.AddVersion(ClientSecret, v2);
        _emulator.SetVersionStatus(ClientSecret, revision, "disabled");
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        var body = await JsonAsync(await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative)));

        Assert.Equal(_clientSecretV1, body.GetProperty("value").GetString());
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task GetSecret_NoEnabledVersion_Returns404()
    {
        _emulator.SetVersionStatus(ClientSecret, 1, "disabled");
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetSecret_VersionExpiresOnceAccessed_IsServedOnceAndNotCached()
    {
        const string Name = "MIRO_ENCRYPTION_KEY_PREVIOUS";
        var value = TestSecrets.NewHexKey();
        _emulator.CreateSecret(Name, expiresOnceAccessed: true);
        _emulator.AddVersion(Name, value);
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        var first = await JsonAsync(await client.GetAsync(new Uri("/v1/secrets/" + Name, UriKind.Relative)));
        using var second = await client.GetAsync(new Uri("/v1/secrets/" + Name, UriKind.Relative));

        Assert.Equal(value, first.GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task GetSecret_ScalewayKeyLacksSecretAccess_Returns503NamingThePermission()
    {
        await using var gateway = await StartGatewayAsync(new() { ["SCALEWAY_SECRET_KEY"] = _emulator.ReadOnlyKey });
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("permissions_denied", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("SecretManagerSecretAccess", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ScalewayFault.Garbage), "invalid response")]
    [InlineData(nameof(ScalewayFault.WrongJson), "invalid response")]
    [InlineData(nameof(ScalewayFault.HtmlError), "503 non-JSON body")]
    [InlineData(nameof(ScalewayFault.ServerError), "500 internal_error")]
    [InlineData(nameof(ScalewayFault.Down), "could not be reached")]
    public async Task GetSecret_UpstreamFaultAndNothingCached_Returns503WithClearErrorAndKeepsRunning(string fault, string expected)
    {
        _emulator.SetFault(Enum.Parse<ScalewayFault>(fault));
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var body = await JsonAsync(response);
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task GetSecret_UpstreamSlowerThanTimeout_Returns503NamingTheTimeout()
    {
        _emulator.SetFault(ScalewayFault.Slow);
        await using var gateway = await StartGatewayAsync(new()
        {
            ["Cache:UpstreamTimeout"] = "00:00:00.100",
            ["Cache:MaxRetries"] = "1",
        });
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("did not answer within", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecret_TwoServerErrorsThenRecovery_RetriesAndSucceeds()
    {
        _emulator.SetFault(ScalewayFault.ServerError, requests: 2);
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _emulator.AccessCount(ClientSecret));
    }

    [Fact]
    public async Task GetSecret_OutageWithinMaxStaleness_ServesStaleThenClearErrorPastIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await StartGatewayAsync(
            new() { ["Cache:Ttl"] = "00:05:00", ["Cache:StaleWhileRevalidate"] = "00:00:00", ["Cache:MaxStaleness"] = "01:00:00", ["Cache:TtlJitter"] = "0", ["Cache:MaxRetries"] = "0" },
            services => services.AddSingleton<TimeProvider>(time));
        using var client = gateway.CreateClient(_serverToken);
        using var warm = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        _emulator.SetFault(ScalewayFault.Down);

        time.Advance(TimeSpan.FromMinutes(30));
        using var withinBound = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var staleBody = await JsonAsync(withinBound);
        time.Advance(TimeSpan.FromMinutes(31));
        using var pastBound = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        var errorBody = await JsonAsync(pastBound);

        Assert.Equal(HttpStatusCode.OK, withinBound.StatusCode);
        Assert.Equal("stale-if-error", withinBound.Headers.GetValues(SecretsApi.CacheHeader).Single());
        Assert.Equal(_clientSecretV1, staleBody.GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pastBound.StatusCode);
        Assert.Contains("older than the maximum staleness", errorBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_RequiredSecretMissing_ListsItWithTheSeedMessageAndFailsReadiness()
    {
        await using var gateway = await StartGatewayAsync(new()
        {
            ["RequiredSecrets:0"] = ClientSecret,
            ["RequiredSecrets:1"] = EncryptionKey,
            ["RequiredSecrets:2"] = "MIRO_WEBHOOK_SECRET",
        });
        using var client = gateway.CreateClient(_serverToken);

        var body = await JsonAsync(await client.GetAsync(new Uri("/v1/validation", UriKind.Relative)));
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal(["MIRO_WEBHOOK_SECRET"], body.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Missing required secrets in Scaleway Secret Manager:\n  - MIRO_WEBHOOK_SECRET", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Contains(gateway.Logs.GetSnapshot(), record => record.Id.Name == "RequiredSecretsProblem"
            && record.Message == "Missing required secrets in Scaleway Secret Manager:\n  - MIRO_WEBHOOK_SECRET");
    }

    [Fact]
    public async Task Validation_AllRequiredPresent_IsValidAndReady()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(_serverToken);

        var body = await JsonAsync(await client.GetAsync(new Uri("/v1/validation", UriKind.Relative)));
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Empty(body.GetProperty("missing").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Validation_NoToken_Returns401()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = gateway.CreateClient(null);

        using var response = await client.GetAsync(new Uri("/v1/validation", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Audit_GrantedRead_RecordsEventAndMetricWithoutTheValue()
    {
        await using var gateway = await StartGatewayAsync();
        using var reads = new MetricCollector<long>(gateway.Services.GetRequiredService<IMeterFactory>(), AccessAudit.MeterName, AccessAudit.ReadsInstrument);
        using var client = gateway.CreateClient(_serverToken);

        using var first = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        var events = gateway.Logs.GetSnapshot().Where(record => record.Id.Name == "SecretAccess").ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains("caller mcp-server secret MIRO_CLIENT_SECRET", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("revision 1 outcome Granted cache miss", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("cache hit", events[1].Message, StringComparison.Ordinal);
        Assert.All(gateway.Logs.GetSnapshot(), record => Assert.DoesNotContain(_clientSecretV1, record.Message, StringComparison.Ordinal));
        Assert.Equal(2, reads.GetMeasurementSnapshot().Count);
        var tags = reads.GetMeasurementSnapshot()[1].Tags;
        Assert.Equal("mcp-server", tags["caller"]);
        Assert.Equal(ClientSecret, tags["secret"]);
        Assert.Equal("granted", tags["outcome"]);
        Assert.Equal("hit", tags["cache"]);
    }
}
