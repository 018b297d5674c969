using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Telemetry;
using Xunit.Abstractions;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>
/// "Secrets never appear in logs", checked by machine: the whole flow runs through the AppHost (sign-in, tools,
/// token refresh on both sides, error paths, secret reads through the gateway) while both services export to the
/// fixture's OTLP receiver; then every exported log record, span and metric is searched for every known
/// credential in raw, base64, base64url, url-encoded and hex form.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class TelemetryLeakAuditTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private const string QueryTokenMarker = "access token in the query string";

    [Fact]
    public async Task FullFlow_AllServicesExport_NoSecretInAnyForm()
    {
        var secrets = new List<KnownSecret>
        {
            new("MIRO_ENCRYPTION_KEY", fixture.EncryptionKey),
            new("SECRETS_GATEWAY_TOKEN", fixture.GatewayToken),
            new("MIRO_CLIENT_SECRET", fixture.Miro.ClientSecret),
        };

        // 1. A scripted client: our code, PKCE verifier, state, CSRF token, access and refresh tokens (two pairs).
        using var client = new OAuthTestClient(fixture.ServerUrl);
        var clientId = await client.RegisterAsync(name: "Leak audit client");
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        secrets.Add(new("our PKCE verifier", verifier));
        var parameters = client.AuthorizeParameters(clientId, challenge);
        secrets.Add(new("our state", parameters["state"]!));
        var fields = await client.OpenConsentAsync(parameters);
        secrets.AddRange(fields.Where(field => field.Key == "__csrf").Select(field => new KnownSecret("consent CSRF token", field.Value)));
        using var approved = await client.PostConsentAsync(fields, "approve");
        var final = await client.FollowToClientAsync(approved);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(final.Query)["code"].ToString();
        secrets.Add(new("our authorization code", code));
        using var redeemed = await client.RedeemAsync(clientId, code, verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var tokens = JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync()).RootElement;
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        secrets.Add(new("our access token", access));
        secrets.Add(new("our refresh token", refresh));

        using (var tools = await client.PostMcpAsync(access, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"who_am_i","arguments":{}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, tools.StatusCode);
        }

        using var refreshed = await client.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var rotated = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        var access2 = rotated.GetProperty("access_token").GetString()!;
        secrets.Add(new("our rotated access token", access2));
        secrets.Add(new("our rotated refresh token", rotated.GetProperty("refresh_token").GetString()!));

        // 2. The real TypeScript SDK client: DCR, consent, Miro sign-in, tools, refresh.
        var node = await NodeScript.RunAsync(
            "oauth-client.mjs", ["--server", fixture.ServerUrl.AbsoluteUri, "--redirect", OAuthTestClient.ClaudeCallback], ScriptTimeout);
        Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}; stderr: {node.StandardError}");

        // 3. Error paths: a replayed (spent) refresh token, a forged consent CSRF token, a bad bearer token, a spent
        // code, and a real access token sent in the query string.
        using (var replay = await client.RefreshAsync(clientId, refresh))
        {
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        }

        using var otherBrowser = new OAuthTestClient(fixture.ServerUrl);
        var parameters2 = otherBrowser.AuthorizeParameters(clientId, challenge);
        var fields2 = await otherBrowser.OpenConsentAsync(parameters2);
        secrets.Add(new("second state", parameters2["state"]!));
        using (var forged = await otherBrowser.PostConsentAsync(fields2.Select(f => f.Key == "__csrf" ? new KeyValuePair<string, string>(f.Key, f.Value[..^4] + "AAAA") : f), "approve"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var badBearer = await client.PostMcpAsync(access[..^6] + "AAAAAA", """{"jsonrpc":"2.0","id":2,"method":"ping"}"""))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badBearer.StatusCode);
        }

        using (var spent = await client.RedeemAsync(clientId, code, verifier))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        }

        // 4. The gateway: an authorised read of every secret and a refused caller.
        using var gateway = fixture.CreateClient(AppHostFixture.GatewayResource);
        using (var read = new HttpRequestMessage(HttpMethod.Get, "/v1/secrets?name=MIRO_CLIENT_SECRET&name=MIRO_ENCRYPTION_KEY"))
        {
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.GatewayToken);
            using var response = await gateway.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var wrongGatewayToken = fixture.GatewayToken[..^6] + "zzzzzz";
        secrets.Add(new("wrong gateway token", wrongGatewayToken));
        using (var refused = new HttpRequestMessage(HttpMethod.Get, "/v1/secrets/MIRO_CLIENT_SECRET"))
        {
            refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", wrongGatewayToken);
            using var response = await gateway.SendAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Last: the query-string token. Its log line is the marker that everything before it was exported.
        using (var queryToken = await client.PostMcpAsync(null, """{"jsonrpc":"2.0","id":3,"method":"ping"}""", path: "/mcp?access_token=" + Uri.EscapeDataString(access2)))
        {
            Assert.True(queryToken.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"query token answered {(int)queryToken.StatusCode}");
        }

        var telemetry = fixture.Telemetry;
        await telemetry.WaitUntilAsync(
            receiver => ExportedByAll(receiver) && receiver.Payloads.Any(p => p.Signal == "logs" && Contains(p, QueryTokenMarker)),
            FlushTimeout,
            "logs, traces and metrics from both services and the query-token rejection");

        // Everything the Miro emulator issued or received, collected after the flows above.
        secrets.AddRange(fixture.Miro.SecretsSeen.Select((value, index) => new KnownSecret($"Miro credential #{index}", value)));

        // Act
        var payloads = telemetry.Payloads;
        var findings = LeakAuditor.Audit(payloads, secrets);

        // Assert
        output.WriteLine($"Searched {secrets.Count} secrets in {LeakAuditor.NeedleCount(secrets)} (secret, form) pairs over {payloads.Count} payloads.");
        output.WriteLine(telemetry.Describe());
        Assert.True(findings.Count == 0, LeakAuditor.Describe(findings));
        Assert.True(fixture.Miro.SecretsSeen.Count >= 6, "the Miro emulator saw too few credentials for the audit to mean anything");
        // Spans of the requests above reached the receiver (so their attributes were audited), with query values redacted.
        Assert.Contains(payloads, p => p.Signal == "traces" && Contains(p, "/mcp") && Contains(p, "access_token=Redacted"));
        // The MCP SDK's tool-call spans the operator's TraceQL relies on (docs/observability.md).
        Assert.Contains(payloads, p => p.Signal == "traces" && Contains(p, "gen_ai.tool.name") && Contains(p, "who_am_i"));
        // The Miro user id is personal data: only its pseudonym is exported.
        Assert.Contains(payloads, p => p.Signal == "logs" && Contains(p, "Miro sign-in completed"));
        Assert.DoesNotContain(payloads, p => p.Signal == "logs" && Contains(p, "Miro user " + fixture.Miro.UserId));
    }

    private static bool ExportedByAll(OtlpReceiver receiver) =>
        OtlpReceiver.Signals.All(signal =>
        {
            var counts = receiver.RecordCounts(signal);
            return counts.GetValueOrDefault(AppHostFixture.ServerResource) > 0 && counts.GetValueOrDefault(AppHostFixture.GatewayResource) > 0;
        });

    private static bool Contains(OtlpPayload payload, string text) => payload.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
