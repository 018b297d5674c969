using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Scaleway;
using MiroMcp.Tests.Fixtures.Telemetry;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>
/// Secret rotation through the gateway, audited: the real gateway (Scaleway backend against the emulator, short
/// cache TTL) exports to an OTLP receiver while secrets get new versions, the old ones are disabled, Scaleway
/// fails for a while and a caller presents a wrong token. The shared AppHost's gateway reads local values from its
/// environment, which cannot change while it runs, so rotation is exercised on this in-process gateway instead.
/// </summary>
public sealed class GatewayRotationLeakAuditTests : IAsyncLifetime
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private const string ServiceName = "secrets-gateway-rotation";

    private readonly string _serverToken = TestSecrets.NewToken("server");
    private readonly List<KnownSecret> _secrets = [];
    private ScalewayEmulator _emulator = null!;
    private OtlpReceiver _receiver = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _emulator = await ScalewayEmulator.StartAsync();
        _emulator.CreateSecret(ConfigurationNames.MiroClientSecret);
        _emulator.CreateSecret(ConfigurationNames.MiroEncryptionKey);
        AddVersions("v1");

        var settings = GatewayHost.ScalewaySettings(_emulator, _serverToken);
        settings["Cache:Ttl"] = "00:00:00.200";
        settings["Cache:TtlJitter"] = "0";
        settings["Cache:StaleWhileRevalidate"] = "00:00:00";
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.BaseUrl.AbsoluteUri.TrimEnd('/');
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_SERVICE_NAME"] = ServiceName;
        settings["OTEL_BLRP_SCHEDULE_DELAY"] = "100";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        _gateway = await GatewayHost.StartAsync(settings);
        _secrets.Add(new("SECRETS_GATEWAY_TOKEN", _serverToken));
        _secrets.Add(new("SCALEWAY_SECRET_KEY (X-Auth-Token)", _emulator.SecretKey));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _emulator.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private void AddVersions(string version)
    {
        var clientSecret = TestSecrets.NewToken("client-secret-" + version);
        var key = TestSecrets.NewHexKey();
        _emulator.AddVersion(ConfigurationNames.MiroClientSecret, clientSecret, disablePrevious: true);
        _emulator.AddVersion(ConfigurationNames.MiroEncryptionKey, key, disablePrevious: true);
        _secrets.Add(new("MIRO_CLIENT_SECRET " + version, clientSecret));
        _secrets.Add(new("MIRO_ENCRYPTION_KEY " + version, key));
    }

    private static async Task WaitForRevisionAsync(HttpClient client, int revision)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            using var response = await client.GetAsync($"/v1/secrets/{ConfigurationNames.MiroClientSecret}", cts.Token);
            if (response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadFromJsonAsync<JsonElement>(cts.Token)).GetProperty("revision").GetInt32() == revision)
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(cts.Token));
    }

    [Fact]
    public async Task Rotation_NewVersionsFaultsAndWrongCaller_NoSecretInAnyForm()
    {
        using var client = _gateway.CreateClient(_serverToken);
        using var stranger = _gateway.CreateClient(_serverToken[..^6] + "zzzzzz");
        _secrets.Add(new("wrong caller token", _serverToken[..^6] + "zzzzzz"));

        await WaitForRevisionAsync(client, 1);
        AddVersions("v2");
        await WaitForRevisionAsync(client, 2);

        // Scaleway answers 500s and garbage for a few reads, then recovers; the gateway logs retries and failures.
        _emulator.SetFault(ScalewayFault.ServerError, requests: 3);
        using (await client.GetAsync($"/v1/secrets/{ConfigurationNames.MiroEncryptionKey}")) { }
        _emulator.SetFault(ScalewayFault.Garbage, requests: 3);
        using (await client.GetAsync($"/v1/secrets/{ConfigurationNames.MiroEncryptionKey}")) { }
        AddVersions("v3");
        await WaitForRevisionAsync(client, 3);

        using (var refused = await stranger.GetAsync($"/v1/secrets/{ConfigurationNames.MiroClientSecret}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await _receiver.WaitUntilAsync(
            receiver => receiver.RecordCounts("traces").GetValueOrDefault(ServiceName) > 0
                && receiver.Payloads.Any(p => p.Signal == "logs" && Contains(p, "revision 3 outcome"))
                && receiver.Payloads.Any(p => p.Signal == "logs" && Contains(p, "caller - secret")),
            WaitLimit, "the gateway's spans and the access events of revision 3 and of the refused caller");

        var findings = LeakAuditor.Audit(_receiver.Payloads, _secrets);

        Assert.True(findings.Count == 0, LeakAuditor.Describe(findings));
        // Scaleway calls were traced (so their X-Auth-Token header would have been seen had it been recorded).
        Assert.Contains(_receiver.Payloads, p => p.Signal == "traces" && Contains(p, "/secret-manager/v1beta1/"));
    }

    private static bool Contains(OtlpPayload payload, string text) => payload.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
